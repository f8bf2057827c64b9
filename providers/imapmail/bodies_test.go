package imapmail

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
)

func TestFetchBodiesPeeksOnlyTheStart(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 5, "Other": 1}})
	// A long message: its end must never reach tend.
	long := "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered\r\n\r\n" +
		strings.Repeat("delivery report line\r\n", 60) + "TAIL-MARKER\r\n"
	if _, err := ts.user.Append("INBOX", strings.NewReader(long), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
	c := dialT(t, ts.options(testPass))
	if _, err := c.Examine(t.Context(), "Other"); err != nil {
		t.Fatal(err) // FetchBodies must switch folders itself
	}
	const maxBytes = 400
	type got struct {
		uid          uint32
		header, body string
	}
	var all []got
	err := c.FetchBodies(t.Context(), "INBOX", []uint32{6, 2, 2, 99, 0}, maxBytes, func(uid uint32, h, b []byte) error {
		all = append(all, got{uid, string(h), string(b)})
		return nil
	})
	if err != nil {
		t.Fatalf("FetchBodies: %v", err)
	}
	if len(all) != 2 || all[0].uid != 2 || all[1].uid != 6 {
		t.Fatalf("got UIDs %v, want [2 6] (sorted, deduplicated, missing skipped)", all)
	}
	if !strings.Contains(all[0].header, "Subject: message 2 in INBOX") || !strings.Contains(all[0].body, bodyMarker+" 2") {
		t.Errorf("UID 2: header %q body %q", all[0].header, all[0].body)
	}
	if strings.Contains(all[0].header, bodyMarker) {
		t.Errorf("UID 2: body leaked into header %q", all[0].header)
	}
	if n := len(all[1].header) + 2 + len(all[1].body); n != maxBytes {
		t.Errorf("UID 6: %d bytes came back, want exactly %d", n, maxBytes)
	}
	if strings.Contains(all[1].body, "TAIL-MARKER") {
		t.Error("UID 6: bytes past maxBytes came back")
	}
	peeks := 0
	for _, line := range clientCommands(ts.wire.String()) {
		if strings.HasPrefix(line, "UID FETCH ") {
			if strings.Contains(line, "BODY[") {
				t.Errorf("client fetched without PEEK: %q", line)
			}
			if strings.Contains(line, "BODY.PEEK[]<0.400>") {
				peeks++
			}
		}
		if mutating.MatchString(line) {
			t.Errorf("client sent a mutating command: %q", line)
		}
	}
	if peeks != 1 {
		t.Errorf("%d partial BODY.PEEK[]<0.400> fetches, want 1", peeks)
	}
	assertNoneSeen(t, ts)
}

func TestFetchBodiesErrors(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 3}})
	c := dialT(t, ts.options(testPass))
	stop := errors.New("stop")
	tests := []struct {
		name     string
		folder   string
		uids     []uint32
		maxBytes int
		fn       func(uint32, []byte, []byte) error
		wantErr  error
		wantCall int
	}{
		{name: "no uids is a no-op", folder: "Nope", maxBytes: 10},
		{name: "bad size", folder: "INBOX", uids: []uint32{1}, maxBytes: 0, wantErr: errAny},
		{name: "missing folder", folder: "Nope", uids: []uint32{1}, maxBytes: 10, wantErr: errAny},
		{name: "callback stops", folder: "INBOX", uids: []uint32{1, 2, 3}, maxBytes: 10,
			fn: func(uint32, []byte, []byte) error { return stop }, wantErr: stop, wantCall: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := c.FetchBodies(t.Context(), tc.folder, tc.uids, tc.maxBytes, func(u uint32, h, b []byte) error {
				calls++
				if tc.fn != nil {
					return tc.fn(u, h, b)
				}
				return nil
			})
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("err = %v, want nil", err)
			case tc.wantErr == errAny && err == nil:
				t.Fatal("err = nil, want an error")
			case tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if calls != tc.wantCall {
				t.Errorf("fn called %d times, want %d", calls, tc.wantCall)
			}
		})
	}
	// The client stays usable after a callback error.
	if err := c.FetchBodies(t.Context(), "INBOX", []uint32{1}, 50, func(uint32, []byte, []byte) error { return nil }); err != nil {
		t.Fatalf("client unusable after callback error: %v", err)
	}
}

var errAny = errors.New("any error")

func TestSplitHeader(t *testing.T) {
	tests := []struct{ name, raw, header, body string }{
		{"crlf", "A: 1\r\nB: 2\r\n\r\nbody\r\n", "A: 1\r\nB: 2\r\n", "body\r\n"},
		{"lf", "A: 1\n\nbody", "A: 1\n", "body"},
		{"no body", "A: 1\r\nB: 2", "A: 1\r\nB: 2", ""},
		{"lf before crlf", "A: 1\n\nx\r\n\r\ny", "A: 1\n", "x\r\n\r\ny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, b := splitHeader([]byte(tc.raw))
			if !bytes.Equal(h, []byte(tc.header)) || !bytes.Equal(b, []byte(tc.body)) {
				t.Errorf("splitHeader(%q) = %q, %q; want %q, %q", tc.raw, h, b, tc.header, tc.body)
			}
		})
	}
}
