package bench

import (
	"context"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSmoke runs the benchmark's whole path at a tiny size, so the
// generator, the floors, the tend runner and the ground-truth check stay
// working: both floors and tend see every message, tend's index equals the
// ground truth, and the mailbox is unchanged.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds tend and starts Dovecot")
	}
	ctx := context.Background()
	const n = 400
	mb := newMailbox(t, n)
	before := mb.srv.Snapshot(t)
	for name, fetch := range map[string]func() (FloorResult, error){
		"raw":             func() (FloorResult, error) { return RawFetch(mb.server) },
		"go-imap":         func() (FloorResult, error) { return GoIMAPFetch(ctx, mb.server, false) },
		"go-imap-perconn": func() (FloorResult, error) { return GoIMAPFetch(ctx, mb.server, true) },
	} {
		r, err := fetch()
		if err != nil {
			t.Fatalf("%s floor: %v", name, err)
		}
		if r.Messages != n || r.Bytes < int64(n*100) {
			t.Errorf("%s floor fetched %d messages, %d bytes; want %d messages of headers", name, r.Messages, r.Bytes, n)
		}
	}
	cfg, index := mb.config(t, mb.srv.Port)
	r, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Stderr, "fetched=400 ") || r.MaxRSS <= 0 {
		t.Errorf("tend sync: RSS %d, log: %s", r.MaxRSS, r.Stderr)
	}
	if err := Verify(ctx, index, mb.truth); err != nil {
		t.Error(err)
	}
	// Record tend's sync, then sync a new index from the replay alone.
	_, port := mb.replayServer(t, t)
	cfg, index = mb.config(t, port)
	if _, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync"); err != nil {
		t.Fatal(err)
	}
	if err := Verify(ctx, index, mb.truth); err != nil {
		t.Errorf("after a sync from the replay: %v", err)
	}
	if got := replayAnswer(t, port, "x1 LOGOUT", "x2 SELECT INBOX"); !strings.Contains(got, "x1 OK") || !strings.Contains(got, "x2 BAD") {
		t.Errorf("replay answered %q; want its recorded LOGOUT retagged, and BAD to a command never recorded", got)
	}
	if mb.srv.Snapshot(t) != before {
		t.Error("the floors or tend changed the mailbox")
	}
}

// replayAnswer sends lines to the replay on port and returns all it answers.
func replayAnswer(t *testing.T, port int, lines ...string) string {
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	for i := len(lines) - 1; i >= 0; i-- { // the second after the LOGOUT would not be read
		if _, err := io.WriteString(c, lines[i]+"\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := io.ReadAll(c)
	return string(b)
}

func TestGenerateIsDeterministicAndMixed(t *testing.T) {
	collect := func() (Truth, []Message) {
		var msgs []Message
		tr, err := Generate(Options{N: 2000, Seed: 3}, func(m Message) error { msgs = append(msgs, m); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return tr, msgs
	}
	t1, m1 := collect()
	_, m2 := collect()
	for i := range m1 {
		if string(m1[i].Raw) != string(m2[i].Raw) {
			t.Fatalf("message %d differs between two runs with the same seed", i)
		}
	}
	folders := map[string]int{}
	for _, m := range m1 {
		folders[m.Folder]++
	}
	if folders[FolderInbox] == 0 || folders[FolderSent] == 0 || folders[FolderArchive] == 0 {
		t.Errorf("folders = %v, want all three used", folders)
	}
	if t1.Personal < 1000 || len(t1.NotCount) < 10 || len(t1.Last) < 50 {
		t.Errorf("truth: %d personal, %d noise senders, %d people: not a realistic mix", t1.Personal, len(t1.NotCount), len(t1.Last))
	}
}
