package oauth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// ErrReauth reports that the provider refused the saved sign-in (revoked,
// expired, or the password changed): the user must sign in again. Errors
// wrapping it say which command to run. Check with errors.Is.
var ErrReauth = errors.New("sign-in refused by the provider")

// Account is one account's sign-in: its client, where its token is kept
// and how to reach the token endpoint.
type Account struct {
	Name   string
	Client Client
	Store  Store
	// HTTPClient reaches the token endpoint; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Logger nil discards logs. Tokens are never logged.
	Logger *slog.Logger
}

// AuthCommand is the command that signs the account in again.
func (a *Account) AuthCommand() string {
	return fmt.Sprintf("tend auth %s --account %s", a.Client.Provider.Name, a.Name)
}

// TokenSource loads the saved token and returns a source that refreshes it
// when it expires, saves each new token, and reports a refused refresh as
// ErrReauth. ctx must outlive the source: it carries refreshes.
func (a *Account) TokenSource(ctx context.Context) (oauth2.TokenSource, *Token, error) {
	t, err := a.Store.Load(ctx)
	if errors.Is(err, ErrNotSignedIn) {
		return nil, nil, fmt.Errorf("account %q is not signed in: run %q: %w", a.Name, a.AuthCommand(), err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("account %q: %w", a.Name, err)
	}
	if a.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, a.HTTPClient)
	}
	log := a.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	src := a.Client.Config("").TokenSource(context.WithoutCancel(ctx), t.OAuth2())
	return &savingSource{acct: a, src: src, meta: t, last: t.AccessToken, log: log}, t, nil
}

// savingSource wraps x/oauth2's refreshing source (which has no refresh
// hook) and saves every new token. It is safe for concurrent use.
type savingSource struct {
	acct *Account
	src  oauth2.TokenSource
	log  *slog.Logger

	mu   sync.Mutex // guards meta and last
	meta *Token
	last string
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	t, err := s.src.Token()
	if err != nil {
		return nil, s.acct.refreshError(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.AccessToken != s.last {
		s.last = t.AccessToken
		s.meta = fromOAuth2(t, s.meta)
		if err := s.acct.Store.Save(context.Background(), s.meta); err != nil {
			// The token still works for this run; the next run refreshes again.
			s.log.Warn("saving refreshed token", "account", s.acct.Name, "err", err)
		} else {
			s.log.Debug("token refreshed and saved", "account", s.acct.Name, "expiry", t.Expiry)
		}
	}
	return t, nil
}

// refreshError turns a refused refresh into ErrReauth with the command to
// run; the provider's own words are kept, tokens never appear.
func (a *Account) refreshError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		switch re.ErrorCode {
		case "invalid_grant", "unauthorized_client", "invalid_client":
			why := re.ErrorCode
			if re.ErrorDescription != "" {
				why += ": " + re.ErrorDescription
			}
			return fmt.Errorf("account %q: the saved sign-in was refused (%s): run %q again: %w", a.Name, why, a.AuthCommand(), ErrReauth)
		}
		if re.Response != nil {
			return fmt.Errorf("account %q: refreshing the token: token endpoint answered %s", a.Name, re.Response.Status)
		}
	}
	return fmt.Errorf("account %q: refreshing the token: %w", a.Name, err)
}

// emailFromIDToken reads the email claim of an OpenID Connect ID token. The
// token comes straight from the token endpoint over TLS, so its signature
// is not checked; it only labels the account.
func emailFromIDToken(jwt string) string {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return ""
	}
	var c struct {
		Email             string `json:"email"`
		PreferredUsername string `json:"preferred_username"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return ""
	}
	if c.Email == "" && strings.Contains(c.PreferredUsername, "@") {
		return strings.ToLower(c.PreferredUsername)
	}
	return strings.ToLower(c.Email)
}
