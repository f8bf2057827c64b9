// Package meetings is tend's one set of rules turning a calendar event into
// contact: which events are meetings, with whom, and how much each counts.
// CalDAV, .ics files and Google Calendar all use it, so a meeting counts the
// same wherever it comes from. It is pure: no I/O, no clock.
//
// The rules, first match wins:
//  1. a cancelled event creates nothing (class Cancelled);
//  2. an event of a special type (Google's outOfOffice, focusTime,
//     workingLocation, birthday) creates nothing (class Automated);
//  3. the people are the attendees and the organizer, each once, minus the
//     user, rooms, resources and groups, and minus attendees who declined;
//  4. a user who declined: class Declined; nobody else left: Self;
//  5. the user must take part: the organizer is the user, or the user is an
//     attendee who did not decline; a user absent from the event (a
//     subscribed or shared calendar): Indirect; more than MaxAttendees
//     people: Mass;
//  6. otherwise Personal: one Mutual meeting interaction per person dated at
//     the event's start — in the future for an upcoming meeting — weighing 1
//     for up to 3 people and 1/√n for n people above that.
package meetings

import (
	"math"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// DefaultMaxAttendees is the default of Options.MaxAttendees.
const DefaultMaxAttendees = 25

// fullWeightUpTo is the number of people a meeting may have and still count
// fully for each of them, like an email to a few people.
const fullWeightUpTo = 3

// Options configure the rules. The zero value is usable.
type Options struct {
	// IsSelf reports whether an address is the user's (infer.Classifier.IsSelf
	// matches case, +tags and Gmail dots). Nil: only Attendee.Self marks the user.
	IsSelf func(email string) bool
	// MaxAttendees: an event with more people than this is an all-hands or a
	// webinar and creates no contact. Zero means DefaultMaxAttendees.
	MaxAttendees int
	// KeepTitles keeps the event title as the message subject.
	KeepTitles bool
}

// Rules applies the meeting rules. Build one with New; it is safe for
// concurrent use.
type Rules struct {
	isSelf       func(string) bool
	maxAttendees int
	keepTitles   bool
}

// New returns Rules for opts.
func New(opts Options) *Rules {
	r := &Rules{isSelf: opts.IsSelf, maxAttendees: opts.MaxAttendees, keepTitles: opts.KeepTitles}
	if r.isSelf == nil {
		r.isSelf = func(string) bool { return false }
	}
	if r.maxAttendees <= 0 {
		r.maxAttendees = DefaultMaxAttendees
	}
	return r
}

// OccurrenceID is the Event.ID of an occurrence: the UID alone for a single
// event (zero recurrenceID), else UID + "/" + the original start in UTC
// (20260302T090000Z). Every provider uses it, so the same meeting seen in two
// calendars or accounts is counted once.
func OccurrenceID(uid string, recurrenceID time.Time) string {
	if recurrenceID.IsZero() {
		return uid
	}
	return uid + "/" + recurrenceID.UTC().Format("20060102T150405Z")
}

// Key is the message key of an event: "ev:" + its ID.
func Key(ev model.Event) string { return "ev:" + ev.ID }

// ThreadKey groups the occurrences of a series: "ev:" + the UID (the ID
// when the UID is missing).
func ThreadKey(ev model.Event) string {
	if ev.UID == "" {
		return Key(ev)
	}
	return "ev:" + ev.UID
}

// Classify applies the rules to one event and returns its message: Key,
// date (the start), class, reason and interactions.
func (r *Rules) Classify(ev model.Event) model.Message {
	m := model.Message{Key: Key(ev), At: ev.Start.UTC(), ThreadKey: ThreadKey(ev),
		From: strings.ToLower(strings.TrimSpace(ev.Organizer.Email))}
	if r.keepTitles {
		m.Subject = ev.Title
	}
	m.Class, m.Reason, m.Interactions = r.classify(ev)
	return m
}

func (r *Rules) classify(ev model.Event) (model.Class, string, []model.Interaction) {
	if strings.EqualFold(ev.Status, model.EventCancelled) {
		return model.Cancelled, "event cancelled", nil
	}
	if t := ev.Type; t != "" && !strings.EqualFold(t, "default") && !strings.EqualFold(t, "fromGmail") {
		return model.Automated, t + " event", nil
	}
	p := r.people(ev)
	switch {
	case p.selfDeclined:
		return model.Declined, "you declined", nil
	case len(p.people) == 0:
		return model.Self, "no one else on this event", nil
	case !p.selfIn:
		return model.Indirect, "you are not on this event", nil
	case len(p.people) > r.maxAttendees:
		return model.Mass, "more than the maximum number of attendees", nil
	}
	n := len(p.people)
	w := 1.0
	if n > fullWeightUpTo {
		w = 1 / math.Sqrt(float64(n))
	}
	out := make([]model.Interaction, 0, n)
	for _, a := range p.people {
		out = append(out, model.Interaction{Email: a.Email, Name: a.Name, Direction: model.Mutual,
			Channel: model.Meeting, At: ev.Start.UTC(), Weight: w, Recipients: n})
	}
	return model.Personal, "", out
}
