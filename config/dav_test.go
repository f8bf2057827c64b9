package config

import (
	"strings"
	"testing"
)

func TestStandardsKinds(t *testing.T) {
	tests := []struct {
		name, account string
		wantErr       string // "" for valid
	}{
		{"caldav", `kind = "caldav"
url = "https://caldav.fastmail.com/"
username = "me@example.com"
password_env = "X"
calendars = ["Work"]`, ""},
		{"caldav on loopback http", `kind = "caldav"
url = "http://127.0.0.1:5232/"
username = "me"
password_cmd = "echo x"`, ""},
		{"caldav over plain http", `kind = "caldav"
url = "http://dav.example.com/"
username = "me"
password_env = "X"`, "accounts[0].url: must be https"},
		{"password in the url", `kind = "carddav"
url = "https://me:hunter2@dav.example.com/"
username = "me"
password_env = "X"`, "accounts[0].url: must not hold a username or password"},
		{"carddav without password", `kind = "carddav"
url = "https://dav.example.com/"
username = "me"`, "accounts[0].password_cmd: required"},
		{"caldav without url", `kind = "caldav"
username = "me"
password_env = "X"`, "accounts[0].url: required"},
		{"vcard", `kind = "vcard"
path = "~/contacts.vcf"
include_notes = true`, ""},
		{"vcard without path", `kind = "vcard"`, "accounts[0].path: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "[index]\npath = \"/tmp/x.db\"\n\n[[accounts]]\nname = \"a\"\n" + tt.account + "\n"
			c, err := Parse("config.toml", []byte(text))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v, want valid", err)
				}
				if c.Accounts[0].Kind == KindCalDAV && strings.Contains(c.Accounts[0].Username, "@") &&
					!containsFold(c.Accounts[0].Addresses, c.Accounts[0].Username) {
					t.Errorf("the username is not one of the user's addresses: %v", c.Accounts[0].Addresses)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error repeats the password: %v", err)
			}
		})
	}
}
