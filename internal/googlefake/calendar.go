package googlefake

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	calendar "google.golang.org/api/calendar/v3"
)

type calEvent struct {
	ev  *calendar.Event
	seq int
}

type calendarState struct {
	events []*calEvent
	seq    int
	epoch  int // sync tokens of an earlier epoch are gone (410)
}

func (f *Fake) calendarLocked(id string) *calendarState {
	c, ok := f.cal[id]
	if !ok {
		c = &calendarState{}
		f.cal[id] = c
	}
	return c
}

// PutEvent adds or replaces (by Id) an event of calendar calID; an empty
// Id gets one. Status defaults to "confirmed". It returns the id.
func (f *Fake) PutEvent(calID string, ev calendar.Event) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calendarLocked(calID)
	c.seq++
	if ev.Id == "" {
		ev.Id = fmt.Sprintf("ev%04d", c.seq)
	}
	if ev.Status == "" {
		ev.Status = "confirmed"
	}
	ev.Kind, ev.Etag = "calendar#event", fmt.Sprintf(`"%d"`, c.seq)
	ev.Updated = f.now().UTC().Format("2006-01-02T15:04:05.000Z")
	if ev.EventType == "" {
		ev.EventType = "default"
	}
	for i, e := range c.events {
		if e.ev.Id == ev.Id {
			c.events = append(c.events[:i], c.events[i+1:]...)
			break
		}
	}
	c.events = append(c.events, &calEvent{ev: &ev, seq: c.seq})
	return ev.Id
}

// CancelEvent marks an event cancelled, as deleting it in Google Calendar does.
func (f *Fake) CancelEvent(calID, id string) {
	f.PutEvent(calID, calendar.Event{Id: id, Status: "cancelled"})
}

// ExpireSyncTokens makes every sync token of calID so far answer 410 Gone.
func (f *Fake) ExpireSyncTokens(calID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calendarLocked(calID)
	c.epoch++
}

func (f *Fake) routeCalendar(mux *http.ServeMux) {
	mux.HandleFunc("GET /calendar/v3/calendars/{cal}/events", f.calendarEvents)
}

// forbiddenWithSyncToken are the events.list parameters Google rejects
// together with syncToken.
var forbiddenWithSyncToken = []string{"iCalUID", "orderBy", "privateExtendedProperty", "q",
	"sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"}

func (f *Fake) calendarEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	calID := r.PathValue("cal")
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calendarLocked(calID)
	since := -1
	if tok := q.Get("syncToken"); tok != "" {
		for _, p := range forbiddenWithSyncToken {
			if q.Has(p) {
				badRequest(w, "The parameter %s cannot be used together with syncToken.", p)
				return
			}
		}
		ep, n, err := parseToken(tok, "CPDAlvW")
		if err != nil {
			badRequest(w, "Invalid sync token value.")
			return
		}
		if ep != c.epoch {
			writeError(w, http.StatusGone, "fullSyncRequired", "")
			return
		}
		since = n
	}
	var items []*calendar.Event
	for _, e := range c.events {
		if e.seq <= since {
			continue
		}
		if since < 0 && e.ev.Status == "cancelled" && q.Get("showDeleted") != "true" {
			continue
		}
		if e.ev.Status == "cancelled" {
			// Google sends a cancelled event with little more than its id.
			items = append(items, &calendar.Event{Kind: e.ev.Kind, Etag: e.ev.Etag, Id: e.ev.Id, Status: "cancelled"})
			continue
		}
		items = append(items, e.ev)
	}
	lo, hi, next := page(len(items), q, "maxResults", 250)
	out := &calendar.Events{Kind: "calendar#events", Etag: fmt.Sprintf(`"p%d"`, c.seq), Summary: f.calendarSummary(calID),
		TimeZone: "UTC", AccessRole: "owner", Updated: f.now().UTC().Format("2006-01-02T15:04:05.000Z"),
		DefaultReminders: []*calendar.EventReminder{}, Items: items[lo:hi], NextPageToken: next}
	if next == "" {
		out.NextSyncToken = fmt.Sprintf("CPDAlvW%d_%d", c.epoch, c.seq)
	}
	writeJSON(w, out)
}

func (f *Fake) calendarSummary(id string) string {
	if id == "primary" {
		return f.gmail.email
	}
	return id
}

// parseToken reads a fake sync token: prefix + epoch + "_" + seq.
func parseToken(tok, prefix string) (epoch, seq int, err error) {
	a, b, ok := strings.Cut(strings.TrimPrefix(tok, prefix), "_")
	if !ok {
		return 0, 0, fmt.Errorf("bad token")
	}
	if epoch, err = strconv.Atoi(a); err != nil {
		return 0, 0, err
	}
	seq, err = strconv.Atoi(b)
	return epoch, seq, err
}
