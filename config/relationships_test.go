package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const minimalAccount = `
[[accounts]]
name = "w"
kind = "imap"
host = "imap.example.com"
username = "me@example.com"
password_env = "X"
`

func loadString(t *testing.T, body string) (*Config, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body+minimalAccount), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(p)
}

func TestRelationshipsValidation(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string // substring; "" for valid
	}{
		{"defaults", ``, ""},
		{"custom tiers and a rule", "[relationships]\ntiers = { close = 14, yearly = 365 }\n[[relationships.rules]]\ndomain = \"Acme.com\"\ntier = \"close\"\n", ""},
		{"unknown tier in a rule", "[[relationships.rules]]\ndomain = \"acme.com\"\ntier = \"daily\"\n",
			`relationships.rules[0].tier: unknown tier "daily" (one of: weekly, monthly, quarterly, yearly)`},
		{"rule without a match key", "[[relationships.rules]]\ntier = \"weekly\"\n",
			"relationships.rules[0].domain: set exactly one of domain, company or email"},
		{"rule with two match keys", "[[relationships.rules]]\ndomain = \"a.com\"\nemail = \"x@a.com\"\ntier = \"weekly\"\n",
			"set exactly one"},
		{"bad rule email", "[[relationships.rules]]\nemail = \"nobody\"\ntier = \"weekly\"\n",
			`relationships.rules[0].email: not an email address: "nobody"`},
		{"zero-day tier", "[relationships]\ntiers = { never = 0 }\n",
			"relationships.tiers.never: must be a positive number of days (got 0)"},
		{"bad tier name", "[relationships]\ntiers = { \"Top Tier\" = 7 }\n",
			`relationships.tiers.Top Tier: tier names are lowercase`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadString(t, tc.body)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), "config.toml: "):
				t.Errorf("err = %v does not name the file", err)
			}
		})
	}
}

func TestTierCadences(t *testing.T) {
	c, err := loadString(t, "[relationships]\ntiers = { close = 14, yearly = 365 }\n")
	if err != nil {
		t.Fatal(err)
	}
	got := c.Relationships.TierCadences()
	if len(got) != 2 || got["close"].Hours() != 14*24 {
		t.Errorf("TierCadences = %v, want close = 14 days and yearly only (configured tiers replace the defaults)", got)
	}
	if names := c.TierNames(); len(names) != 2 || names[0] != "close" {
		t.Errorf("TierNames = %v, want close first", names)
	}
}
