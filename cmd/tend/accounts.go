package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/providers/caldav"
	"github.com/tend-dev/tend/providers/carddav"
	"github.com/tend-dev/tend/providers/ics"
	"github.com/tend-dev/tend/providers/vcard"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

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
