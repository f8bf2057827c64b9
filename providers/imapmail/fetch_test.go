package imapmail

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tend-dev/tend/model"
)

// collect fetches and returns the UIDs, failing on out-of-order or repeated
// UIDs.
func collect(t *testing.T, c *Client, afterUID, uidNext uint32) []model.HeaderMessage {
	t.Helper()
	var got []model.HeaderMessage
	err := c.Fetch(t.Context(), afterUID, uidNext, func(m model.HeaderMessage) error {
		if n := len(got); n > 0 && m.UID <= got[n-1].UID {
			t.Fatalf("UID %d delivered after %d: not strictly ascending", m.UID, got[n-1].UID)
		}
		got = append(got, m)
		return nil
	})
	if err != nil {
		t.Fatalf("Fetch(%d, %d): %v", afterUID, uidNext, err)
	}
	return got
}

func TestFetchAllReadOnlyHeaderFieldsOnly(t *testing.T) {
	const n = 1200
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": n}})
	opts := ts.options(testPass)
	opts.BatchSize = 100
	c := dialT(t, opts)
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, c, 0, st.UIDNext)
	if len(got) != n {
		t.Fatalf("got %d messages, want %d", len(got), n)
	}
	for i, m := range got {
		if m.UID != uint32(i+1) {
			t.Fatalf("message %d has UID %d, want %d", i, m.UID, i+1)
		}
		if m.Folder != "INBOX" || m.InternalDate.IsZero() {
			t.Errorf("UID %d: Folder %q, InternalDate %v", m.UID, m.Folder, m.InternalDate)
		}
		h := m.Header
		for _, want := range []string{"From: Sender", "Subject: message", "Message-Id: <"} {
			if !strings.Contains(h, want) {
				t.Fatalf("UID %d header lacks %q:\n%s", m.UID, want, h)
			}
		}
		for _, banned := range []string{bodyMarker, secretHeader, "To:", "Date:"} {
			if strings.Contains(h, banned) {
				t.Fatalf("UID %d header contains unrequested %q:\n%s", m.UID, banned, h)
			}
		}
	}

	cmds := clientCommands(ts.wire.String())
	fetches := 0
	for _, line := range cmds {
		if strings.HasPrefix(line, "UID FETCH ") {
			fetches++
			if strings.Contains(line, "BODY[") {
				t.Errorf("client fetched without PEEK: %q", line)
			}
		}
		if mutating.MatchString(line) {
			t.Errorf("client sent a mutating command: %q", line)
		}
	}
	if fetches != n/100 {
		t.Errorf("%d UID FETCH commands, want %d (BatchSize 100)", fetches, n/100)
	}
	assertNoneSeen(t, ts)
}

// assertNoneSeen checks from a second connection that fetching set no \Seen
// flag: the user's unread mail must stay unread.
func assertNoneSeen(t *testing.T, ts *testServer) {
	t.Helper()
	cl, err := imapclient.DialInsecure(ts.addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(testUser, testPass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := cl.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, UID: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, f := range m.Flags {
			if f == imap.FlagSeen {
				t.Fatalf("UID %d is now \\Seen", m.UID)
			}
		}
	}
}

func TestFetchRanges(t *testing.T) {
	const n = 250
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": n, "Empty": 0}})
	opts := ts.options(testPass)
	opts.BatchSize = 40
	c := dialT(t, opts)
	tests := []struct {
		name            string
		folder          string
		afterUID        uint32
		uidNext         uint32 // 0: pass what EXAMINE said; use noUIDNext to pass 0
		noUIDNext       bool
		wantFirst, want uint32 // first UID and count
	}{
		{name: "after a uid returns only newer", folder: "INBOX", afterUID: 200, wantFirst: 201, want: 50},
		{name: "after the last uid returns nothing", folder: "INBOX", afterUID: n, want: 0},
		{name: "after a uid beyond the folder returns nothing", folder: "INBOX", afterUID: n + 100, want: 0},
		{name: "unknown uidnext fetches to the end", folder: "INBOX", afterUID: 170, noUIDNext: true, wantFirst: 171, want: 80},
		{name: "unknown uidnext after the last uid", folder: "INBOX", afterUID: n, noUIDNext: true, want: 0},
		{name: "uidnext bounds the fetch", folder: "INBOX", afterUID: 10, uidNext: 21, wantFirst: 11, want: 10},
		{name: "empty folder", folder: "Empty", want: 0},
		{name: "empty folder, unknown uidnext", folder: "Empty", noUIDNext: true, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := c.Examine(t.Context(), tt.folder)
			if err != nil {
				t.Fatal(err)
			}
			next := st.UIDNext
			if tt.uidNext != 0 {
				next = tt.uidNext
			}
			if tt.noUIDNext {
				next = 0
			}
			got := collect(t, c, tt.afterUID, next)
			if uint32(len(got)) != tt.want {
				t.Fatalf("got %d messages, want %d", len(got), tt.want)
			}
			if len(got) > 0 && got[0].UID != tt.wantFirst {
				t.Errorf("first UID %d, want %d", got[0].UID, tt.wantFirst)
			}
		})
	}
}

