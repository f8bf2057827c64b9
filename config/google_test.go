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

// imapGoogleOAuth is an imap account signing in with Google, and a digest.
const imapGoogleOAuth = `
[index]
path = "/data/tend/tend.db"
[[accounts]]
name = "work"
kind = "imap"
host = "imap.gmail.com"
username = "me@example.com"
auth = "oauth2"
client_id = "id"
[[accounts]]
name = "cal"
kind = "google-calendar"
client_id = "id"
[digest]
to = ["me@example.com"]
[smtp]
host = "smtp.gmail.com"
`

func TestSMTPOAuthAccount(t *testing.T) {
	c, err := Parse("c.toml", []byte(imapGoogleOAuth+"oauth_account = \"work\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.SMTP; s.Username != "me@example.com" || s.From != "me@example.com" || s.OAuthAccount != "work" {
		t.Errorf("smtp defaults from the account: %+v", s)
	}
	tests := []struct{ name, text, want string }{
		{"no such account", imapGoogleOAuth + "oauth_account = \"nope\"\n", `c.toml: smtp.oauth_account: no account named "nope"`},
		{"read-only google account", imapGoogleOAuth + "oauth_account = \"cal\"\n", `c.toml: smtp.oauth_account: account "cal" cannot send mail`},
		{"microsoft imap", strings.Replace(imapGoogleOAuth, "auth = \"oauth2\"\n", "auth = \"oauth2\"\noauth_provider = \"microsoft\"\n", 1) +
			"oauth_account = \"work\"\n", `c.toml: smtp.oauth_account: account "work" cannot send mail`},
		{"and a password", imapGoogleOAuth + "oauth_account = \"work\"\npassword_env = \"P\"\n", "c.toml: smtp.oauth_account: set oauth_account or password_cmd/password_env"},
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

// An unknown kind lists every kind tend knows.
func TestUnknownKindListsKinds(t *testing.T) {
	_, err := Parse("c.toml", []byte(strings.Replace(minimal, `kind = "imap"`, `kind = "exchange"`, 1)))
	want := `c.toml: accounts[0].kind: unknown kind "exchange" (one of: caldav, carddav, gmail, google-calendar, ics, imap, vcard)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}
