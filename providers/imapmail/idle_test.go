package imapmail

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

func TestIdleReportsNewMail(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 2}})
	c := dialT(t, ts.options(testPass))
	st0, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	// tend's FETCH reader has the stream first; IDLE must get it back.
	if got := collect(t, c, 0, st0.UIDNext); len(got) != 2 {
		t.Fatalf("fetched %d messages before idling, want 2", len(got))
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	notified := make(chan struct{}, 10)
	errc := make(chan error, 1)
	go func() { errc <- c.Idle(ctx, func() { notified <- struct{}{} }) }()

	// Deliver mail until the client reports it (IDLE may not have started yet).
	deadline := time.After(3 * time.Second)
	for got := false; !got; {
		if _, err := ts.user.Append("INBOX", bytes.NewReader(raw("INBOX", 99)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-notified:
			got = true
		case <-time.After(200 * time.Millisecond):
		case <-deadline:
			t.Fatal("onNew not called after new mail arrived")
		}
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("Idle returned %v after ctx end, want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Idle did not return after ctx end")
	}
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatalf("Examine after Idle: %v", err)
	}
	if got := collect(t, c, 2, st.UIDNext); len(got) == 0 {
		t.Error("new mail not fetched after Idle")
	}
}
