package bench

import (
	"context"
	"strings"
	"testing"
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
	if mb.srv.Snapshot(t) != before {
		t.Error("the floors or tend changed the mailbox")
	}
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
