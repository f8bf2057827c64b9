package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/internal/oauth"
	"github.com/tend-dev/tend/internal/oauthimap"
)

// googleAccepts asks the fake Google whether an access token is live, as
// Gmail's IMAP and SMTP servers do.
func googleAccepts(f *googlefake.Fake) func(user, token string) bool {
	return func(user, token string) bool {
		req, _ := http.NewRequest("GET", f.URL+"/gmail/v1/users/me/profile", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := f.Server.Client().Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return user == "me@example.com" && resp.StatusCode == http.StatusOK
	}
}

// oauthSMTP is an SMTP server that takes AUTH OAUTHBEARER only.
func oauthSMTP(t *testing.T, check func(user, token string) bool) *smtpSink {
	t.Helper()
	s := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &oauthSinkSession{sinkSession: &sinkSession{s: s}, check: check}, nil
	}))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.Port = ln.Addr().(*net.TCPAddr).Port
	return s
}

type oauthSinkSession struct {
	*sinkSession
	check  func(user, token string) bool
	authed bool
}

func (x *oauthSinkSession) AuthMechanisms() []string { return []string{sasl.OAuthBearer} }

func (x *oauthSinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
		if !x.check(o.Username, o.Token) {
			return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
		}
		x.authed = true
		return nil
	}), nil
}

func (x *oauthSinkSession) Mail(from string, o *smtp.MailOptions) error {
	if !x.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication Required"}
	}
	return x.sinkSession.Mail(from, o)
}

// TestIMAPOAuthSyncAndDigest: an auth = "oauth2" IMAP account syncs over
// OAUTHBEARER with a token from the (fake) Google token endpoint; a token
// the server refuses is refreshed, saved and used on a fresh connection;
// the digest goes out over SMTP with the same sign-in; a revoked sign-in
// says which command to run and never shows a token.
func TestIMAPOAuthSyncAndDigest(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	scopes := oauth.Scopes("imap", "google", false)
	refresh, _ := f.Issue(scopes, time.Hour)

	u := imapmemserver.NewUser("me@example.com", "internal")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	for i, from := range []string{"Ada Byron <ada@acme.com>", "Me <me@example.com>"} {
		to := map[bool]string{true: "me@example.com", false: "ada@acme.com"}[i == 0]
		raw := fmt.Sprintf("Message-ID: <m%d@x>\r\nDate: Mon, 2 Nov 2026 10:0%d:00 +0000\r\nFrom: %s\r\nTo: %s\r\nSubject: Pilot\r\n\r\nbody\r\n", i, i, from, to)
		if _, err := u.Append("INBOX", bytes.NewReader([]byte(raw)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := oauthimap.Start(oauthimap.Options{User: u, Username: "me@example.com", Password: "internal",
		Mechanisms: []string{sasl.OAuthBearer}, Check: googleAccepts(f)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sink := oauthSMTP(t, googleAccepts(f))

	dir := t.TempDir()
	host, port, _ := net.SplitHostPort(srv.Addr)
	cfg := filepath.Join(dir, "config.toml")
	text := fmt.Sprintf(`[index]
path = %q

[[accounts]]
name = "work"
kind = "imap"
host = %q
port = %s
security = "none"
username = "me@example.com"
auth = "oauth2"
client_id = %q
client_secret = %q
auth_url = %q
token_url = %q

[digest]
to = ["me@example.com"]
schedule = "daily 08:00"
timezone = "UTC"
send_empty = true

[smtp]
host = "127.0.0.1"
port = %d
security = "none"
oauth_account = "work"
`, filepath.Join(dir, "tend.db"), host, port, googlefake.ClientID, googlefake.ClientSecret, f.AuthURL(), f.TokenURL(), sink.Port)
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	// A saved access token that looks valid but the server refuses (revoked
	// early): tend must refresh it and dial again.
	const early = "ya29.revoked-early"
	tokens := oauth.FileStore{Path: filepath.Join(dir, "tokens", "work.json")}
	if err := tokens.Save(t.Context(), &oauth.Token{AccessToken: early, RefreshToken: refresh,
		Expiry: time.Now().Add(time.Hour), Email: "me@example.com", Scopes: scopes}); err != nil {
		t.Fatal(err)
	}

	mustTend(t, "--config", cfg, "sync")
	accepted, refused, opened, _ := srv.Counts()
	if refused != 1 || accepted < 1 || f.Refreshes() != 1 {
		t.Errorf("accepted %d, refused %d tokens; %d refreshes; want 1 refused, then a refresh", accepted, refused, f.Refreshes())
	}
	if opened < 2 {
		t.Errorf("%d connections; the refused one must be closed and a new one dialed", opened)
	}
	saved, err := tokens.Load(t.Context())
	if err != nil || saved.AccessToken == early || !googleAccepts(f)("me@example.com", saved.AccessToken) {
		t.Errorf("refreshed token not saved: %v", err)
	}
	if c := contactsJSON(t, cfg)["ada@acme.com"]; c == nil {
		t.Error("Ada is not a contact after the OAuth2 IMAP sync")
	}
	status := mustTend(t, "--config", cfg, "status")
	for _, want := range []string{"signed in as me@example.com", "https://mail.google.com/", "access token valid until", "INBOX"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}

	// The digest over SMTP with the account's token (still valid: no refresh).
	mustTend(t, "--config", cfg, "digest", "--send", "--now", "2026-11-25T09:00:00Z")
	if got := sink.received(); len(got) != 1 || got[0].To[0] != "me@example.com" || got[0].Text == "" {
		t.Fatalf("received %d digests: %+v", len(got), got)
	}
	mustTend(t, "--config", cfg, "sync")
	if _, refused2, _, _ := srv.Counts(); refused2 != 1 || f.Refreshes() != 1 {
		t.Errorf("a re-sync with a valid token refused %d / refreshed %d times", refused2-1, f.Refreshes()-1)
	}

	// Revoked: the sync fails with the command to run and no token.
	f.RevokeAll()
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err == nil || !strings.Contains(errOut, `tend auth google --account work`) {
		t.Fatalf("revoked sign-in: err = %v\nstderr: %s", err, errOut)
	}
	for _, secret := range []string{refresh, saved.AccessToken, early} {
		if strings.Contains(errOut+err.Error(), secret) {
			t.Errorf("a token leaked into the error output:\n%s", errOut)
		}
	}
}
