package caldav_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/radicaletest"
	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/caldav"
	"github.com/tend-dev/tend/providers/internal/dav"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// now is "today" in these tests: the week after Europe's DST switch is
// inside the 60-day horizon.
var now = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

const me = "me@work.test"

func vcal(body string) string {
	return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tend//test//EN\n" + body + "END:VCALENDAR\n"
}

// Events the way Apple Calendar, Thunderbird and Outlook write them to a
// CalDAV server.
var events = map[string]string{
	// A weekly 1:1 in Berlin time across the DST switch (29 March), one
	// occurrence excluded, one moved by a day.
	"weekly.ics": vcal(`BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19810329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-ann@work.test
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20260105T090000
DTEND;TZID=Europe/Berlin:20260105T093000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=Europe/Berlin:20260119T090000
SUMMARY:Ann / me 1:1
ORGANIZER;CN=Me:mailto:me@work.test
ATTENDEE;CN=Ann Example;PARTSTAT=ACCEPTED:mailto:ann@acme.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@work.test
END:VEVENT
BEGIN:VEVENT
UID:weekly-ann@work.test
DTSTAMP:20260101T000000Z
RECURRENCE-ID;TZID=Europe/Berlin:20260202T090000
DTSTART;TZID=Europe/Berlin:20260203T100000
DTEND;TZID=Europe/Berlin:20260203T103000
SUMMARY:Ann / me 1:1 (moved)
ORGANIZER;CN=Me:mailto:me@work.test
ATTENDEE;CN=Ann Example;PARTSTAT=ACCEPTED:mailto:ann@acme.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@work.test
END:VEVENT
`),
	// Two New York meetings either side of the US DST switch (8 March).
	"ny.ics": vcal(`BEGIN:VEVENT
UID:ny-bob@work.test
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/New_York:20260302T100000
DURATION:PT1H
RRULE:FREQ=WEEKLY;COUNT=2
SUMMARY:Pipeline review
ORGANIZER;CN=Bob Buyer:mailto:bob@buyer.test
ATTENDEE;CN=Bob Buyer;PARTSTAT=ACCEPTED:mailto:bob@buyer.test
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:me@work.test
END:VEVENT
`),
	"offsite.ics": vcal(`BEGIN:VEVENT
UID:offsite@work.test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260210
DTEND;VALUE=DATE:20260211
SUMMARY:Offsite with Cat
ORGANIZER:mailto:me@work.test
ATTENDEE;CN=Cat;PARTSTAT=ACCEPTED:mailto:cat@partner.test
END:VEVENT
`),
	"declined.ics": vcal(`BEGIN:VEVENT
UID:declined@work.test
DTSTAMP:20260101T000000Z
DTSTART:20260212T150000Z
SUMMARY:Vendor pitch
ORGANIZER;CN=Dan:mailto:dan@vendor.test
ATTENDEE;PARTSTAT=DECLINED:mailto:me@work.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:dan@vendor.test
END:VEVENT
`),
	"room.ics": vcal(`BEGIN:VEVENT
UID:room@work.test
DTSTAMP:20260101T000000Z
DTSTART:20260213T100000Z
SUMMARY:Interview Eve
ORGANIZER:mailto:me@work.test
ATTENDEE;CN=Eve;PARTSTAT=ACCEPTED:mailto:eve@cand.test
ATTENDEE;CUTYPE=ROOM;CN=Room 4;PARTSTAT=ACCEPTED:mailto:room4@work.test
ATTENDEE;CUTYPE=RESOURCE;CN=Projector:mailto:projector@work.test
END:VEVENT
`),
	"cancelled.ics": vcal(`BEGIN:VEVENT
UID:cancelled@work.test
DTSTAMP:20260101T000000Z
DTSTART:20260214T100000Z
STATUS:CANCELLED
SUMMARY:Lunch with Fay
ORGANIZER:mailto:me@work.test
ATTENDEE;CN=Fay:mailto:fay@x.test
END:VEVENT
`),
	// Beyond the horizon today; inside it once the clock moves on.
	"later.ics": vcal(`BEGIN:VEVENT
UID:later@work.test
DTSTAMP:20260101T000000Z
DTSTART:20260701T100000Z
SUMMARY:Summer catch-up with Gus
ORGANIZER:mailto:me@work.test
ATTENDEE;CN=Gus:mailto:gus@x.test
END:VEVENT
`),
}

