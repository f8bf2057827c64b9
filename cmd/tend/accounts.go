package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/caldav"
	"github.com/tend-dev/tend/providers/carddav"
	"github.com/tend-dev/tend/providers/gcal"
	"github.com/tend-dev/tend/providers/gmail"
	"github.com/tend-dev/tend/providers/gpeople"
	"github.com/tend-dev/tend/providers/ics"
	"github.com/tend-dev/tend/providers/imapmail"
	"github.com/tend-dev/tend/providers/vcard"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// syncAccount syncs one account of any kind once and logs a one-line
// summary or its failure. It is the one place that tells the kinds apart;
// the builders below wire each kind for its sync engine.
func syncAccount(ctx context.Context, g *globals, c *config.Config, st *store.Store, a config.Account, log *slog.Logger, early *earlyDial) error {
	switch {
	case a.IsGoogle():
		return syncGoogle(ctx, g, c, st, a, log) // google.go: sign-in first
	case a.IsStandards():
		return syncCalendarAccount(ctx, c, st, a, log)
	}
	acct, err := mailAccount(c, a, imapSecret(a, log), log)
	if err != nil {
		log.Error("sync failed", "account", a.Name, "err", oneLine(err.Error()))
		return err
	}
	acct.Dial = early.dialer(a.Name, acct.Dial) // sync_early.go
	return syncOne(ctx, g, st, acct, log)       // sync.go
}

// meetingRules builds the one set of meeting rules for an account: the
// user's addresses across all accounts, the account's attendee limit.
func meetingRules(c *config.Config, a config.Account) *meetings.Rules {
	self := infer.New(infer.Options{Self: selfAddresses(c)})
	return meetings.New(meetings.Options{IsSelf: self.IsSelf, MaxAttendees: a.MaxAttendees,
		KeepTitles: c.Index.KeepSubjects()})
}

// calendarAccount wires an ics or caldav account for the calendar sync engine.
func calendarAccount(c *config.Config, a config.Account, log *slog.Logger) tendsync.CalendarAccount {
	loc := a.Path
	if a.URL != "" {
		loc = a.URL
	}
	if a.Kind == config.KindCalDAV {
		return tendsync.CalendarAccount{
			Name: a.Name,
			Dial: func(ctx context.Context) (tendsync.CalendarSource, error) {
				pw, err := a.Password(ctx)
				if err != nil {
					return nil, err
				}
				return caldav.New(caldav.Options{URL: a.URL, Username: a.Username, Password: pw,
					CAFile: a.TLSCAFile, Calendars: a.Calendars, Horizon: a.Horizon.Duration,
					Floating: time.Local, Timeout: a.Timeout.Duration, Logger: log.With("account", a.Name)})
			},
			Rules: meetingRules(c, a),
		}
	}
	src := ics.New(ics.Options{Location: loc, Horizon: a.Horizon.Duration, Floating: time.Local,
		Logger: log.With("account", a.Name)})
	return tendsync.CalendarAccount{
		Name:  a.Name,
		Dial:  func(context.Context) (tendsync.CalendarSource, error) { return src, nil },
		Rules: meetingRules(c, a),
	}
}

// contactsAccount wires a carddav or vcard account for the contact sync engine.
func contactsAccount(a config.Account, log *slog.Logger) tendsync.ContactAccount {
	log = log.With("account", a.Name)
	if a.Kind == config.KindVCard {
		src := vcard.NewFile(vcard.Options{Path: a.Path, IncludeNotes: a.IncludeNotes, Logger: log})
		return tendsync.ContactAccount{Name: a.Name,
			Dial: func(context.Context) (tendsync.ContactSource, error) { return src, nil }}
	}
	return tendsync.ContactAccount{Name: a.Name, Dial: func(ctx context.Context) (tendsync.ContactSource, error) {
		pw, err := a.Password(ctx)
		if err != nil {
			return nil, err
		}
		return carddav.New(carddav.Options{URL: a.URL, Username: a.Username, Password: pw, CAFile: a.TLSCAFile,
			AddressBooks: a.AddressBooks, IncludeNotes: a.IncludeNotes, Timeout: a.Timeout.Duration, Logger: log})
	}}
}

// syncCalendarAccount syncs one calendar or address-book account (ics,
// caldav, carddav, vcard) and logs a one-line summary.
func syncCalendarAccount(ctx context.Context, c *config.Config, st *store.Store, a config.Account, log *slog.Logger) error {
	if a.IsContacts() {
		res, err := tendsync.SyncContacts(ctx, st, contactsAccount(a, log), tendsync.Options{Logger: log})
		if err != nil {
			log.Error("sync failed", "account", a.Name, "err", oneLine(err.Error()), "duration", res.Duration.Round(1e6))
			return err
		}
		log.Info("synced", "account", a.Name, "address_books", res.Folders, "cards", res.Fetched,
			"duration", res.Duration.Round(1e6))
		return nil
	}
	res, err := tendsync.SyncCalendar(ctx, st, calendarAccount(c, a, log), tendsync.Options{Logger: log})
	if err != nil {
		log.Error("sync failed", "account", a.Name, "err", oneLine(err.Error()), "duration", res.Duration.Round(1e6))
		return err
	}
	log.Info("synced", "account", a.Name, "calendars", res.Folders, "events", res.Fetched,
		"meetings", res.Contacts, "skipped", res.Skipped, "duration", res.Duration.Round(1e6))
	return nil
}

