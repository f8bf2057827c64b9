package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/internal/oauth"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/gcal"
	"github.com/tend-dev/tend/providers/gmail"
	"github.com/tend-dev/tend/providers/gpeople"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// oauthAccount wires the sign-in of an account that uses OAuth2.
func oauthAccount(a config.Account, log *slog.Logger) (*oauth.Account, error) {
	id, secret, err := a.OAuthClient()
	if err != nil {
		return nil, err
	}
	name := "google"
	if a.Kind == "imap" {
		name = a.OAuthProvider
	}
	p, ok := oauth.ProviderByName(name)
	if !ok {
		return nil, fmt.Errorf("account %q: unknown oauth_provider %q", a.Name, name)
	}
	if a.AuthURL != "" {
		p.AuthURL = a.AuthURL
	}
	if a.TokenURL != "" {
		p.TokenURL = a.TokenURL
	}
	var st oauth.Store = oauth.FileStore{Path: a.TokenFile}
	if a.TokenCmd != "" {
		st = oauth.CmdStore{Cmd: a.TokenCmd}
	}
	return &oauth.Account{Name: a.Name, Store: st, Logger: log,
		Client: oauth.Client{ID: id, Secret: secret, Provider: p,
			Scopes: oauth.Scopes(a.Kind, a.OAuthProvider, a.ReadBirthdays())}}, nil
}

// googleClient loads the account's token and returns the API client options.
func googleClient(ctx context.Context, a config.Account, log *slog.Logger) (gclient.Options, *oauth.Token, error) {
	oa, err := oauthAccount(a, log)
	if err != nil {
		return gclient.Options{}, nil, err
	}
	ts, tok, err := oa.TokenSource(ctx)
	if err != nil {
		return gclient.Options{}, nil, err
	}
	return gclient.Options{Endpoint: a.APIEndpoint, TokenSource: ts, Logger: log}, tok, nil
}

// oauthToken returns an access token of an OAuth2 account (an imap
// account's login secret, or the digest's SMTP token), refreshed and saved
// as needed. force asks the provider for a new one even when the saved one
// looks valid: the server has just refused it.
func oauthToken(a config.Account, log *slog.Logger, force bool) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		oa, err := oauthAccount(a, log)
		if err != nil {
			return "", err
		}
		if force {
			oa.Store = staleStore{oa.Store}
		}
		ts, _, err := oa.TokenSource(ctx)
		if err != nil {
			return "", err
		}
		t, err := ts.Token()
		if err != nil {
			return "", err
		}
		return t.AccessToken, nil
	}
}

// reauthHint is what to run when even a refreshed token is refused.
func reauthHint(a config.Account) string {
	if oa, err := oauthAccount(a, nil); err == nil {
		return fmt.Sprintf("run %q again", oa.AuthCommand())
	}
	return "sign in again with tend auth"
}

// staleStore loads the saved sign-in without its access token, so the
// token source refreshes at once; the new token is saved to the real store.
type staleStore struct{ oauth.Store }

func (s staleStore) Load(ctx context.Context) (*oauth.Token, error) {
	t, err := s.Store.Load(ctx)
	if err != nil {
		return nil, err
	}
	stale := *t
	stale.AccessToken, stale.Expiry = "", time.Time{}
	return &stale, nil
}

// selfWithTokens is every address of the user: the configured ones and
// those Google accounts signed in with.
func selfWithTokens(ctx context.Context, c *config.Config) []string {
	self := selfAddresses(c)
	for _, a := range c.Accounts {
		if !a.UsesOAuth() {
			continue
		}
		if oa, err := oauthAccount(a, nil); err == nil {
			if t, err := oa.Store.Load(ctx); err == nil && t.Email != "" {
				self = append(self, t.Email)
			}
		}
	}
	return self
}

// syncGoogle syncs one gmail or google-calendar account. A refused sign-in
// fails this account only; the caller goes on with the others.
func syncGoogle(ctx context.Context, g *globals, c *config.Config, st *store.Store, a config.Account, log *slog.Logger) error {
	opts := tendsync.Options{Logger: log, Progress: newProgress(g.stderr)}
	gopts, _, err := googleClient(ctx, a, log.With("account", a.Name))
	if err == nil {
		err = syncGoogleWith(ctx, c, st, a, gopts, opts)
	} else {
		_ = st.RecordSync(context.WithoutCancel(ctx), a.Name, time.Now(), err)
	}
	if err != nil {
		if errors.Is(err, oauth.ErrReauth) || errors.Is(err, oauth.ErrNotSignedIn) {
			log.Error("sign-in needed", "account", a.Name, "err", oneLine(err.Error()))
		} else {
			log.Error("sync failed", "account", a.Name, "err", oneLine(err.Error()))
		}
	}
	return err
}

