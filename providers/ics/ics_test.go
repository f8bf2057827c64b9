package ics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/meetings"
	"github.com/tend-dev/tend/model"
)

var now = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04Z", s)
	if err != nil {
		panic(err)
	}
	return t
}

// occurrence is what a user would check in their calendar: who, when, and
// whether it counted.
type occurrence struct {
	id     string
	start  time.Time
	class  model.Class
	people string // comma-separated addresses with contact
}

func readAll(t *testing.T, src *Source) map[string]occurrence {
	t.Helper()
	cals, _ := src.Calendars(context.Background())
	ch, err := src.Events(context.Background(), cals[0], "")
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	if !ch.Reset || ch.Cursor == "" {
		t.Fatalf("first read: Reset %v cursor %q; want a full read with a cursor", ch.Reset, ch.Cursor)
	}
	rules := meetings.New(meetings.Options{IsSelf: func(e string) bool { return e == "me@work.test" }})
	out := map[string]occurrence{}
	for _, it := range ch.Items {
		for _, ev := range it.Events {
			m := rules.Classify(ev)
			var who []string
			for _, in := range m.Interactions {
				who = append(who, in.Email)
			}
			if _, dup := out[ev.ID]; dup {
				t.Fatalf("occurrence %s twice", ev.ID)
			}
			out[ev.ID] = occurrence{ev.ID, ev.Start, m.Class, strings.Join(who, ",")}
		}
	}
	return out
}

func TestExports(t *testing.T) {
	tests := []struct {
		file  string
		count int
		want  []occurrence
	}{
		{"google.ics", 14, []occurrence{
			{"7kq3e1weekly@google.com/20260302T080000Z", utc("2026-03-02T08:00Z"), model.Personal, "ann@acme.test"},
			// After the switch to summer time the 09:00 meeting is at 07:00 UTC.
			{"7kq3e1weekly@google.com/20260330T070000Z", utc("2026-03-30T07:00Z"), model.Personal, "ann@acme.test"},
			// The moved occurrence keeps its original id and has its new time.
			{"7kq3e1weekly@google.com/20260316T080000Z", utc("2026-03-17T13:00Z"), model.Personal, "ann@acme.test"},
			{"offsite2026@google.com", utc("2026-03-05T00:00Z"), model.Personal, "carl@beta.test"},
			{"declined1@google.com", utc("2026-03-11T16:00Z"), model.Declined, ""},
			{"cancelled1@google.com", utc("2026-03-12T10:00Z"), model.Cancelled, ""},
		}},
		{"outlook.ics", 4, []occurrence{
			{"040000008200E00074C5B7101A82E00800000000D0C4B2D1A1AADC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90/20260303T090000Z",
				utc("2026-03-03T09:00Z"), model.Personal, "frank.ortiz@epsilon.test"},
			{"040000008200E00074C5B7101A82E00800000000D0C4B2D1A1AADC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90/20260407T080000Z",
				utc("2026-04-07T08:00Z"), model.Personal, "frank.ortiz@epsilon.test"},
			// A custom zone defined only by its VTIMEZONE rules (US Eastern, summer time from 8 March).
			{"040000008200E00074C5B7101A82E0080000000011111111", utc("2026-03-10T13:30Z"), model.Personal, "gina@zeta.test"},
		}},
		{"apple.ics", 2, []occurrence{
			{"5F1C2A3B-4D5E-4F60-8192-A3B4C5D6E7F8", utc("2026-04-02T16:00Z"), model.Personal, "hugo@eta.test"},
			{"9A8B7C6D-0000-4F60-8192-BIRTHDAY0001/20260314T000000Z", utc("2026-03-14T00:00Z"), model.Self, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := readAll(t, New(Options{Location: filepath.Join("testdata", tt.file), Clock: func() time.Time { return now }}))
			if len(got) != tt.count {
				t.Errorf("%d occurrences, want %d: %v", len(got), tt.count, got)
			}
			for _, w := range tt.want {
				g, ok := got[w.id]
				if !ok {
					t.Errorf("missing occurrence %s", w.id)
					continue
				}
				if !g.start.Equal(w.start) || g.class != w.class || g.people != w.people {
					t.Errorf("occurrence %s = %v %s [%s], want %v %s [%s]", w.id, g.start, g.class, g.people, w.start, w.class, w.people)
				}
			}
			if _, ok := got["7kq3e1weekly@google.com/20260309T080000Z"]; ok {
				t.Error("EXDATE occurrence was kept")
			}
		})
	}
}

func TestUnchangedFileIsNoChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cal.ics")
	data, _ := os.ReadFile(filepath.Join("testdata", "apple.ics"))
	os.WriteFile(path, data, 0o600)
	src := New(Options{Location: path, Clock: func() time.Time { return now }})
	cal := model.Collection{ID: path}
	first, err := src.Events(context.Background(), cal, "")
	if err != nil {
		t.Fatal(err)
	}
	again, err := src.Events(context.Background(), cal, first.Cursor)
	if err != nil || again.Reset || len(again.Items) != 0 || again.Cursor != first.Cursor {
		t.Fatalf("unchanged file: %+v, %v; want no change", again, err)
	}
	os.WriteFile(path, append(data, data...), 0o600)
	changed, err := src.Events(context.Background(), cal, first.Cursor)
	if err != nil || !changed.Reset || changed.Cursor == first.Cursor {
		t.Fatalf("changed file: reset %v cursor %q, %v; want a full re-read", changed.Reset, changed.Cursor, err)
	}
}

func TestBadInput(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/private-SECRET/basic.ics" {
			http.Error(w, "gone", http.StatusNotFound)
			return
		}
		w.Write([]byte("<html>not a calendar</html>"))
	}))
	defer srv.Close()
	tests := []struct {
		name, location string
	}{
		{"missing file", filepath.Join(t.TempDir(), "nope.ics")},
		{"not a calendar", srv.URL + "/page"},
		{"http error", srv.URL + "/private-SECRET/basic.ics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := New(Options{Location: tt.location, Clock: func() time.Time { return now }})
			cals, _ := src.Calendars(context.Background())
			_, err := src.Events(context.Background(), cals[0], "")
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "SECRET") || strings.Contains(cals[0].ID, "SECRET") {
				t.Fatalf("the URL's secret path leaked: %v (id %q)", err, cals[0].ID)
			}
		})
	}
}
