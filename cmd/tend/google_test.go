package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	calendar "google.golang.org/api/calendar/v3"
	people "google.golang.org/api/people/v1"

	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/internal/oauth"
)

// googleConfig writes a config with a gmail and a google-calendar account
// pointed at the fake, each signed in with a token that needs a refresh.
func googleConfig(t *testing.T, f *googlefake.Fake) (cfg, dir string) {
	t.Helper()
	dir = t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "[index]\npath = %q\n", filepath.Join(dir, "tend.db"))
	for _, kind := range []string{"gmail", "google-calendar"} {
		name := strings.SplitN(kind, "-", 2)[len(strings.SplitN(kind, "-", 2))-1]
		fmt.Fprintf(&b, "\n[[accounts]]\nname = %q\nkind = %q\nclient_id = %q\nclient_secret = %q\napi_endpoint = %q\nauth_url = %q\ntoken_url = %q\n",
			name, kind, googlefake.ClientID, googlefake.ClientSecret, f.URL, f.AuthURL(), f.TokenURL())
		refresh, _ := f.Issue(oauth.Scopes(kind, "", true), time.Hour)
		// An expired access token: the first request refreshes it.
		tok := &oauth.Token{AccessToken: "stale", RefreshToken: refresh, Expiry: time.Now().Add(-time.Hour),
			Email: "me@example.com", Scopes: oauth.Scopes(kind, "", true)}
		st := oauth.FileStore{Path: filepath.Join(dir, "tokens", name+".json")}
		if err := st.Save(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
	}
	cfg = filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, dir
}

func contactsJSON(t *testing.T, cfg string) map[string]map[string]any {
	t.Helper()
	out := mustTend(t, "--config", cfg, "contacts", "--all", "--json", "--now", "2026-11-25")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	m := map[string]map[string]any{}
	for _, r := range rows {
		m[r["email"].(string)] = r
	}
	return m
}

// TestGoogleEndToEnd: Gmail and Calendar through `tend sync` to the
// reach-out list; a meeting refreshes a relationship mail had let lapse.
func TestGoogleEndToEnd(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	// A year-old mail rhythm with Ada: both ways, monthly, then silence.
	for i := range 8 {
		at := time.Date(2025, time.Month(3+i), 4, 10, 0, 0, 0, time.UTC)
		from, to, label := "Ada Byron <ada@acme.com>", "me@example.com", "INBOX"
		if i%2 == 1 {
			from, to, label = "Me <me@example.com>", "ada@acme.com", "SENT"
		}
		f.AddMessage([]string{label}, at, fmt.Sprintf("Message-ID: <ada%d@x>\r\nDate: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: Pilot %d\r\n",
			i, at.Format(time.RFC1123Z), from, to, i))
	}
	// A newsletter never counts.
	f.AddMessage([]string{"INBOX"}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		"Message-ID: <n1@x>\r\nDate: Sun, 1 Nov 2026 00:00:00 +0000\r\nFrom: news@shop.com\r\nTo: me@example.com\r\nList-Unsubscribe: <mailto:u@shop.com>\r\n")
	cfg, dir := googleConfig(t, f)

	mustTend(t, "--config", cfg, "sync", "--account", "gmail")
	before := contactsJSON(t, cfg)
	ada := before["ada@acme.com"]
	if ada == nil || ada["status"] != "lapsed" {
		t.Fatalf("after mail only, Ada = %v, want lapsed", ada)
	}
	if before["news@shop.com"] != nil {
		t.Error("a newsletter became a contact")
	}

	// A meeting with Ada last week, a declined one, a birthday.
	f.PutEvent("primary", calendar.Event{Id: "m1", ICalUID: "m1@google.com", Summary: "Renewal",
		Start:     &calendar.EventDateTime{DateTime: "2026-11-18T15:00:00Z"},
		End:       &calendar.EventDateTime{DateTime: "2026-11-18T16:00:00Z"},
		Organizer: &calendar.EventOrganizer{Email: "me@example.com", Self: true},
		Attendees: []*calendar.EventAttendee{{Email: "me@example.com", Self: true, ResponseStatus: "accepted"},
			{Email: "ada@acme.com", DisplayName: "Ada Byron", ResponseStatus: "accepted"}}})
	f.PutPerson(people.Person{Names: []*people.Name{{DisplayName: "Ada Byron"}},
		EmailAddresses: []*people.EmailAddress{{Value: "ada@acme.com"}},
		Birthdays:      []*people.Birthday{{Date: &people.Date{Month: 12, Day: 1}}}})
	mustTend(t, "--config", cfg, "sync")
	after := contactsJSON(t, cfg)["ada@acme.com"]
	if after == nil || after["status"] != "active" || after["last_channel"] != "meeting" {
		t.Fatalf("after the meeting, Ada = %v, want active via a meeting", after)
	}

	// The requests: tokens refreshed and saved, read-only scopes, sync tokens reused.
	if f.Refreshes() != 2 {
		t.Errorf("refreshes = %d, want one per account", f.Refreshes())
	}
	data, _ := os.ReadFile(filepath.Join(dir, "tokens", "calendar.json"))
	if strings.Contains(string(data), `"stale"`) {
		t.Error("refreshed token not saved")
	}
	mustTend(t, "--config", cfg, "sync")
	evs := f.Requests("/calendar/v3/calendars/primary/events")
	if q := evs[len(evs)-1].Query; q.Get("syncToken") == "" {
		t.Errorf("second calendar sync sent no syncToken: %v", q)
	}
	if h := f.Requests("/gmail/v1/users/me/history"); len(h) != 2 {
		t.Errorf("gmail history requests = %d, want 2 (one per re-sync)", len(h))
	}
	status := mustTend(t, "--config", cfg, "status", "--now", "2026-11-25")
	for _, want := range []string{"signed in as me@example.com", "gmail.metadata", "calendar.events.readonly"} {
		if !strings.Contains(status, want) {
			t.Errorf("status lacks %q:\n%s", want, status)
		}
	}

	// Revoked: that account fails with the command to run; the other syncs.
	f.RevokeAll()
	refresh, _ := f.Issue(oauth.Scopes("gmail", "", true), time.Hour)
	_ = oauth.FileStore{Path: filepath.Join(dir, "tokens", "gmail.json")}.Save(t.Context(),
		&oauth.Token{RefreshToken: refresh, Email: "me@example.com"})
	cal := oauth.FileStore{Path: filepath.Join(dir, "tokens", "calendar.json")}
	tok, _ := cal.Load(t.Context())
	tok.Expiry = time.Now().Add(-time.Hour)
	_ = cal.Save(t.Context(), tok)
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err == nil || !strings.Contains(errOut, "tend auth google --account calendar") || strings.Contains(err.Error(), "gmail") {
		t.Fatalf("err = %v\nstderr: %s", err, errOut)
	}
}
