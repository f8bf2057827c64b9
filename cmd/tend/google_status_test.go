package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	calendar "google.golang.org/api/calendar/v3"

	"github.com/tend-dev/tend/internal/googlefake"
)

// TestGoogleStatus: per Google account, `tend status` shows the signed-in
// address, the scopes granted, the access token's expiry and how old each
// source's cursor is; never a token.
func TestGoogleStatus(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	at := time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)
	f.AddMessage([]string{"INBOX"}, at, fmt.Sprintf("Message-ID: <a@x>\r\nDate: %s\r\nFrom: ada@acme.com\r\nTo: me@example.com\r\nSubject: Hi\r\n", at.Format(time.RFC1123Z)))
	f.PutEvent("primary", calendar.Event{Id: "m1", Summary: "Sync",
		Start:     &calendar.EventDateTime{DateTime: "2026-10-02T15:00:00Z"},
		End:       &calendar.EventDateTime{DateTime: "2026-10-02T16:00:00Z"},
		Organizer: &calendar.EventOrganizer{Email: "me@example.com", Self: true},
		Attendees: []*calendar.EventAttendee{{Email: "ada@acme.com", ResponseStatus: "accepted"}}})
	cfg, _ := googleConfig(t, f)
	before := mustTend(t, "--config", cfg, "status")
	if !strings.Contains(before, "access token expired") || !strings.Contains(before, "never synced") {
		t.Errorf("before a sync, status should say the token expired and nothing synced:\n%s", before)
	}
	mustTend(t, "--config", cfg, "sync")

	now := time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339)
	out := mustTend(t, "--config", cfg, "status", "--now", now)
	for _, acct := range []string{"gmail", "calendar"} {
		i := strings.Index(out, "account "+acct+" (")
		if i < 0 {
			t.Fatalf("no account %s in:\n%s", acct, out)
		}
		block := out[i:]
		if j := strings.Index(block[1:], "\naccount "); j > 0 {
			block = block[:j+1]
		}
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`signed in as me@example\.com`),
			regexp.MustCompile(`scopes: openid email https://www\.googleapis\.com/auth/`),
			// Refreshed at the sync, valid for an hour: 3 h later it has expired.
			regexp.MustCompile(`access token expired \d{4}-\d\d-\d\d \d\d:\d\d \(\d+ h ago\)`),
			regexp.MustCompile(`SOURCE\s+ITEMS\s+CARDS\s+CURSOR SAVED`),
			regexp.MustCompile(`\(3 h ago\)`), // the cursor's age
		} {
			if !want.MatchString(block) {
				t.Errorf("account %s: status lacks %s:\n%s", acct, want, block)
			}
		}
		if strings.Contains(block, "ya29.") || strings.Contains(block, "1//r-") {
			t.Errorf("status shows a token:\n%s", block)
		}
	}
}