func syncGoogleWith(ctx context.Context, c *config.Config, st *store.Store, a config.Account, gopts gclient.Options, opts tendsync.Options) error {
	switch a.Kind {
	case config.KindGmail:
		acct, err := gmailAccount(ctx, c, a, gopts, opts.Logger) // accounts.go
		if err != nil {
			return err
		}
		res, err := tendsync.SyncKeyedMail(ctx, st, acct, opts)
		logResult(opts.Logger, res, err)
		return err
	case config.KindGoogleCalendar:
		if a.ReadBirthdays() {
			acct, err := googleContactsAccount(ctx, a, gopts, opts.Logger)
			if err != nil {
				return err
			}
			res, err := tendsync.SyncContacts(ctx, st, acct, opts)
			logResult(opts.Logger, res, err)
			if err != nil {
				return err
			}
		}
		acct, err := googleCalendarAccount(ctx, c, a, gopts, opts.Logger)
		if err != nil {
			return err
		}
		res, err := tendsync.SyncCalendar(ctx, st, acct, opts)
		logResult(opts.Logger, res, err)
		return err
	}
	return fmt.Errorf("account %q: kind %q is not a Google kind", a.Name, a.Kind)
}

func logResult(log *slog.Logger, res tendsync.Result, err error) {
	if err != nil {
		return
	}
	log.Info("synced", "account", res.Account, "collections", res.Folders, "fetched", res.Fetched,
		"with_contact", res.Contacts, "skipped", res.Skipped, "duration", res.Duration.Round(1e6))
}

// gmailAdapter, calAdapter and peopleAdapter give the providers the
// engine's interfaces (providers import no engine types).
type gmailAdapter struct{ s *gmail.Source }

func (a gmailAdapter) Sync(ctx context.Context, cursor string, fn func(tendsync.KeyedMailBatch) error) error {
	return a.s.Sync(ctx, cursor, func(b gmail.Batch) error {
		kb := tendsync.KeyedMailBatch{Cursor: b.Cursor, Total: b.Total}
		for _, m := range b.Messages {
			kb.Messages = append(kb.Messages, tendsync.KeyedMessage{ID: m.ID, Header: m.Header})
		}
		return fn(kb)
	})
}

type calAdapter struct{ s *gcal.Source }

func (a calAdapter) Calendars(ctx context.Context) ([]model.Collection, error) {
	return a.s.Calendars(ctx)
}

func (a calAdapter) Events(ctx context.Context, cal model.Collection, cursor string) (tendsync.EventChanges, error) {
	ch, err := a.s.Events(ctx, cal.ID, cursor)
	if errors.Is(err, gcal.ErrSyncTokenGone) {
		return tendsync.EventChanges{}, fmt.Errorf("%w: %w", tendsync.ErrCursorInvalid, err)
	}
	if err != nil {
		return tendsync.EventChanges{}, err
	}
	out := tendsync.EventChanges{Deleted: ch.Deleted, Cursor: ch.Cursor, Reset: cursor == ""}
	for _, it := range ch.Items {
		out.Items = append(out.Items, tendsync.EventItem{ID: it.ID, Events: []model.Event{it.Event}})
	}
	return out, nil
}

type peopleAdapter struct{ s *gpeople.Source }

func (a peopleAdapter) AddressBooks(context.Context) ([]model.Collection, error) {
	return []model.Collection{{ID: gpeople.BookID, Name: "Google contacts"}}, nil
}

func (a peopleAdapter) Cards(ctx context.Context, _ model.Collection, cursor string) (tendsync.CardChanges, error) {
	ch, err := a.s.Cards(ctx, cursor)
	if errors.Is(err, gpeople.ErrSyncTokenExpired) {
		return tendsync.CardChanges{}, fmt.Errorf("%w: %w", tendsync.ErrCursorInvalid, err)
	}
	if err != nil {
		return tendsync.CardChanges{}, err
	}
	return tendsync.CardChanges{Cards: ch.Cards, Deleted: ch.Deleted, Cursor: ch.Cursor, Reset: cursor == ""}, nil
}
