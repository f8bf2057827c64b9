package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bigBatch is n messages with long subjects, UIDs from..from+n-1.
func bigBatch(from uint32, n int) Batch {
	var items []Item
	for i := 0; i < n; i++ {
		uid := from + uint32(i)
		m := personal(fmt.Sprintf("m%d@x", uid), day(int(uid%300)), "in", addr("P", fmt.Sprintf("p%d@x.test", uid%50)))
		m.Subject = strings.Repeat("s", 1000)
		items = append(items, Item{UID: uid, Msg: m})
	}
	return batch("acct", "INBOX", from+uint32(n)-1, items...)
}

// mountTmpfs mounts a small tmpfs on a new directory, or skips (fails under
// CI=true) when this machine does not allow it.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "full")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a %s tmpfs to fill (needs root): %v %s", size, err, out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// TestDiskFullIsAClearErrorAndCorruptsNothing fills a 3 MiB tmpfs with the
// index: the failing save says the disk is full, every batch committed
// before it is intact with its cursor, and integrity_check passes, also
// after reopening.
func TestDiskFullIsAClearErrorAndCorruptsNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(mountTmpfs(t, "3m"), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open on an empty tmpfs: %v", err)
	}
	var saved uint32
	var saveErr error
	for i := 0; i < 100 && saveErr == nil; i++ {
		b := bigBatch(saved+1, 100)
		if saveErr = s.SaveBatch(ctx, b); saveErr == nil {
			saved = b.LastUID
		}
	}
	if saveErr == nil {
		t.Fatal("the disk never filled: the test proves nothing")
	}
	if !strings.Contains(saveErr.Error(), "full") {
		t.Errorf("error on a full disk = %q, want it to say the disk is full", saveErr)
	}
	check := func(s *Store) {
		t.Helper()
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
		n, err := s.MessageCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(saved) {
			t.Errorf("%d messages stored, want the %d of the committed batches", n, saved)
		}
		fs, err := s.FolderStates(ctx, "acct")
		if err != nil || len(fs) != 1 || fs[0].LastUID != saved {
			t.Errorf("cursor = %+v (%v), want last UID %d", fs, err, saved)
		}
	}
	check(s)
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopening after the disk filled: %v", err)
	}
	defer s.Close()
	check(s)
	t.Logf("disk full after %d messages: %v", saved, saveErr)
}

// TestLockedIndexIsAClearErrorAndCorruptsNothing holds the write lock from
// another connection: a save fails after the busy timeout saying the index
// is locked, saves nothing, and succeeds once the lock is released.
func TestLockedIndexIsAClearErrorAndCorruptsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 5 s busy timeout")
	}
	ctx := context.Background()
	s := openTemp(t)
	mustSave(t, s, bigBatch(1, 10))
	other, err := sql.Open("sqlite3", "file:"+s.Path()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO people DEFAULT VALUES"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.SaveBatch(ctx, bigBatch(11, 10))
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("SaveBatch on a locked index = %v, want an error saying it is locked", err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("SaveBatch waited %v on a locked index", d)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.MessageCount(ctx); n != 10 {
		t.Errorf("%d messages after the failed save, want 10", n)
	}
	mustSave(t, s, bigBatch(11, 10))
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
