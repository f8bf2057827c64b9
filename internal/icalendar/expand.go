package icalendar

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/model"
)

// DefaultMaxOccurrences caps the occurrences of one series.
const DefaultMaxOccurrences = 5000

// Options tune Events.
type Options struct {
	Calendar       string         // the collection ID copied into each Event
	Until          time.Time      // occurrences starting after it are left out; zero: none are
	Floating       *time.Location // zone of times written without one; nil: UTC (X-WR-TIMEZONE wins)
	MaxOccurrences int            // per series; 0: DefaultMaxOccurrences
}

// Series is every occurrence of one UID, sorted by start.
type Series struct {
	UID    string
	Events []model.Event
}

// Events returns the events of cal grouped by UID in order of first
// appearance. Components it cannot read are left out and reported in
// problems (never a panic); a component without a UID gets one derived from
// its start and title.
func Events(cal *ical.Calendar, opts Options) (series []Series, problems []error) {
	if opts.Floating == nil {
		opts.Floating = time.UTC
	}
	if opts.MaxOccurrences <= 0 {
		opts.MaxOccurrences = DefaultMaxOccurrences
	}
	z := newZones(cal, opts.Floating)
	type group struct {
		master    *ical.Component
		overrides []*ical.Component
	}
	var order []string
	groups := map[string]*group{}
	for _, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		uid := ""
		if p := c.Props.Get(ical.PropUID); p != nil {
			uid = strings.TrimSpace(p.Value)
		}
		if uid == "" {
			uid = syntheticUID(c)
			c.Props.Set(&ical.Prop{Name: ical.PropUID, Params: ical.Params{}, Value: uid})
		}
		g := groups[uid]
		if g == nil {
			g = &group{}
			groups[uid] = g
			order = append(order, uid)
		}
		if c.Props.Get(ical.PropRecurrenceID) != nil {
			g.overrides = append(g.overrides, c)
		} else if g.master == nil {
			g.master = c
		}
	}
	for _, uid := range order {
		g := groups[uid]
		evs, errs := expand(z, g.master, g.overrides, opts)
		for _, e := range errs {
			problems = append(problems, fmt.Errorf("event %q: %w", uid, e))
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].Start.Before(evs[j].Start) })
		series = append(series, Series{UID: uid, Events: evs})
	}
	return series, problems
}

// syntheticUID names an event that has no UID by its start and title.
func syntheticUID(c *ical.Component) string {
	var s, t string
	if p := c.Props.Get(ical.PropDateTimeStart); p != nil {
		s = p.Value
	}
	if p := c.Props.Get(ical.PropSummary); p != nil {
		t = p.Value
	}
	return "nouid:" + s + ":" + t
}

// occurrence is one event component read at one start.
func occurrence(z *zones, c *ical.Component, calendar string) (model.Event, time.Time, zone, error) {
	ev := base(c, calendar)
	sp := c.Props.Get(ical.PropDateTimeStart)
	if sp == nil {
		return ev, time.Time{}, nil, fmt.Errorf("no DTSTART")
	}
	start, wall, zn, allDay, err := z.when(sp)
	if zn == nil {
		return ev, time.Time{}, nil, err
	}
	ev.Start, ev.AllDay = start, allDay
	if ep := c.Props.Get(ical.PropDateTimeEnd); ep != nil {
		if end, _, _, _, e := z.when(ep); e == nil || !end.IsZero() {
			ev.End = end
		}
	} else if dp := c.Props.Get(ical.PropDuration); dp != nil {
		if d, e := dp.Duration(); e == nil {
			ev.End = start.Add(d)
		}
	} else if allDay {
		ev.End = start.AddDate(0, 0, 1)
	}
	return ev, wall, zn, err
}