func TestExamineAndFolders(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 7, "Sent": 2, "Archive/2024": 0}})
	c := dialT(t, ts.options(testPass))

	folders, err := c.Folders(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]model.Folder{}
	for _, f := range folders {
		byName[f.Name] = f
	}
	for _, name := range []string{"INBOX", "Sent", "Archive/2024"} {
		f, ok := byName[name]
		if !ok {
			t.Errorf("folder %q missing from %v", name, folders)
			continue
		}
		if !f.Selectable {
			t.Errorf("folder %q not selectable", name)
		}
	}
	if d := byName["Archive/2024"].Delim; d != "/" {
		t.Errorf("delimiter %q, want /", d)
	}

	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if st.UIDValidity == 0 || st.UIDNext != 8 || st.Messages != 7 {
		t.Errorf("Examine(INBOX) = %+v, want UIDValidity set, UIDNext 8, Messages 7", st)
	}
	if _, err := c.Examine(t.Context(), "Nope"); err == nil || !strings.Contains(err.Error(), `"Nope"`) {
		t.Errorf("Examine(Nope) error = %v, want one naming the folder", err)
	}
	if err := c.Fetch(t.Context(), 0, 0, func(model.HeaderMessage) error { return nil }); err == nil {
		t.Error("Fetch after a failed Examine succeeded, want an error")
	}
}

func TestFetchCallbackErrorStops(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 300}})
	opts := ts.options(testPass)
	opts.BatchSize = 50
	c := dialT(t, opts)
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	errStop := errors.New("disk full")
	calls := 0
	err = c.Fetch(t.Context(), 0, st.UIDNext, func(m model.HeaderMessage) error {
		calls++
		if m.UID == 120 {
			return errStop
		}
		return nil
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("Fetch error = %v, want %v", err, errStop)
	}
	if calls != 120 {
		t.Errorf("fn called %d times, want 120", calls)
	}
	// The client is still usable: resume where the callback stopped.
	st, err = c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatalf("Examine after a stopped fetch: %v", err)
	}
	rest := collect(t, c, 119, st.UIDNext)
	if len(rest) != 181 || rest[0].UID != 120 {
		t.Errorf("resumed fetch got %d messages from UID %d, want 181 from 120", len(rest), rest[0].UID)
	}
}

func TestFetchContextCancel(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 400}})
	opts := ts.options(testPass)
	opts.BatchSize = 50
	c := dialT(t, opts)
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var cancelledAt time.Time
	calls := 0
	err = c.Fetch(ctx, 0, st.UIDNext, func(m model.HeaderMessage) error {
		calls++
		if m.UID == 60 {
			cancel()
			cancelledAt = time.Now()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch error = %v, want context.Canceled", err)
	}
	if d := time.Since(cancelledAt); d > time.Second {
		t.Errorf("Fetch returned %v after cancel", d)
	}
	if calls != 60 {
		t.Errorf("fn called %d times after cancel at UID 60, want 60", calls)
	}
}

func TestFetchWithoutExamine(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 1}})
	c := dialT(t, ts.options(testPass))
	err := c.Fetch(t.Context(), 0, 0, func(model.HeaderMessage) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no folder examined") {
		t.Errorf("Fetch before Examine = %v, want a no-folder error", err)
	}
}

var (
	taggedLine = regexp.MustCompile(`(?m)^(?:T|tend)\d+ (.*)$`) // imapclient's tags, and rawfetch.go's
	mutating   = regexp.MustCompile(`^(SELECT|STORE|UID STORE|COPY|UID COPY|MOVE|UID MOVE|EXPUNGE|UID EXPUNGE|APPEND|CREATE|DELETE|RENAME|CLOSE)\b`)
)

// clientCommands returns the commands (without tags) clients sent, from a
// server wire log that also holds the server's responses.
func clientCommands(wire string) []string {
	var out []string
	for _, m := range taggedLine.FindAllStringSubmatch(wire, -1) {
		line := strings.TrimRight(m[1], "\r")
		if strings.HasPrefix(line, "OK ") || strings.HasPrefix(line, "NO ") || strings.HasPrefix(line, "BAD ") {
			continue
		}
		out = append(out, line)
	}
	return out
}