// mailAccount wires one IMAP account for the sync engine. password is its
// login secret; an auth = "oauth2" account also gets a forced refresh for
// the redial after a refused token.
func mailAccount(c *config.Config, a config.Account, password func(context.Context) (string, error), log *slog.Logger) (tendsync.Account, error) {
	dial, err := mailDial(c, a, password, log)
	if err != nil {
		return tendsync.Account{}, err
	}
	folders := a.Folders
	return tendsync.Account{
		Name: a.Name,
		Dial: dial,
		SelectFolders: func(all []model.Folder) ([]model.Folder, error) {
			return imapmail.SelectFolders(all, folders)
		},
		Classifier: infer.New(infer.Options{
			Self:          selfAddresses(c),
			MaxRecipients: c.Inference.MaxRecipients,
			KeepSubjects:  c.Index.KeepSubjects(),
		}),
		Connections: a.Connections,
	}, nil
}

// mailDial returns the func that opens one connection to an IMAP account
// (see mailAccount).
func mailDial(c *config.Config, a config.Account, password func(context.Context) (string, error), log *slog.Logger) (func(context.Context) (tendsync.MailSource, error), error) {
	var tlsConf *tls.Config
	if a.TLSCAFile != "" {
		pem, err := os.ReadFile(a.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("%s: accounts %q: tls_ca_file: %w", c.File, a.Name, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: accounts %q: tls_ca_file: no PEM certificate in %s", c.File, a.Name, a.TLSCAFile)
		}
		tlsConf = &tls.Config{RootCAs: pool, ServerName: a.Host, MinVersion: tls.VersionTLS12}
	}
	opts := imapmail.Options{
		Host: a.Host, Port: a.Port, Security: a.Security, Username: a.Username,
		Password: password, TLSConfig: tlsConf, Timeout: a.Timeout.Duration,
		HeaderFields: infer.HeaderFields(), Logger: log.With("account", a.Name),
	}
	if a.Auth == "oauth2" { // the password func returns an access token (auth.go)
		opts.OAuth2, opts.Refresh, opts.ReauthHint = true, oauthToken(a, log, true), reauthHint(a) // google.go
	}
	return func(ctx context.Context) (tendsync.MailSource, error) {
		cl, err := imapmail.Dial(ctx, opts)
		if err != nil {
			return nil, err
		}
		return cl, nil
	}, nil
}

// googleClassifier is the inference rules for a Google account: the user's
// addresses include those their Google accounts signed in with.
func googleClassifier(ctx context.Context, c *config.Config) *infer.Classifier {
	return infer.New(infer.Options{Self: selfWithTokens(ctx, c), MaxRecipients: c.Inference.MaxRecipients,
		KeepSubjects: c.Index.KeepSubjects()})
}

// gmailAccount wires a gmail account for the keyed-mail engine.
func gmailAccount(ctx context.Context, c *config.Config, a config.Account, gopts gclient.Options, log *slog.Logger) (tendsync.KeyedMailAccount, error) {
	src, err := gmail.New(ctx, gmail.Options{Client: gopts, Labels: a.Labels,
		HeaderFields: infer.HeaderFields(), Logger: log.With("account", a.Name)})
	if err != nil {
		return tendsync.KeyedMailAccount{}, err
	}
	return tendsync.KeyedMailAccount{Name: a.Name, Source: "gmail", Classifier: googleClassifier(ctx, c),
		Dial: func(context.Context) (tendsync.KeyedMailSource, error) { return gmailAdapter{src}, nil }}, nil
}

// googleCalendarAccount wires a google-calendar account's calendars.
func googleCalendarAccount(ctx context.Context, c *config.Config, a config.Account, gopts gclient.Options, log *slog.Logger) (tendsync.CalendarAccount, error) {
	cs, err := gcal.New(ctx, gcal.Options{Client: gopts, Calendars: a.Calendars, Logger: log})
	if err != nil {
		return tendsync.CalendarAccount{}, err
	}
	rules := meetings.New(meetings.Options{IsSelf: googleClassifier(ctx, c).IsSelf, MaxAttendees: a.MaxAttendees,
		KeepTitles: c.Index.KeepSubjects()})
	return tendsync.CalendarAccount{Name: a.Name, Rules: rules,
		Dial: func(context.Context) (tendsync.CalendarSource, error) { return calAdapter{cs}, nil }}, nil
}

// googleContactsAccount wires a google-calendar account's birthdays (People API).
func googleContactsAccount(ctx context.Context, a config.Account, gopts gclient.Options, log *slog.Logger) (tendsync.ContactAccount, error) {
	ps, err := gpeople.New(ctx, gpeople.Options{Client: gopts, Logger: log})
	if err != nil {
		return tendsync.ContactAccount{}, err
	}
	return tendsync.ContactAccount{Name: a.Name,
		Dial: func(context.Context) (tendsync.ContactSource, error) { return peopleAdapter{ps}, nil }}, nil
}
