package gcal_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/gcal"
)

func meeting(id, start string) calendar.Event {
	return calendar.Event{Id: id, ICalUID: id + "@google.com", Summary: "Sync " + id,
		Start:     &calendar.EventDateTime{DateTime: start},
		End:       &calendar.EventDateTime{DateTime: start},
		Organizer: &calendar.EventOrganizer{Email: "me@example.com", Self: true},
		Attendees: []*calendar.EventAttendee{
			{Email: "me@example.com", Self: true, ResponseStatus: "accepted", Organizer: true},
			{Email: "Ada@Acme.com", DisplayName: "Ada", ResponseStatus: "accepted"},
			{Email: "room-1@resource.calendar.google.com", Resource: true, ResponseStatus: "accepted"},
			{Email: "bob@acme.com", ResponseStatus: "declined"},
		}}
}

func TestSyncTokenIncrementalAnd410(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	f.SetCheckAuth(false)
	for i, s := range []string{"2026-03-02T09:00:00Z", "2026-03-03T09:00:00+02:00", "2026-03-04T09:00:00Z"} {
		f.PutEvent("primary", meeting(string(rune('a'+i)), s))
	}
	src, err := gcal.New(context.Background(), gcal.Options{Client: gclient.Options{Endpoint: f.URL}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ch, err := src.Events(ctx, "primary", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Items) != 3 || ch.Cursor == "" {
		t.Fatalf("full: %d items cursor %q", len(ch.Items), ch.Cursor)
	}
	ev := ch.Items[1].Event
	if ev.Start.Hour() != 7 || ev.ID != "b@google.com" || ev.Calendar != "primary" {
		t.Errorf("event %+v", ev)
	}
	i := slices.IndexFunc(ev.Attendees, func(a model.Attendee) bool { return a.Email == "ada@acme.com" })
	if i < 0 || ev.Attendees[i].PartStat != model.PartAccepted {
		t.Errorf("attendees %+v", ev.Attendees)
	}
	if j := slices.IndexFunc(ev.Attendees, func(a model.Attendee) bool { return a.Kind == model.KindResource }); j < 0 {
		t.Error("room not marked as a resource")
	}

	// Incremental: a cancelled event and a new one, with the token.
	f.CancelEvent("primary", "a")
	f.PutEvent("primary", meeting("d", "2026-03-05T09:00:00Z"))
	ch2, err := src.Events(ctx, "primary", ch.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ch2.Deleted, []string{"a"}) || len(ch2.Items) != 1 || ch2.Items[0].ID != "d" {
		t.Fatalf("incremental: deleted %v items %v", ch2.Deleted, ch2.Items)
	}
	reqs := f.Requests("/calendar/v3/calendars/primary/events")
	last := reqs[len(reqs)-1].Query
	if last.Get("syncToken") != ch.Cursor || last.Get("singleEvents") != "true" || last.Get("showDeleted") != "true" {
		t.Errorf("incremental query %v", last)
	}
	for _, p := range []string{"timeMin", "timeMax", "orderBy", "q", "updatedMin", "iCalUID"} {
		if last.Has(p) {
			t.Errorf("%s sent with syncToken", p)
		}
	}

	// 410 Gone: typed error, so the engine re-reads the calendar.
	f.ExpireSyncTokens("primary")
	if _, err := src.Events(ctx, "primary", ch2.Cursor); !errors.Is(err, gcal.ErrSyncTokenGone) {
		t.Fatalf("err = %v, want ErrSyncTokenGone", err)
	}
}

func TestRecurringOccurrenceIDsAndAllDay(t *testing.T) {
	tests := []struct {
		name   string
		ev     calendar.Event
		wantID string
		allDay bool
	}{
		{"occurrence", calendar.Event{Id: "r_20260302T090000Z", ICalUID: "r@google.com", RecurringEventId: "r",
			Start:             &calendar.EventDateTime{DateTime: "2026-03-02T10:00:00Z"},
			OriginalStartTime: &calendar.EventDateTime{DateTime: "2026-03-02T09:00:00Z"}},
			"r@google.com/20260302T090000Z", false},
		{"all day", calendar.Event{Id: "x", ICalUID: "x@google.com", Start: &calendar.EventDateTime{Date: "2026-03-02"}},
			"x@google.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := gcal.Event("primary", &tt.ev)
			if err != nil || ev.ID != tt.wantID || ev.AllDay != tt.allDay {
				t.Fatalf("ev %+v err %v", ev, err)
			}
		})
	}
	if _, err := gcal.Event("primary", &calendar.Event{Id: "bad", Start: &calendar.EventDateTime{DateTime: "yesterday"}}); err == nil {
		t.Error("bad start accepted")
	}
}
