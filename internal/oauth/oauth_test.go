package oauth_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/internal/oauth"
)

func account(t *testing.T, f *googlefake.Fake, kind string) (*oauth.Account, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "tokens", "work.json")
	p := oauth.Google()
	p.AuthURL, p.TokenURL = f.AuthURL(), f.TokenURL()
	return &oauth.Account{Name: "work", Store: oauth.FileStore{Path: path},
		Client: oauth.Client{ID: googlefake.ClientID, Secret: googlefake.ClientSecret, Provider: p,
			Scopes: oauth.Scopes(kind, "", true)}}, path
}

// browser follows the authorization URL as a user clicking "Allow" would.
func browser(t *testing.T, tamper func(string) string) func(string) error {
	return func(u string) error {
		go func() {
			if tamper != nil {
				u = tamper(u)
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			resp.Body.Close()
		}()
		return nil
	}
}

func TestLoginSavesTokenAndRefreshIsPersisted(t *testing.T) {
	f := googlefake.New("Me@Example.com", nil)
	defer f.Close()
	acct, path := account(t, f, "google-calendar")
	var out strings.Builder
	tok, err := oauth.Login(context.Background(), acct, oauth.FlowOptions{Out: &out, Open: browser(t, nil), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Email != "me@example.com" || tok.RefreshToken == "" {
		t.Errorf("token: email %q refresh set %v", tok.Email, tok.RefreshToken != "")
	}
	if !slices.Contains(tok.Scopes, oauth.ScopeCalendarEvents) || !slices.Contains(tok.Scopes, oauth.ScopeContactsReadonly) {
		t.Errorf("scopes %v", tok.Scopes)
	}
	// The URL asked for PKCE S256, offline access and read-only scopes only.
	auth := f.Requests("/o/oauth2/auth")
	if len(auth) != 1 {
		t.Fatalf("auth requests: %d", len(auth))
	}
	q := auth[0].Query
	if q.Get("code_challenge_method") != "S256" || q.Get("access_type") != "offline" ||
		!strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") {
		t.Errorf("auth query %v", q)
	}
	for _, s := range strings.Fields(q.Get("scope")) {
		if s != "openid" && s != "email" && !strings.HasSuffix(s, "readonly") {
			t.Errorf("scope %q is not read-only", s)
		}
	}
	if !strings.Contains(out.String(), f.AuthURL()) {
		t.Errorf("URL not printed: %s", out.String())
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("token dir mode %v", di.Mode().Perm())
	}

	// Expire the access token: the source refreshes and saves the new one.
	saved, _ := acct.Store.Load(context.Background())
	saved.Expiry = time.Now().Add(-time.Hour)
	if err := acct.Store.Save(context.Background(), saved); err != nil {
		t.Fatal(err)
	}
	ts, _, err := acct.TokenSource(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	nt, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	after, _ := acct.Store.Load(context.Background())
	if f.Refreshes() != 1 || after.AccessToken != nt.AccessToken || after.AccessToken == saved.AccessToken ||
		after.RefreshToken != saved.RefreshToken || after.Email != "me@example.com" {
		t.Errorf("refresh not persisted: refreshes=%d", f.Refreshes())
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(out.String(), nt.AccessToken) || !strings.Contains(string(data), nt.AccessToken) {
		t.Error("token printed, or not in the file")
	}

	// Revoked: a clear, typed error naming the command to run.
	f.RevokeAll()
	after.Expiry = time.Now().Add(-time.Hour)
	_ = acct.Store.Save(context.Background(), after)
	ts, _, _ = acct.TokenSource(context.Background())
	_, err = ts.Token()
	if !errors.Is(err, oauth.ErrReauth) || !strings.Contains(err.Error(), "tend auth google --account work") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), after.RefreshToken) {
		t.Error("refresh token in error")
	}
}

func TestLoginRefusals(t *testing.T) {
	tests := []struct {
		name   string
		grant  []string
		tamper func(string) string
		want   string
	}{
		{"scope unticked", []string{"openid", "email"}, nil, "did not grant"},
		{"forged state", nil, func(u string) string { return strings.Replace(u, "state=", "state=x", 1) }, "wrong state"},
		{"wrong PKCE challenge", nil, func(u string) string {
			return strings.Replace(u, "code_challenge=", "code_challenge=AAAA", 1)
		}, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := googlefake.New("me@example.com", nil)
			defer f.Close()
			f.GrantOnly(tt.grant)
			acct, path := account(t, f, "gmail")
			_, err := oauth.Login(context.Background(), acct, oauth.FlowOptions{Open: browser(t, tt.tamper), Timeout: 10 * time.Second})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("token saved after a refused sign-in")
			}
		})
	}
}

func TestParseToken(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"tend's own", `{"refresh_token":"r","email":"me@x.com","scopes":["a"]}`, ""},
		{"authorized_user", `{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}`, ""},
		{"token response", `{"access_token":"a","refresh_token":"r","scope":"a b"}`, ""},
		{"no refresh token", `{"access_token":"secret-a"}`, "no refresh_token"},
		{"not json", `secret-garbage`, "not a JSON token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := oauth.ParseToken([]byte(tt.in))
			if tt.wantErr == "" {
				if err != nil || tok.RefreshToken != "r" {
					t.Fatalf("tok=%v err=%v", tok, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "secret") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestNotSignedIn(t *testing.T) {
	acct := &oauth.Account{Name: "cal", Client: oauth.Client{Provider: oauth.Google()},
		Store: oauth.FileStore{Path: filepath.Join(t.TempDir(), "none.json")}}
	_, _, err := acct.TokenSource(context.Background())
	if !errors.Is(err, oauth.ErrNotSignedIn) || !strings.Contains(err.Error(), "tend auth google --account cal") {
		t.Fatalf("err = %v", err)
	}
}
