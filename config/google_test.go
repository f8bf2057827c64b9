package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const gmailAccount = `
[index]
path = "/data/tend/tend.db"
[[accounts]]
name = "g"
kind = "gmail"
client_id = "id"
client_secret = "s"
`

func TestGoogleAccounts(t *testing.T) {
	c, err := Parse("c.toml", []byte(gmailAccount+"[[accounts]]\nname = \"cal\"\nkind = \"google-calendar\"\nclient_id = \"id\"\nbirthdays = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	g, cal := c.Accounts[0], c.Accounts[1]
	if g.TokenFile != "/data/tend/tokens/g.json" || !reflect.DeepEqual(g.Labels, []string{"SENT", "INBOX"}) || !g.UsesOAuth() {
		t.Errorf("gmail defaults: %+v", g.Google)
	}
	if !reflect.DeepEqual(cal.Calendars, []string{"primary"}) || cal.MaxAttendees != 25 || cal.ReadBirthdays() {
		t.Errorf("calendar defaults: %+v", cal.Google)
	}
}

func TestGoogleErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"no client", strings.Replace(gmailAccount, "client_id = \"id\"\n", "", 1), "c.toml: accounts[0].client_id: required"},
		{"both tokens", gmailAccount + "token_file = \"a\"\ntoken_cmd = \"b\"\n", "c.toml: accounts[0].token_file: set token_file or token_cmd"},
		{"http remote", gmailAccount + "token_url = \"http://example.com/token\"\n", "c.toml: accounts[0].token_url: plain http is allowed only"},
		{"labels on calendar", strings.Replace(gmailAccount, `"gmail"`, `"google-calendar"`, 1) + "labels = [\"INBOX\"]\n", "c.toml: accounts[0].labels: only for"},
		{"imap oauth with password", minimal + "auth = \"oauth2\"\nclient_id = \"x\"\n", "c.toml: accounts[0].password_cmd: not used"},
		{"imap bad provider", strings.Replace(minimal, "password_env = \"X\"\n", "", 1) + "auth = \"oauth2\"\noauth_provider = \"yahoo\"\n", "c.toml: accounts[0].oauth_provider: must be"},
		{"bad auth", minimal + "auth = \"kerberos\"\n", "c.toml: accounts[0].auth: must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestClientSecretFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "client.json")
	os.WriteFile(p, []byte(`{"installed":{"client_id":"cid","client_secret":"csec","redirect_uris":["http://localhost"]}}`), 0o600)
	a := Account{Name: "g", Google: Google{ClientSecretFile: p}}
	id, sec, err := a.OAuthClient()
	if err != nil || id != "cid" || sec != "csec" {
		t.Fatalf("%q %q %v", id, sec, err)
	}
}

// TestExampleDocumentsGoogleKeys: every Google key appears in
// config.example.toml (the embedded struct is skipped by TestExampleComplete).
func TestExampleDocumentsGoogleKeys(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range schemaKeys(reflect.TypeOf(Google{}), "") {
		if !strings.Contains(string(data), "# "+k+" = ") {
			t.Errorf("config.example.toml does not document %s", k)
		}
	}
}
