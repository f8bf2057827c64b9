package gcal

import (
	"errors"
	"fmt"
	"strings"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/model"
)

// Event converts one Google event (an occurrence, with singleEvents) to
// tend's model. An occurrence of a recurring event gets the shared
// occurrence id (iCalUID + original start), so the same meeting seen in
// two calendars or through CalDAV counts once.
func Event(calID string, ev *calendar.Event) (model.Event, error) {
	start, allDay, err := when(ev.Start)
	if err != nil {
		return model.Event{}, fmt.Errorf("start: %w", err)
	}
	end, _, _ := when(ev.End)
	uid := ev.ICalUID
	if uid == "" {
		uid = ev.Id
	}
	var orig time.Time
	if ev.RecurringEventId != "" && ev.OriginalStartTime != nil {
		orig, _, _ = when(ev.OriginalStartTime)
	}
	out := model.Event{
		ID: meetings.OccurrenceID(uid, orig), UID: uid, Calendar: calID,
		Title: ev.Summary, Start: start, End: end, AllDay: allDay,
		Status: ev.Status, Type: ev.EventType,
	}
	if ev.EventType == "default" {
		out.Type = ""
	}
	if ev.Organizer != nil {
		out.Organizer = model.Attendee{Name: ev.Organizer.DisplayName, Email: strings.ToLower(ev.Organizer.Email),
			PartStat: model.PartAccepted, Self: ev.Organizer.Self}
	}
	for _, a := range ev.Attendees {
		if a == nil {
			continue
		}
		at := model.Attendee{Name: a.DisplayName, Email: strings.ToLower(a.Email),
			PartStat: partStat(a.ResponseStatus), Self: a.Self, Kind: model.KindIndividual}
		if a.Resource {
			at.Kind = model.KindResource
		}
		out.Attendees = append(out.Attendees, at)
	}
	if t, err := time.Parse(time.RFC3339, ev.Updated); err == nil {
		out.Updated = t.UTC()
	}
	return out, nil
}

// partStat maps Google's responseStatus to the model's.
func partStat(s string) string {
	switch s {
	case "accepted":
		return model.PartAccepted
	case "declined":
		return model.PartDeclined
	case "tentative":
		return model.PartTentative
	}
	return model.PartNeedsAction
}

// when reads an EventDateTime: a dateTime (RFC 3339) or an all-day date.
func when(d *calendar.EventDateTime) (time.Time, bool, error) {
	switch {
	case d == nil:
		return time.Time{}, false, errors.New("missing")
	case d.DateTime != "":
		t, err := time.Parse(time.RFC3339, d.DateTime)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("bad dateTime %q", d.DateTime)
		}
		return t.UTC(), false, nil
	case d.Date != "":
		t, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return time.Time{}, true, fmt.Errorf("bad date %q", d.Date)
		}
		return t, true, nil
	}
	return time.Time{}, false, errors.New("no date or dateTime")
}