func startWithEvents(t *testing.T) *radicaletest.Server {
	t.Helper()
	s := radicaletest.Start(t)
	s.MkCalendar(t, "work", "Work")
	s.MkCalendar(t, "private", "Private")
	for name, ics := range events {
		s.PutEvent(t, "work", name, ics)
	}
	return s
}

func newSource(t *testing.T, s *radicaletest.Server, url string, clock *time.Time, cals ...string) *caldav.Source {
	t.Helper()
	src, err := caldav.New(caldav.Options{URL: url, Username: s.User, Password: s.Password,
		Calendars: cals, Clock: func() time.Time { return *clock }})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// byID indexes every event of the changes by its occurrence id.
func byID(ch model.EventChanges) map[string]model.Event {
	out := map[string]model.Event{}
	for _, it := range ch.Items {
		for _, ev := range it.Events {
			out[ev.ID] = ev
		}
	}
	return out
}

func TestEventsFromRadicale(t *testing.T) {
	s := startWithEvents(t)
	clock := now
	src := newSource(t, s, s.CollectionURL("work"), &clock)
	ctx := context.Background()
	cals, err := src.Calendars(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cals) != 1 || cals[0].Name != "Work" {
		t.Fatalf("calendars of a calendar URL = %+v, want just Work", cals)
	}
	ch, err := src.Events(ctx, cals[0], "")
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Reset || len(ch.Items) != len(events) || ch.Cursor == "" {
		t.Fatalf("first sync: reset=%v, %d items, cursor %q; want reset, %d items, a cursor", ch.Reset, len(ch.Items), ch.Cursor, len(events))
	}
	evs := byID(ch)
	rules := meetings.New(meetings.Options{IsSelf: func(e string) bool { return e == me }})
	utc := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		name   string
		id     string
		start  time.Time
		allDay bool
		class  model.Class
		people string
	}{
		{"weekly before DST (CET)", "weekly-ann@work.test/20260323T080000Z", utc("2026-03-23T08:00:00Z"), false, model.Personal, "ann@acme.test"},
		{"weekly after DST (CEST)", "weekly-ann@work.test/20260330T070000Z", utc("2026-03-30T07:00:00Z"), false, model.Personal, "ann@acme.test"},
		{"moved occurrence keeps its id", "weekly-ann@work.test/20260202T080000Z", utc("2026-02-03T09:00:00Z"), false, model.Personal, "ann@acme.test"},
		{"planned occurrence inside the horizon", "weekly-ann@work.test/20260518T070000Z", utc("2026-05-18T07:00:00Z"), false, model.Personal, "ann@acme.test"},
		{"New York before DST (EST)", "ny-bob@work.test/20260302T150000Z", utc("2026-03-02T15:00:00Z"), false, model.Personal, "bob@buyer.test"},
		{"New York after DST (EDT)", "ny-bob@work.test/20260309T140000Z", utc("2026-03-09T14:00:00Z"), false, model.Personal, "bob@buyer.test"},
		{"all-day", "offsite@work.test", utc("2026-02-10T00:00:00Z"), true, model.Personal, "cat@partner.test"},
		{"declined", "declined@work.test", utc("2026-02-12T15:00:00Z"), false, model.Declined, ""},
		{"rooms and resources are not people", "room@work.test", utc("2026-02-13T10:00:00Z"), false, model.Personal, "eve@cand.test"},
		{"cancelled", "cancelled@work.test", utc("2026-02-14T10:00:00Z"), false, model.Cancelled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, ok := evs[tt.id]
			if !ok {
				t.Fatalf("no occurrence %s", tt.id)
			}
			if !ev.Start.Equal(tt.start) || ev.AllDay != tt.allDay {
				t.Fatalf("start %v all-day %v, want %v %v", ev.Start, ev.AllDay, tt.start, tt.allDay)
			}
			m := rules.Classify(ev)
			var people []string
			for _, in := range m.Interactions {
				people = append(people, in.Email)
			}
			if m.Class != tt.class || strings.Join(people, ",") != tt.people {
				t.Fatalf("class %s with %v, want %s with %q", m.Class, people, tt.class, tt.people)
			}
		})
	}
	weekly := 0
	for id := range evs {
		if strings.HasPrefix(id, "weekly-ann@work.test/") {
			weekly++
		}
	}
	// 5 Jan to 18 May is 20 Mondays; 19 Jan is excluded.
	if weekly != 19 {
		t.Errorf("%d weekly occurrences, want 19", weekly)
	}
	for _, bad := range []string{"weekly-ann@work.test/20260119T080000Z", "later@work.test"} {
		if _, ok := evs[bad]; ok {
			t.Errorf("occurrence %s should not be there", bad)
		}
	}
}

