// Package gcal is tend's Google Calendar source (account kind
// "google-calendar"). It reads events under the calendar.events.readonly
// scope, one occurrence per event (singleEvents), incrementally with
// Google's syncToken; a token Google no longer honours (410 Gone) is
// reported as ErrSyncTokenGone so the engine re-reads the calendar whole.
// It turns Google's events into model.Event; the meeting rules
// (package meetings) decide what counts as contact.
package gcal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/model"
)

// ErrSyncTokenGone reports that Google answered 410 Gone to a sync token:
// the calendar must be read whole again.
var ErrSyncTokenGone = errors.New("calendar sync token no longer valid")

// pageSize is events.list's largest page.
const pageSize = 2500

// Options configure a Source. Zero fields have defaults.
type Options struct {
	Client gclient.Options
	// Calendars are the calendar ids to read; default ["primary"].
	Calendars []string
	Logger    *slog.Logger
}

// Source reads an account's Google calendars. It is safe for concurrent use.
type Source struct {
	svc  *calendar.Service
	opts Options
}

// New returns a Source. It does not contact Google.
func New(ctx context.Context, opts Options) (*Source, error) {
	if len(opts.Calendars) == 0 {
		opts.Calendars = []string{"primary"}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Client.Logger = opts.Logger
	svc, err := calendar.NewService(ctx, gclient.ServiceOptions(opts.Client, "calendar/v3/")...)
	if err != nil {
		return nil, fmt.Errorf("creating calendar client: %w", err)
	}
	return &Source{svc: svc, opts: opts}, nil
}

// Calendars returns the configured calendars.
func (s *Source) Calendars(context.Context) ([]model.Collection, error) {
	out := make([]model.Collection, 0, len(s.opts.Calendars))
	for _, id := range s.opts.Calendars {
		out = append(out, model.Collection{ID: id, Name: id})
	}
	return out, nil
}

// Item is one Google event (one occurrence) as the engine stores it.
type Item struct {
	ID    string // Google's event id, unique within the calendar
	Event model.Event
}

// Changes is what changed in one calendar since a sync token.
type Changes struct {
	Items   []Item
	Deleted []string // ids of cancelled or deleted events
	Cursor  string   // the next sync token
}

// Events returns what changed in calendar calID since syncToken ("" reads
// the whole calendar). A token Google no longer accepts yields an error
// wrapping ErrSyncTokenGone.
func (s *Source) Events(ctx context.Context, calID, syncToken string) (Changes, error) {
	var ch Changes
	call := s.svc.Events.List(calID).SingleEvents(true).ShowDeleted(true).MaxResults(pageSize)
	if syncToken != "" {
		// SyncToken forbids timeMin, timeMax, orderBy, q, updatedMin, iCalUID
		// and extended-property filters: none are sent.
		call = call.SyncToken(syncToken)
	}
	err := call.Pages(ctx, func(p *calendar.Events) error {
		for _, ev := range p.Items {
			if ev == nil || ev.Id == "" {
				continue
			}
			if ev.Status == model.EventCancelled {
				ch.Deleted = append(ch.Deleted, ev.Id)
				continue
			}
			me, err := Event(calID, ev)
			if err != nil {
				s.opts.Logger.Warn("skipping unreadable event", "calendar", calID, "event", ev.Id, "err", err)
				continue
			}
			ch.Items = append(ch.Items, Item{ID: ev.Id, Event: me})
		}
		if p.NextSyncToken != "" {
			ch.Cursor = p.NextSyncToken
		}
		return nil
	})
	if gclient.Status(err) == http.StatusGone {
		return Changes{}, fmt.Errorf("calendar %q: %w", calID, ErrSyncTokenGone)
	}
	if err != nil {
		return Changes{}, fmt.Errorf("listing events of calendar %q: %w", calID, gclient.Classify(err))
	}
	return ch, nil
}
