package meetings

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func self(e string) bool { return e == "me@work.test" }

func person(email, part string) model.Attendee {
	return model.Attendee{Email: email, PartStat: part}
}

func TestClassify(t *testing.T) {
	me := person("me@work.test", model.PartAccepted)
	ann := model.Attendee{Name: "Ann", Email: "Ann@X.test", PartStat: model.PartAccepted}
	bob := person("bob@x.test", model.PartNeedsAction)
	room := model.Attendee{Name: "Room 4", Email: "room4@x.test", Kind: model.KindRoom, PartStat: model.PartAccepted}
	many := func(n int) []model.Attendee {
		out := []model.Attendee{me}
		for i := range n {
			out = append(out, person("p"+strings.Repeat("x", i)+"@x.test", model.PartAccepted))
		}
		return out
	}
	tests := []struct {
		name   string
		ev     model.Event
		class  model.Class
		people []string
		weight float64
	}{
		{"one to one", model.Event{Organizer: me, Attendees: []model.Attendee{me, ann}},
			model.Personal, []string{"ann@x.test"}, 1},
		{"invited by them, no answer yet", model.Event{Organizer: ann, Attendees: []model.Attendee{person("me@work.test", "")}},
			model.Personal, []string{"ann@x.test"}, 1},
		{"organizer self without attendee entry", model.Event{Organizer: model.Attendee{Email: "x", Self: true}, Attendees: []model.Attendee{ann, bob}},
			model.Personal, []string{"ann@x.test", "bob@x.test"}, 1},
		{"rooms and declined people are no contact", model.Event{Organizer: me,
			Attendees: []model.Attendee{me, ann, room, person("cat@x.test", model.PartDeclined),
				person("eng@resource.calendar.google.com", model.PartAccepted)}},
			model.Personal, []string{"ann@x.test"}, 1},
		{"user declined", model.Event{Organizer: ann, Attendees: []model.Attendee{person("ME@work.test", "DECLINED"), bob}},
			model.Declined, nil, 0},
		{"organizer who declined own event", model.Event{Organizer: me, Attendees: []model.Attendee{person("me@work.test", model.PartDeclined), ann}},
			model.Declined, nil, 0},
		{"cancelled", model.Event{Status: "CANCELLED", Organizer: me, Attendees: []model.Attendee{me, ann}},
			model.Cancelled, nil, 0},
		{"out of office", model.Event{Type: "outOfOffice", Organizer: me, Attendees: []model.Attendee{me, ann}},
			model.Automated, nil, 0},
		{"user not on a shared calendar's event", model.Event{Organizer: ann, Attendees: []model.Attendee{ann, bob}},
			model.Indirect, nil, 0},
		{"alone", model.Event{Organizer: me, Attendees: []model.Attendee{me, room}},
			model.Self, nil, 0},
		{"no attendees at all", model.Event{Title: "Dentist"}, model.Self, nil, 0},
		{"ten people are weak", model.Event{Organizer: me, Attendees: many(10)},
			model.Personal, nil, 1 / math.Sqrt(10)},
		{"all-hands is no contact", model.Event{Organizer: me, Attendees: many(26)},
			model.Mass, nil, 0},
	}
	r := New(Options{IsSelf: self, KeepTitles: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ev.ID, tt.ev.UID, tt.ev.Start = "uid1", "uid1", start
			m := r.Classify(tt.ev)
			if m.Class != tt.class {
				t.Fatalf("class = %q (%s), want %q", m.Class, m.Reason, tt.class)
			}
			if tt.class != model.Personal {
				if len(m.Interactions) != 0 {
					t.Fatalf("%d interactions, want none", len(m.Interactions))
				}
				return
			}
			if tt.people != nil {
				var got []string
				for _, in := range m.Interactions {
					got = append(got, in.Email)
				}
				if strings.Join(got, ",") != strings.Join(tt.people, ",") {
					t.Fatalf("people = %v, want %v", got, tt.people)
				}
			}
			for _, in := range m.Interactions {
				if in.Channel != model.Meeting || in.Direction != model.Mutual || !in.At.Equal(start) {
					t.Fatalf("interaction %+v: want a mutual meeting at %v", in, start)
				}
				if math.Abs(in.Weight-tt.weight) > 1e-9 {
					t.Fatalf("weight = %v, want %v", in.Weight, tt.weight)
				}
			}
		})
	}
}

func TestClassifyKeysAndTitles(t *testing.T) {
	occ := time.Date(2026, 3, 9, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	ev := model.Event{ID: OccurrenceID("abc@x", occ), UID: "abc@x", Title: "1:1", Start: occ,
		Organizer: model.Attendee{Email: "me@work.test"}, Attendees: []model.Attendee{{Name: "Ann", Email: "ann@x.test"}}}
	m := New(Options{IsSelf: self}).Classify(ev)
	if m.Key != "ev:abc@x/20260309T080000Z" || m.ThreadKey != "ev:abc@x" {
		t.Fatalf("key %q thread %q", m.Key, m.ThreadKey)
	}
	if m.Subject != "" {
		t.Fatalf("subject %q kept without KeepTitles", m.Subject)
	}
	if !m.At.Equal(occ) || m.At.Location() != time.UTC {
		t.Fatalf("At = %v, want %v in UTC", m.At, occ)
	}
	if m.Interactions[0].Name != "Ann" {
		t.Fatalf("name %q, want Ann", m.Interactions[0].Name)
	}
	if OccurrenceID("abc@x", time.Time{}) != "abc@x" {
		t.Fatal("a single event's id must be its UID")
	}
}
