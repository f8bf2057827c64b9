// Package icalendar turns iCalendar data (RFC 5545, as go-ical decodes it)
// into tend's events: one model.Event per occurrence, recurring events
// expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) up to a horizon,
// time zones resolved (IANA, Windows names, VTIMEZONE rules), all-day events
// kept as dates. The CalDAV and .ics providers share it.
package icalendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/tend-dev/tend/model"
)

// when reads a DTSTART-like property: its instant and whether it is a date.
func (z *zones) when(p *ical.Prop) (t time.Time, wall time.Time, zn zone, allDay bool, err error) {
	v := strings.TrimSpace(p.Value)
	if p.ValueType() == ical.ValueDate || len(v) == 8 {
		d, err := time.ParseInLocation("20060102", v, time.UTC)
		if err != nil {
			return t, t, nil, false, fmt.Errorf("%s: bad date %q", p.Name, v)
		}
		return d, d, utcZone, true, nil
	}
	if strings.HasSuffix(v, "Z") {
		d, err := time.ParseInLocation("20060102T150405Z", v, time.UTC)
		if err != nil {
			return t, t, nil, false, fmt.Errorf("%s: bad time %q", p.Name, v)
		}
		return d, d, utcZone, false, nil
	}
	w, err := time.ParseInLocation("20060102T150405", v, time.UTC)
	if err != nil {
		return t, t, nil, false, fmt.Errorf("%s: bad time %q", p.Name, v)
	}
	zn = z.floating
	if tzid := p.Params.Get(ical.PropTimezoneID); tzid != "" {
		if l := z.lookup(tzid); l != nil {
			zn = l
		} else {
			err = fmt.Errorf("%s: unknown time zone %q; read as floating", p.Name, tzid)
		}
	}
	return zn(w), w, zn, false, err
}

// instants reads every value of a multi-valued EXDATE/RDATE property.
func (z *zones) instants(props []ical.Prop) []time.Time {
	var out []time.Time
	for _, p := range props {
		for _, v := range strings.Split(p.Value, ",") {
			one := p
			one.Value = strings.TrimSpace(v)
			if t, _, _, _, err := z.when(&one); err == nil {
				out = append(out, t)
			}
		}
	}
	return out
}

// base builds the occurrence-independent fields of an event.
func base(c *ical.Component, calendar string) model.Event {
	ev := model.Event{Calendar: calendar, Status: model.EventConfirmed}
	if p := c.Props.Get(ical.PropUID); p != nil {
		ev.UID = strings.TrimSpace(p.Value)
	}
	if p := c.Props.Get(ical.PropSummary); p != nil {
		ev.Title, _ = p.Text()
	}
	if p := c.Props.Get(ical.PropStatus); p != nil {
		switch strings.ToUpper(strings.TrimSpace(p.Value)) {
		case "CANCELLED":
			ev.Status = model.EventCancelled
		case "TENTATIVE":
			ev.Status = model.EventTentative
		}
	}
	for _, name := range []string{ical.PropLastModified, ical.PropDateTimeStamp} {
		if p := c.Props.Get(name); p != nil {
			if t, err := p.DateTime(time.UTC); err == nil {
				ev.Updated = t.UTC()
				break
			}
		}
	}
	if p := c.Props.Get(ical.PropOrganizer); p != nil {
		ev.Organizer = attendee(p)
	}
	for _, p := range c.Props.Values(ical.PropAttendee) {
		ev.Attendees = append(ev.Attendees, attendee(&p))
	}
	return ev
}

// attendee reads an ATTENDEE or ORGANIZER property.
func attendee(p *ical.Prop) model.Attendee {
	a := model.Attendee{Name: strings.Trim(p.Params.Get("CN"), `"' `)}
	v := strings.TrimSpace(p.Value)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		a.Email = strings.ToLower(strings.TrimSpace(v[7:]))
	} else if p.Params.Get("EMAIL") != "" {
		a.Email = strings.ToLower(p.Params.Get("EMAIL"))
	}
	if e := p.Params.Get("EMAIL"); e != "" && !strings.Contains(a.Email, "@") {
		a.Email = strings.ToLower(e)
	}
	if strings.EqualFold(a.Name, a.Email) {
		a.Name = ""
	}
	a.PartStat = strings.ToLower(p.Params.Get("PARTSTAT"))
	a.Kind = strings.ToLower(p.Params.Get("CUTYPE"))
	if strings.EqualFold(p.Params.Get("ROLE"), "NON-PARTICIPANT") {
		a.Kind = model.KindResource // informed only; not a participant
	}
	return a
}