// expand produces the occurrences of one UID.
func expand(z *zones, master *ical.Component, overrides []*ical.Component, opts Options) ([]model.Event, []error) {
	var out []model.Event
	var errs []error
	byRecur := map[int64]*ical.Component{}
	for _, o := range overrides {
		rp := o.Props.Get(ical.PropRecurrenceID)
		if rid, _, _, _, err := z.when(rp); err == nil || !rid.IsZero() {
			byRecur[rid.Unix()] = o
		} else {
			errs = append(errs, err)
		}
	}
	emit := func(c *ical.Component, recurrence time.Time) {
		ev, _, zn, err := occurrence(z, c, opts.Calendar)
		if err != nil {
			errs = append(errs, err)
		}
		if zn == nil || (!opts.Until.IsZero() && ev.Start.After(opts.Until)) {
			return
		}
		ev.ID = meetings.OccurrenceID(ev.UID, recurrence)
		out = append(out, ev)
	}
	if master == nil {
		// Only overrides (an invitation to single occurrences).
		for rid, o := range byRecur {
			emit(o, time.Unix(rid, 0).UTC())
		}
		return out, errs
	}
	rr := master.Props.Get(ical.PropRecurrenceRule)
	rdates := z.instants(master.Props.Values(ical.PropRecurrenceDates))
	if rr == nil && len(rdates) == 0 {
		emit(master, time.Time{})
		return out, errs
	}
	ev, wall, zn, err := occurrence(z, master, opts.Calendar)
	if zn == nil {
		return out, append(errs, err)
	}
	starts, err := recurrences(rr, wall, zn, rdates, opts)
	if err != nil {
		// An unreadable rule: keep the first occurrence, like most clients.
		errs = append(errs, err)
		starts = []time.Time{ev.Start}
	}
	excluded := map[int64]bool{}
	for _, t := range z.instants(master.Props.Values(ical.PropExceptionDates)) {
		excluded[t.Unix()] = true
	}
	dur := time.Duration(0)
	if !ev.End.IsZero() {
		dur = ev.End.Sub(ev.Start)
	}
	seen := map[int64]bool{}
	for _, s := range starts {
		if excluded[s.Unix()] || seen[s.Unix()] {
			continue
		}
		seen[s.Unix()] = true
		if o := byRecur[s.Unix()]; o != nil {
			delete(byRecur, s.Unix())
			emit(o, s)
			continue
		}
		occ := ev
		occ.Start = s
		if dur > 0 {
			occ.End = s.Add(dur)
		}
		occ.ID = meetings.OccurrenceID(occ.UID, s)
		out = append(out, occ)
	}
	// Overrides of occurrences the rule does not produce (moved in from
	// elsewhere) still happened, unless excluded.
	for rid, o := range byRecur {
		if !excluded[rid] {
			emit(o, time.Unix(rid, 0).UTC())
		}
	}
	return out, errs
}

// recurrences lists the instants of a rule from a wall-clock start in zone
// zn, plus RDATEs, up to opts.Until and at most opts.MaxOccurrences. The
// rule runs on wall-clock time, so a weekly 09:00 stays 09:00 across DST.
func recurrences(rr *ical.Prop, wall time.Time, zn zone, rdates []time.Time, opts Options) ([]time.Time, error) {
	out := []time.Time{zn(wall)}
	if rr != nil {
		opt, err := rrule.StrToROption(rr.Value)
		if err != nil {
			return nil, fmt.Errorf("RRULE %q: %w", rr.Value, err)
		}
		opt.Dtstart = wall
		if !opt.Until.IsZero() {
			// UNTIL in UTC or local time: compare as wall clock, with a day's slack
			// the instant check below removes.
			opt.Until = opt.Until.Add(24 * time.Hour)
		}
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, fmt.Errorf("RRULE %q: %w", rr.Value, err)
		}
		until := time.Time{}
		if !opt.Until.IsZero() {
			until = opt.Until.Add(-24 * time.Hour)
		}
		next := r.Iterator()
		out = out[:0]
		for len(out) < opts.MaxOccurrences {
			w, ok := next()
			if !ok {
				break
			}
			t := zn(w)
			if !opts.Until.IsZero() && t.After(opts.Until) {
				break
			}
			if !until.IsZero() && t.After(until) {
				break
			}
			out = append(out, t)
		}
	}
	for _, t := range rdates {
		if opts.Until.IsZero() || !t.After(opts.Until) {
			out = append(out, t)
		}
	}
	return out, nil
}