// TestDiscoveryFromBaseURL finds the calendars from the server's root (well-
// known URL, principal, home set) and applies the selection by name.
func TestDiscoveryFromBaseURL(t *testing.T) {
	s := startWithEvents(t)
	clock := now
	ctx := context.Background()
	cals, err := newSource(t, s, s.URL, &clock).Calendars(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cals {
		names = append(names, c.Name+"="+c.ID)
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "Private=/alice/private/ Work=/alice/work/" {
		t.Fatalf("discovered %v", names)
	}
	cals, err = newSource(t, s, s.URL, &clock, "work").Calendars(ctx)
	if err != nil || len(cals) != 1 || cals[0].ID != "/alice/work/" {
		t.Fatalf("selecting work: %+v, %v", cals, err)
	}
	if _, err := newSource(t, s, s.URL, &clock, "Holidays").Calendars(ctx); err == nil || !strings.Contains(err.Error(), `"Holidays"`) {
		t.Fatalf("selecting a calendar that does not exist: %v, want an error naming it", err)
	}
	bad, err := caldav.New(caldav.Options{URL: s.URL, Username: s.User, Password: "wrong-password-123"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Calendars(ctx)
	if !errors.Is(err, dav.ErrUnauthorized) || strings.Contains(err.Error(), "wrong-password-123") {
		t.Fatalf("wrong password: %v, want ErrUnauthorized without the password", err)
	}
}

func TestRefusesPlainHTTPToARemoteHost(t *testing.T) {
	_, err := caldav.New(caldav.Options{URL: "http://dav.example.com/", Username: "u", Password: "p"})
	if err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("err = %v, want a refusal of plain http", err)
	}
	_, err = caldav.New(caldav.Options{URL: "https://u:pw@dav.example.com/"})
	if err == nil || strings.Contains(err.Error(), "pw") {
		t.Fatalf("err = %v, want a refusal of credentials in the URL that does not repeat them", err)
	}
}

// meetingsWith returns, per address, the sorted meeting dates in the index.
func meetingsWith(t *testing.T, st *store.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := st.Histories(context.Background(), func(h model.PersonHistory) error {
		for _, tc := range h.Touches {
			if tc.Channel == model.Meeting {
				out[tc.Email] = append(out[tc.Email], tc.At.UTC().Format("01-02T15:04"))
			}
		}
		sort.Strings(out[h.Email])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestIncrementalSync runs the sync engine against Radicale: changes on the
// server show up in the index on the next sync, without duplicates or stale
// meetings; an advancing clock brings later occurrences in.
func TestIncrementalSync(t *testing.T) {
	t.Run("sync-collection", func(t *testing.T) { testIncremental(t, nil) })
	t.Run("etags, server without sync-collection", func(t *testing.T) { testIncremental(t, noSyncCollection{}) })
}

// noSyncCollection makes the real server look like one without RFC 6578.
type noSyncCollection struct{}

func (noSyncCollection) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == "REPORT" && req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		if bytes.Contains(b, []byte("sync-collection")) {
			return &http.Response{StatusCode: http.StatusNotImplemented, Status: "501 Not Implemented",
				Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}, Request: req}, nil
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	return http.DefaultTransport.RoundTrip(req)
}

func testIncremental(t *testing.T, rt http.RoundTripper) {
	s := startWithEvents(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tend.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clock := now
	src, err := caldav.New(caldav.Options{URL: s.URL, Username: s.User, Password: s.Password,
		Calendars: []string{"Work"}, Clock: func() time.Time { return clock }, Transport: rt})
	if err != nil {
		t.Fatal(err)
	}
	acct := tendsync.CalendarAccount{Name: "dav",
		Dial:  func(context.Context) (tendsync.CalendarSource, error) { return src, nil },
		Rules: meetings.New(meetings.Options{IsSelf: func(e string) bool { return e == me }})}
	sync := func() {
		t.Helper()
		if _, err := tendsync.SyncCalendar(ctx, st, acct, tendsync.Options{Clock: func() time.Time { return clock }}); err != nil {
			t.Fatal(err)
		}
	}
	sync()
	got := meetingsWith(t, st)
	if len(got["ann@acme.test"]) != 19 || len(got["eve@cand.test"]) != 1 || got["dan@vendor.test"] != nil || got["fay@x.test"] != nil {
		t.Fatalf("after the first sync: %v", got)
	}
	sync() // nothing changed: nothing moves
	if again := meetingsWith(t, st); fmt.Sprint(again) != fmt.Sprint(got) {
		t.Fatalf("a no-change sync changed the index:\n%v\n%v", got, again)
	}

	// Add a meeting, move the interview, delete the offsite.
	s.PutEvent(t, "work", "new.ics", vcal(`BEGIN:VEVENT
UID:new@work.test
DTSTAMP:20260301T000000Z
DTSTART:20260318T160000Z
SUMMARY:Coffee with Hal
ORGANIZER:mailto:hal@x.test
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@work.test
END:VEVENT
`))
	s.PutEvent(t, "work", "room.ics", strings.Replace(events["room.ics"], "DTSTART:20260213T100000Z", "DTSTART:20260216T110000Z", 1))
	s.Delete(t, "work", "offsite.ics")
	sync()
	got = meetingsWith(t, st)
	if fmt.Sprint(got["hal@x.test"]) != "[03-18T16:00]" {
		t.Errorf("new meeting: %v", got["hal@x.test"])
	}
	if fmt.Sprint(got["eve@cand.test"]) != "[02-16T11:00]" {
		t.Errorf("moved meeting: %v, want only the new date", got["eve@cand.test"])
	}
	if got["cat@partner.test"] != nil {
		t.Errorf("deleted event still counts: %v", got["cat@partner.test"])
	}
	if len(got["ann@acme.test"]) != 19 {
		t.Errorf("weekly: %d occurrences, want 19", len(got["ann@acme.test"]))
	}

	// Two months on: the weekly series and the summer meeting come into the
	// horizon without any change on the server.
	clock = now.AddDate(0, 2, 0)
	sync()
	got = meetingsWith(t, st)
	if n := len(got["ann@acme.test"]); n != 27 { // 28 Mondays to 13 July, less the excluded one
		t.Errorf("weekly after two months: %d occurrences, want 27", n)
	}
	if fmt.Sprint(got["gus@x.test"]) != "[07-01T10:00]" {
		t.Errorf("summer meeting: %v, want it once the horizon reaches it", got["gus@x.test"])
	}
}

func TestExpiredSyncTokenIsCursorInvalid(t *testing.T) {
	s := startWithEvents(t)
	clock := now
	src := newSource(t, s, s.CollectionURL("work"), &clock)
	cal := model.Collection{ID: "/alice/work/"}
	_, err := src.Events(context.Background(), cal, `{"t":"http://radicale.org/ns/sync/0000","h":"2026-05-19"}`)
	if !errors.Is(err, model.ErrCursorInvalid) {
		t.Fatalf("err = %v, want ErrCursorInvalid", err)
	}
	if _, err := src.Events(context.Background(), cal, "garbage"); !errors.Is(err, model.ErrCursorInvalid) {
		t.Fatalf("unreadable cursor: %v, want ErrCursorInvalid", err)
	}
}
