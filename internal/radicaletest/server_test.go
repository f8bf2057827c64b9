package radicaletest

import (
	"net/http"
	"strings"
	"testing"
)

func TestStartServesCalDAV(t *testing.T) {
	s := Start(t)
	s.MkCalendar(t, "work", "Work")
	s.PutEvent(t, "work", "a.ics", "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:a\nDTSTAMP:20260101T000000Z\nDTSTART:20260105T100000Z\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n")
	req, _ := http.NewRequest(http.MethodGet, s.CollectionURL("work")+"a.ics", nil)
	req.SetBasicAuth(s.User, s.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("GET event: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	// Without the password, nothing.
	resp2, err := http.Get(s.CollectionURL("work") + "a.ics")
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous GET: %s, want 401", resp2.Status)
	}
	s.Delete(t, "work", "a.ics")
}
