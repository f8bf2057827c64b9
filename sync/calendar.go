package sync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// ErrCursorInvalid is model.ErrCursorInvalid: a provider returns it (wrapped)
// when its cursor expired, and the engine re-reads the collection whole.
var ErrCursorInvalid = model.ErrCursorInvalid

// CalendarSource is one open connection to a calendar account.
type CalendarSource interface {
	// Calendars lists the calendars to sync (the provider applies the
	// user's selection).
	Calendars(ctx context.Context) ([]model.Collection, error)
	// Events returns what changed in a calendar since cursor ("" for
	// everything).
	Events(ctx context.Context, cal model.Collection, cursor string) (EventChanges, error)
}

// EventChanges and EventItem are the model's.
type (
	EventChanges = model.EventChanges
	EventItem    = model.EventItem
)

// EventClassifier turns an event into a message with its meeting
// interactions (meetings.Rules).
type EventClassifier interface {
	Classify(model.Event) model.Message
}

// SourceStore is what calendar and contact sync need of the index.
type SourceStore interface {
	SourceCursor(ctx context.Context, account, source string) (string, time.Time, error)
	SourceStates(ctx context.Context, account string) ([]store.SourceState, error)
	SaveSource(ctx context.Context, b store.SourceBatch) error
	DropSource(ctx context.Context, account, source string) error
	RecordSync(ctx context.Context, account string, at time.Time, syncErr error) error
}

// CalendarAccount is one calendar account as the engine sees it.
type CalendarAccount struct {
	Name  string
	Dial  func(ctx context.Context) (CalendarSource, error)
	Rules EventClassifier
}

// CalendarSourcePrefix starts the store's source name of a calendar:
// "cal:" + its collection ID.
const CalendarSourcePrefix = "cal:"

// SyncCalendar syncs every calendar of one account once: for each, it asks
// for the changes since its cursor, classifies every occurrence with the
// meeting rules and saves items and cursor in one transaction. A calendar
// that disappeared is forgotten. The outcome is recorded in the store.
func SyncCalendar(ctx context.Context, st SourceStore, acct CalendarAccount, opts Options) (Result, error) {
	return recorded(ctx, st, acct.Name, opts, func(opts Options) (Result, error) {
		return syncCalendar(ctx, st, acct, opts)
	})
}

func syncCalendar(ctx context.Context, st SourceStore, acct CalendarAccount, opts Options) (Result, error) {
	var res Result
	log := opts.Logger.With("account", acct.Name)
	src, err := acct.Dial(ctx)
	if err != nil {
		return res, fmt.Errorf("connecting: %w", err)
	}
	if c, ok := src.(interface{ Close() error }); ok {
		defer c.Close()
	}
	cals, err := src.Calendars(ctx)
	if err != nil {
		return res, fmt.Errorf("listing calendars: %w", err)
	}
	if err := dropGone(ctx, st, acct.Name, CalendarSourcePrefix, cals, opts); err != nil {
		return res, err
	}
	opts.Progress.Begin(acct.Name, 0)
	defer opts.Progress.End()
	for _, cal := range cals {
		res.Folders++
		source := CalendarSourcePrefix + cal.ID
		cursor, _, err := st.SourceCursor(ctx, acct.Name, source)
		if err != nil {
			return res, err
		}
		ch, err := src.Events(ctx, cal, cursor)
		if errors.Is(err, ErrCursorInvalid) && cursor != "" {
			log.Info("sync cursor expired; re-reading calendar", "calendar", cal.ID)
			ch, err = src.Events(ctx, cal, "")
			ch.Reset = true
		}
		if err != nil {
			return res, fmt.Errorf("calendar %q: %w", cal.ID, err)
		}
		b := store.SourceBatch{Account: acct.Name, Source: source, Cursor: ch.Cursor, Reset: ch.Reset,
			Deletes: ch.Deleted, SyncedAt: opts.Clock()}
		for _, it := range ch.Items {
			item := store.SourceItem{ID: it.ID}
			for _, ev := range it.Events {
				res.Fetched++
				if ev.ID == "" {
					res.Skipped++
					log.Warn("skipping event without an id", "calendar", cal.ID, "item", it.ID)
					continue
				}
				m := acct.Rules.Classify(ev)
				if len(m.Interactions) > 0 {
					res.Contacts++
					res.Interactions += len(m.Interactions)
				}
				item.Msgs = append(item.Msgs, m)
			}
			b.Upserts = append(b.Upserts, item)
		}
		opts.Progress.Add(cal.ID, len(ch.Items))
		if err := st.SaveSource(ctx, b); err != nil {
			return res, fmt.Errorf("saving calendar %q: %w", cal.ID, err)
		}
		log.Debug("calendar synced", "calendar", cal.ID, "changed", len(ch.Items), "deleted", len(ch.Deleted), "reset", ch.Reset)
	}
	return res, nil
}

// dropGone forgets the sources of kind prefix that are no longer listed.
func dropGone(ctx context.Context, st SourceStore, account, prefix string, cols []model.Collection, opts Options) error {
	states, err := st.SourceStates(ctx, account)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, c := range cols {
		want[prefix+c.ID] = true
	}
	for _, s := range states {
		if len(s.Source) >= len(prefix) && s.Source[:len(prefix)] == prefix && !want[s.Source] {
			opts.Logger.Info("collection gone or no longer selected; forgetting it", "account", account, "source", s.Source)
			if err := st.DropSource(ctx, account, s.Source); err != nil {
				return err
			}
		}
	}
	return nil
}
