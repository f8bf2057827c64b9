package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/internal/oauth"
	"github.com/tend-dev/tend/meetings"
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
	cls := infer.New(infer.Options{Self: selfWithTokens(ctx, c), MaxRecipients: c.Inference.MaxRecipients,
		KeepSubjects: c.Index.KeepSubjects()})
	switch a.Kind {
	case config.KindGmail:
		src, err := gmail.New(ctx, gmail.Options{Client: gopts, Labels: a.Labels,
			HeaderFields: infer.HeaderFields(), Logger: opts.Logger.With("account", a.Name)})
		if err != nil {
			return err
		}
		res, err := tendsync.SyncKeyedMail(ctx, st, tendsync.KeyedMailAccount{Name: a.Name, Source: "gmail",
			Classifier: cls, Dial: func(context.Context) (tendsync.KeyedMailSource, error) { return gmailAdapter{src}, nil }}, opts)
		logResult(opts.Logger, res, err)
		return err
	case config.KindGoogleCalendar:
		if a.ReadBirthdays() {
			ps, err := gpeople.New(ctx, gpeople.Options{Client: gopts, Logger: opts.Logger})
			if err != nil {
				return err
			}
			res, err := tendsync.SyncContacts(ctx, st, tendsync.ContactAccount{Name: a.Name,
				Dial: func(context.Context) (tendsync.ContactSource, error) { return peopleAdapter{ps}, nil }}, opts)
			logResult(opts.Logger, res, err)
			if err != nil {
				return err
			}
		}
		cs, err := gcal.New(ctx, gcal.Options{Client: gopts, Calendars: a.Calendars, Logger: opts.Logger})
		if err != nil {
			return err
		}
		rules := meetings.New(meetings.Options{IsSelf: cls.IsSelf, MaxAttendees: a.MaxAttendees, KeepTitles: c.Index.KeepSubjects()})
		res, err := tendsync.SyncCalendar(ctx, st, tendsync.CalendarAccount{Name: a.Name, Rules: rules,
			Dial: func(context.Context) (tendsync.CalendarSource, error) { return calAdapter{cs}, nil }}, opts)
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
