package caldav

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/tend-dev/tend/internal/icalendar"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/internal/dav"
)

// Events returns what changed in cal since cursor ("" for everything, with
// Reset). Only resources whose etag changed are fetched; when the horizon
// day moved, resources with occurrences beyond the old horizon are fetched
// and expanded again. An expired sync token is model.ErrCursorInvalid.
func (s *Source) Events(ctx context.Context, cal model.Collection, cur string) (model.EventChanges, error) {
	prev, err := parseCursor(cur)
	if err != nil {
		return model.EventChanges{}, err
	}
	until := s.o.Clock().Add(s.o.Horizon).UTC()
	next := cursor{Horizon: until.Format("2006-01-02"), Open: slices.Clone(prev.Open)}
	out := model.EventChanges{Reset: cur == ""}
	var fetch []string
	switch {
	case cur == "" || prev.Token != "":
		ch, err := s.dav.SyncCollection(ctx, cal.ID, prev.Token)
		if errors.Is(err, dav.ErrNoSyncCollection) && cur == "" {
			s.o.Logger.Debug("no sync-collection; listing etags", "calendar", cal.ID)
			return s.byETags(ctx, cal, prev, next, until, out)
		}
		if err != nil {
			return model.EventChanges{}, err
		}
		next.Token = ch.Token
		fetch = slices.Sorted(maps.Keys(ch.Updated))
		for _, h := range ch.Deleted {
			out.Deleted = append(out.Deleted, h)
			next.setOpen(h, false)
		}
	default:
		return s.byETags(ctx, cal, prev, next, until, out)
	}
	return s.fetch(ctx, cal, prev, next, fetch, until, out)
}

// byETags lists every resource's etag and fetches those new or changed.
func (s *Source) byETags(ctx context.Context, cal model.Collection, prev, next cursor, until time.Time, out model.EventChanges) (model.EventChanges, error) {
	tags, err := s.dav.ETags(ctx, cal.ID)
	if err != nil {
		return model.EventChanges{}, err
	}
	var fetch []string
	for h, tag := range tags {
		if old, ok := prev.ETags[h]; !ok || old != tag || tag == "" {
			fetch = append(fetch, h)
		}
	}
	for h := range prev.ETags {
		if _, ok := tags[h]; !ok {
			out.Deleted = append(out.Deleted, h)
			next.setOpen(h, false)
		}
	}
	slices.Sort(fetch)
	slices.Sort(out.Deleted)
	next.ETags = tags
	return s.fetch(ctx, cal, prev, next, fetch, until, out)
}

// fetch reads the resources in hrefs — plus, when the horizon moved, the
// open ones — and expands them into items.
func (s *Source) fetch(ctx context.Context, cal model.Collection, prev, next cursor, hrefs []string, until time.Time, out model.EventChanges) (model.EventChanges, error) {
	if prev.Horizon != "" && prev.Horizon != next.Horizon {
		for _, h := range prev.Open {
			if !slices.Contains(out.Deleted, h) && !slices.Contains(hrefs, h) {
				hrefs = append(hrefs, h)
			}
		}
	}
	got, missing, err := s.dav.MultiGet(ctx, dav.CalendarData, cal.ID, hrefs)
	if err != nil {
		return model.EventChanges{}, err
	}
	for _, h := range missing {
		if !slices.Contains(out.Deleted, h) {
			out.Deleted = append(out.Deleted, h) // gone between listing and fetching
		}
		next.setOpen(h, false)
		if next.ETags != nil {
			delete(next.ETags, h)
		}
	}
	for _, r := range got {
		evs, open := s.expand(cal, r, until)
		next.setOpen(r.Href, open)
		out.Items = append(out.Items, model.EventItem{ID: r.Href, Events: evs})
	}
	out.Cursor = next.String()
	return out, nil
}

// expand turns one calendar resource into its occurrences up to until. An
// unreadable resource is logged and yields no events (replacing what it
// held). open reports whether it may have occurrences beyond until.
func (s *Source) expand(cal model.Collection, r dav.Resource, until time.Time) (evs []model.Event, open bool) {
	ic, err := ical.NewDecoder(strings.NewReader(r.Data)).Decode()
	if err != nil {
		s.o.Logger.Warn("skipping unreadable calendar resource", "calendar", cal.ID, "href", r.Href, "err", err)
		return nil, false
	}
	n := 0
	for _, c := range ic.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		n++
		if c.Props.Get(ical.PropRecurrenceRule) != nil || c.Props.Get(ical.PropRecurrenceDates) != nil {
			open = true
		}
	}
	series, problems := icalendar.Events(ic, icalendar.Options{Calendar: cal.ID, Until: until, Floating: s.o.Floating})
	for _, p := range problems {
		s.o.Logger.Warn("skipping part of an event", "calendar", cal.ID, "href", r.Href, "err", p)
	}
	for _, se := range series {
		evs = append(evs, se.Events...)
	}
	if len(evs) < n {
		open = true // an event (or a moved occurrence) starts beyond the horizon
	}
	return evs, open
}
