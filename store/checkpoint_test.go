package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// After a batch commits, its pages reach the database file in the
// background, while the index stays open: a reader that ignores the log
// (immutable=1) sees the messages without waiting for Close.
func TestCommittedBatchesReachTheFileInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bs := bigBatches(2 * bulkRows)
	tx, err := s.BeginBatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if err := tx.Save(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want, err := s.MessageCount(ctx)
	if err != nil || want == 0 {
		t.Fatalf("MessageCount = %d, %v", want, err)
	}
	file, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	file.SetMaxIdleConns(0) // an immutable file is read once per connection
	var got int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		// The file may lack the table while nothing is copied yet.
		if err := file.QueryRowContext(ctx, `SELECT count(*) FROM messages`).Scan(&got); err == nil && got == want {
			break
		}
	}
	if got != want {
		t.Fatalf("the database file holds %d messages, want the %d committed", got, want)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	// Close waits for a checkpoint in progress; the deferred one then does
	// nothing more.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
