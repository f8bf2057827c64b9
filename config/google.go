package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Account kinds backed by Google's APIs.
const (
	KindGmail          = "gmail"
	KindGoogleCalendar = "google-calendar"
)

// Google holds the keys of Google accounts (kind "gmail" and
// "google-calendar") and of IMAP accounts signing in with OAuth2
// (auth = "oauth2"). It is embedded in Account, so its keys sit beside the
// other account keys.
type Google struct {
	// ClientID and ClientSecret are the user's own OAuth client ("Desktop
	// app"); or ClientSecretFile names the JSON Google lets you download.
	ClientID         string `toml:"client_id"`
	ClientSecret     string `toml:"client_secret"`
	ClientSecretFile string `toml:"client_secret_file"`
	// TokenFile is where the sign-in is kept (0600); default
	// <index dir>/tokens/<account>.json. TokenCmd instead names a command
	// printing the token JSON; tend then never writes a token.
	TokenFile string `toml:"token_file"`
	TokenCmd  string `toml:"token_cmd"`
	// APIEndpoint, AuthURL and TokenURL override Google's (proxies, tests).
	APIEndpoint string `toml:"api_endpoint"`
	AuthURL     string `toml:"auth_url"`
	TokenURL    string `toml:"token_url"`
	// Calendars to read (google-calendar); default ["primary"].
	Calendars []string `toml:"calendars"`
	// Labels to read (gmail); default ["SENT", "INBOX"].
	Labels []string `toml:"labels"`
	// MaxAttendees: a meeting with more people counts as none (default 25).
	MaxAttendees int `toml:"max_attendees"`
	// Birthdays reads contacts' birthdays from the People API
	// (google-calendar; default true).
	Birthdays *bool `toml:"birthdays"`
	// Auth is "password" (default) or "oauth2" for an imap account.
	Auth string `toml:"auth"`
	// OAuthProvider is the preset an imap account with auth = "oauth2" signs
	// in with: "google" or "microsoft".
	OAuthProvider string `toml:"oauth_provider"`
}

// IsGoogle reports whether the account reads a Google API.
func (a Account) IsGoogle() bool { return a.Kind == KindGmail || a.Kind == KindGoogleCalendar }

// UsesOAuth reports whether the account signs in with OAuth2 (and so has a
// token file and `tend auth`).
func (a Account) UsesOAuth() bool { return a.IsGoogle() || a.Auth == "oauth2" }

// ReadBirthdays reports whether a google-calendar account reads birthdays.
func (a Account) ReadBirthdays() bool {
	return a.Kind == KindGoogleCalendar && (a.Birthdays == nil || *a.Birthdays)
}

// OAuthClient returns the account's client id and secret, from the config
// or from client_secret_file (Google's "installed" or "web" JSON).
func (a Account) OAuthClient() (id, secret string, err error) {
	if a.ClientSecretFile == "" {
		return a.ClientID, a.ClientSecret, nil
	}
	data, err := os.ReadFile(a.ClientSecretFile)
	if err != nil {
		return "", "", fmt.Errorf("account %q: reading client_secret_file: %w", a.Name, err)
	}
	var f struct {
		Installed, Web *struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return "", "", fmt.Errorf("account %q: client_secret_file %s is not Google's client JSON: %w", a.Name, a.ClientSecretFile, err)
	}
	c := f.Installed
	if c == nil {
		c = f.Web
	}
	if c == nil || c.ClientID == "" {
		return "", "", fmt.Errorf("account %q: client_secret_file %s has no \"installed\" client_id", a.Name, a.ClientSecretFile)
	}
	return c.ClientID, c.ClientSecret, nil
}

// defaultGoogle fills the defaults of account a, given the index path.
func defaultGoogle(a *Account, indexPath string) {
	if !a.UsesOAuth() {
		return
	}
	if a.TokenFile == "" && a.TokenCmd == "" {
		a.TokenFile = filepath.Join(filepath.Dir(indexPath), "tokens", a.Name+".json")
	}
	a.TokenFile = ExpandHome(a.TokenFile)
	a.ClientSecretFile = ExpandHome(a.ClientSecretFile)
	if a.Kind == KindGoogleCalendar && len(a.Calendars) == 0 {
		a.Calendars = []string{"primary"}
	}
	if a.Kind == KindGmail && len(a.Labels) == 0 {
		a.Labels = []string{"SENT", "INBOX"}
	}
	if a.MaxAttendees == 0 {
		a.MaxAttendees = 25
	}
	if a.Auth == "oauth2" && a.OAuthProvider == "" && a.Kind == "imap" {
		a.OAuthProvider = "google"
	}
}
