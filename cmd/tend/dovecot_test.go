package main

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/internal/dovecottest"
)

// maildirFlags maps IMAP flags to maildir info letters.
func maildirFlags(fs []imap.Flag) string {
	var b strings.Builder
	for _, f := range fs {
		switch f {
		case imap.FlagSeen:
			b.WriteByte('S')
		case imap.FlagAnswered:
			b.WriteByte('R')
		case imap.FlagFlagged:
			b.WriteByte('F')
		case imap.FlagDraft:
			b.WriteByte('D')
		}
	}
	return b.String()
}

// TestDovecotSyncIsReadOnlyAndIncremental syncs a real Dovecot holding the
// demo mailbox: the mailbox is byte-for-byte unchanged (flags included), a
// re-sync fetches nothing, and a new UIDVALIDITY re-reads without duplicates.
func TestDovecotSyncIsReadOnlyAndIncremental(t *testing.T) {
	srv := dovecottest.Start(t)
	now, _ := time.Parse(time.DateOnly, testNow)
	mb := demo.Generate(demo.Options{Seed: 5, Now: now})
	for _, m := range mb.Messages {
		srv.Deliver(t, m.Folder, m.Raw, m.InternalDate, maildirFlags(m.Flags))
	}
	before := srv.Snapshot(t)
	cfg := writeConfig(t, srv.Host, srv.Port, srv.User, srv.Password, mb.User)

	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, errOut)
	}
	if after := srv.Snapshot(t); after != before {
		t.Fatalf("sync changed the mailbox:\n%s", snapshotDiff(before, after))
	}
	want := mustTend(t, "--config", cfg, "export", "--now", testNow)
	if strings.Count(want, "\n") < 30 {
		t.Fatalf("export from Dovecot holds too few people:\n%s", want)
	}
	// The index agrees with a sync of the same mailbox over imapmemserver.
	memCfg, _, _ := serveDemo(t, 5)
	mustTend(t, "--config", memCfg, "sync")
	if mem := mustTend(t, "--config", memCfg, "export", "--now", testNow); mem != want {
		t.Errorf("Dovecot and in-memory server gave different indexes")
	}

	_, errOut, _ = tend(t, "--config", cfg, "sync")
	if !strings.Contains(errOut, "fetched=0") {
		t.Errorf("no-change re-sync fetched messages: %s", errOut)
	}

	srv.ResetUIDValidity(t, "INBOX")
	_, errOut, err = tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync after UIDVALIDITY change: %v\n%s", err, errOut)
	}
	if strings.Contains(errOut, "fetched=0") {
		t.Errorf("new UIDVALIDITY did not re-read INBOX: %s", errOut)
	}
	if got := mustTend(t, "--config", cfg, "export", "--now", testNow); got != want {
		t.Errorf("re-reading INBOX after a UIDVALIDITY change altered the index")
	}

	// A renamed folder is read under its new name; the old one stops counting,
	// and nothing is counted twice.
	srv.RenameFolder(t, "Archive", "Old mail")
	_, errOut, err = tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync after renaming a folder: %v\n%s", err, errOut)
	}
	if got := mustTend(t, "--config", cfg, "export", "--now", testNow); got != want {
		t.Errorf("renaming Archive altered the index")
	}
	if st := mustTend(t, "--config", cfg, "status", "--now", testNow); !strings.Contains(st, "Old mail") || strings.Contains(st, "Archive") {
		t.Errorf("status after the rename should list Old mail and not Archive:\n%s", st)
	}

	if !strings.Contains(want, ",email,out,") {
		t.Fatalf("no outbound contact before deleting Sent: the check below would prove nothing")
	}
	srv.DeleteFolder(t, "Sent")
	mustTend(t, "--config", cfg, "sync")
	if got := mustTend(t, "--config", cfg, "export", "--now", testNow); strings.Contains(got, ",email,out,") {
		t.Errorf("outbound contact from the deleted Sent folder still counts")
	}
}

func snapshotDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "before: " + al[i] + "\nafter:  " + bl[i]
		}
	}
	return "different number of entries"
}
