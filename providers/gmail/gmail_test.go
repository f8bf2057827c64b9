package gmail_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/providers/gmail"
)

var fields = []string{"Message-ID", "Date", "From", "To", "Subject", "List-Id"}

func newSource(t *testing.T, f *googlefake.Fake, sleeps *[]time.Duration) *gmail.Source {
	t.Helper()
	f.SetCheckAuth(false)
	s, err := gmail.New(context.Background(), gmail.Options{
		Client: gclient.Options{Endpoint: f.URL, Sleep: func(_ context.Context, d time.Duration) error {
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			return nil
		}},
		HeaderFields: fields, Workers: 3, BatchSize: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func add(f *googlefake.Fake, n int, labels ...string) []string {
	var ids []string
	for i := range n {
		ids = append(ids, f.AddMessage(labels, time.Date(2026, 3, 1+i, 9, 0, 0, 0, time.UTC),
			fmt.Sprintf("Message-ID: <m%d-%s@x>\r\nFrom: Ada <ada@acme.com>\r\nTo: me@example.com\r\nSubject: hi %d\r\nX-Secret-Body: nope\r\n", i, labels[0], i)))
	}
	return ids
}

// collect runs a sync and returns the batches.
func collect(t *testing.T, s *gmail.Source, cursor string) ([]gmail.Batch, error) {
	t.Helper()
	var out []gmail.Batch
	err := s.Sync(context.Background(), cursor, func(b gmail.Batch) error { out = append(out, b); return nil })
	return out, err
}

func ids(bs []gmail.Batch) []string {
	var out []string
	for _, b := range bs {
		for _, m := range b.Messages {
			out = append(out, m.ID)
		}
	}
	slices.Sort(out)
	return out
}

func TestFullThenIncremental(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	inbox := add(f, 3, "INBOX", "UNREAD")
	sent := add(f, 2, "SENT")
	add(f, 1, "SPAM")
	add(f, 1, "DRAFT")
	s := newSource(t, f, nil)

	bs, err := collect(t, s, "")
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(inbox), sent...)
	slices.Sort(want)
	if got := ids(bs); !slices.Equal(got, want) {
		t.Fatalf("full sync got %v, want %v", got, want)
	}
	last := bs[len(bs)-1]
	if !last.Full || last.Cursor == "" || bs[0].Cursor != "" {
		t.Errorf("cursor only on the last batch of a full sync: first %q last %q", bs[0].Cursor, last.Cursor)
	}
	m := bs[0].Messages[0]
	if strings.Contains(m.Header.Header, "X-Secret-Body") || !strings.Contains(m.Header.Header, "From: Ada <ada@acme.com>\r\n") {
		t.Errorf("header block:\n%s", m.Header.Header)
	}
	if m.Header.InternalDate.IsZero() {
		t.Error("no internal date")
	}
	// The requests tend sent: metadata only, the asked headers, labels one at a time.
	for _, r := range f.Requests("/gmail/v1/users/me/messages/") {
		if r.Query.Get("format") != "metadata" || !slices.Equal(r.Query["metadataHeaders"], fields) {
			t.Fatalf("get request %v", r.Query)
		}
	}
	var labels []string
	for _, r := range f.Requests("/gmail/v1/users/me/messages") {
		if r.Path == "/gmail/v1/users/me/messages" {
			labels = append(labels, strings.Join(r.Query["labelIds"], "+"))
		}
	}
	if !slices.Equal(labels, []string{"SENT", "INBOX"}) {
		t.Errorf("listed labels %v", labels)
	}

	// Incremental: only the new message, through history.list.
	newer := add(f, 1, "INBOX")
	add(f, 1, "SPAM")
	bs2, err := collect(t, s, last.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(bs2); !slices.Equal(got, newer) {
		t.Fatalf("incremental got %v, want %v", got, newer)
	}
	h := f.Requests("/gmail/v1/users/me/history")
	if len(h) != 1 || h[0].Query.Get("startHistoryId") != last.Cursor {
		t.Fatalf("history requests %v", h)
	}
	if bs2[len(bs2)-1].Full {
		t.Error("incremental sync marked full")
	}
}

func TestHistoryGoneFallsBackToFull(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	add(f, 2, "INBOX")
	s := newSource(t, f, nil)
	bs, err := collect(t, s, "")
	if err != nil {
		t.Fatal(err)
	}
	cursor := bs[len(bs)-1].Cursor
	add(f, 1, "SENT")
	f.ExpireHistory()
	bs2, err := collect(t, s, cursor)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ids(bs2)); got != 3 || !bs2[0].Full {
		t.Fatalf("after 404 got %d messages (full=%v), want a full sync of 3", got, bs2[0].Full)
	}
}

func TestRateLimitsAndPartialFailures(t *testing.T) {
	tests := []struct {
		name       string
		faults     []googlefake.Fault
		wantSleeps []time.Duration // exact waits when Retry-After is given
		wantErr    error
		wantMsgs   int
	}{
		{"429 with Retry-After", []googlefake.Fault{{Path: "/gmail/v1/users/me/messages/", Status: 429, RetryAfter: 7}},
			[]time.Duration{7 * time.Second}, nil, 3},
		{"403 rateLimitExceeded", []googlefake.Fault{{Path: "/gmail/v1/users/me/messages/", Status: 403, Reason: "userRateLimitExceeded", RetryAfter: 2}},
			[]time.Duration{2 * time.Second}, nil, 3},
		{"500 then ok", []googlefake.Fault{{Path: "/gmail/v1/users/me/profile", Status: 500}}, nil, nil, 3},
		{"403 forbidden is not retried", []googlefake.Fault{{Path: "/gmail/v1/users/me/messages", Status: 403, Reason: "forbidden"}},
			[]time.Duration{}, nil, 0},
		{"401", []googlefake.Fault{{Path: "/gmail/v1/users/me/profile", Status: 401}}, []time.Duration{}, gclient.ErrUnauthorized, 0},
		{"rate limit never lifts", slices.Repeat([]googlefake.Fault{{Path: "/gmail/v1/users/me/profile", Status: 429}}, 7),
			nil, gclient.ErrRateLimited, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := googlefake.New("me@example.com", nil)
			defer f.Close()
			add(f, 3, "INBOX")
			var sleeps []time.Duration
			s := newSource(t, f, &sleeps)
			f.Inject(tt.faults...)
			bs, err := collect(t, s, "")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if tt.name == "403 forbidden is not retried" {
				if err == nil || len(sleeps) != 0 {
					t.Fatalf("err = %v sleeps = %v", err, sleeps)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ids(bs)); got != tt.wantMsgs {
				t.Errorf("got %d messages, want %d", got, tt.wantMsgs)
			}
			if tt.wantSleeps != nil && !slices.Equal(sleeps, tt.wantSleeps) {
				t.Errorf("waited %v, want %v", sleeps, tt.wantSleeps)
			}
		})
	}
}

func TestMessageGoneBetweenListAndGet(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	ids0 := add(f, 3, "INBOX")
	s := newSource(t, f, nil)
	f.Inject(googlefake.Fault{Path: "/gmail/v1/users/me/messages/" + ids0[1], Status: 404})
	bs, err := collect(t, s, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(bs); len(got) != 2 || slices.Contains(got, ids0[1]) {
		t.Errorf("got %v, want the two messages still there", got)
	}
}

func TestHeaderBlockDropsBadNamesAndBreaks(t *testing.T) {
	b := string(gmail.HeaderBlock([]*gmailapi.MessagePartHeader{
		{Name: "Subject", Value: "line1\r\nBcc: injected@x"},
		{Name: "Bad Name", Value: "x"},
		{Name: "", Value: "x"},
		nil,
		{Name: "From", Value: "a@b"},
	}))
	want := "Subject: line1  Bcc: injected@x\r\nFrom: a@b\r\n\r\n"
	if b != want {
		t.Errorf("block %q, want %q", b, want)
	}
}
