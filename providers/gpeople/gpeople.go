// Package gpeople reads the user's Google contacts from the People API
// (contacts.readonly): names, email addresses (to link a contact to the
// person tend knows from mail) and birthdays and anniversaries, as
// model.Card. It syncs with the People API's sync token; an expired token
// (EXPIRED_SYNC_TOKEN) is reported as ErrSyncTokenExpired so the engine
// reads the contacts whole again.
package gpeople

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	people "google.golang.org/api/people/v1"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/model"
)

// ErrSyncTokenExpired reports that the People API refused the sync token.
var ErrSyncTokenExpired = errors.New("contacts sync token expired")

// BookID is the collection id of a Google account's contacts.
const BookID = "google-contacts"

// personFields are the fields tend asks for, and no others.
const personFields = "names,emailAddresses,birthdays,events"

// Options configure a Source.
type Options struct {
	Client gclient.Options
	Logger *slog.Logger // nil discards
}

// Source reads one account's contacts. It is safe for concurrent use.
type Source struct {
	svc *people.Service
	log *slog.Logger
}

// New returns a Source. It does not contact Google.
func New(ctx context.Context, opts Options) (*Source, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Client.Logger = opts.Logger
	svc, err := people.NewService(ctx, gclient.ServiceOptions(opts.Client, "")...)
	if err != nil {
		return nil, fmt.Errorf("creating people client: %w", err)
	}
	return &Source{svc: svc, log: opts.Logger}, nil
}

// Changes is what changed in the contacts since a sync token.
type Changes struct {
	Cards   []model.Card
	Deleted []string // resource names of deleted contacts
	Cursor  string   // the next sync token
}

// Cards returns the contacts changed since syncToken ("" for all).
func (s *Source) Cards(ctx context.Context, syncToken string) (Changes, error) {
	var ch Changes
	call := s.svc.People.Connections.List("people/me").PersonFields(personFields).
		PageSize(1000).RequestSyncToken(true)
	if syncToken != "" {
		call = call.SyncToken(syncToken)
	}
	err := call.Pages(ctx, func(r *people.ListConnectionsResponse) error {
		for _, p := range r.Connections {
			if p == nil || p.ResourceName == "" {
				continue
			}
			if p.Metadata != nil && p.Metadata.Deleted {
				ch.Deleted = append(ch.Deleted, p.ResourceName)
				continue
			}
			ch.Cards = append(ch.Cards, Card(p))
		}
		if r.NextSyncToken != "" {
			ch.Cursor = r.NextSyncToken
		}
		return nil
	})
	if err != nil && (gclient.HasReason(err, "EXPIRED_SYNC_TOKEN") || gclient.Status(err) == http.StatusGone) {
		return Changes{}, fmt.Errorf("contacts: %w", ErrSyncTokenExpired)
	}
	if err != nil {
		return Changes{}, fmt.Errorf("listing contacts: %w", gclient.Classify(err))
	}
	return ch, nil
}

// Card converts a contact: its first name, every address (lowercased,
// once), its birthday and anniversary when month and day are known.
func Card(p *people.Person) model.Card {
	c := model.Card{ID: p.ResourceName}
	for _, n := range p.Names {
		if n != nil && n.DisplayName != "" {
			c.Name = n.DisplayName
			break
		}
	}
	seen := map[string]bool{}
	for _, e := range p.EmailAddresses {
		if e == nil {
			continue
		}
		v := strings.ToLower(strings.TrimSpace(e.Value))
		if strings.Contains(v, "@") && !seen[v] {
			seen[v] = true
			c.Emails = append(c.Emails, v)
		}
	}
	for _, b := range p.Birthdays {
		if b != nil && addMoment(&c, "birthday", b.Date) {
			break
		}
	}
	for _, e := range p.Events {
		if e != nil && strings.EqualFold(e.Type, "anniversary") && addMoment(&c, "anniversary", e.Date) {
			break
		}
	}
	return c
}

// addMoment adds a moment when the date has a valid month and day.
func addMoment(c *model.Card, kind string, d *people.Date) bool {
	if d == nil || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return false
	}
	c.Moments = append(c.Moments, model.Moment{Kind: kind, Month: int(d.Month), Day: int(d.Day), Year: int(d.Year)})
	return true
}
