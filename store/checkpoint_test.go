package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
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
	mustSaveInOne(t, s, bigBatches(2*bulkRows))
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

// A daemon keeps its index open for days. After a large sync the
// write-ahead log must not keep that sync's size: once a checkpoint has
// copied all of it, the next write, on whichever connection, starts the log
// over and cuts its file back to walLimitBytes.
func TestLogShrinksAfterALargeSync(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		write func(*testing.T, *Store)
	}{
		{"next batch", func(t *testing.T, s *Store) {
			m := personal("<new@x>", day(500), model.Inbound, addr("New", "new@x.test"))
			mustSave(t, s, batch("a", "INBOX", 1<<20, Item{UID: 1 << 20, Msg: m}))
		}},
		{"user data", func(t *testing.T, s *Store) {
			if _, err := s.IgnoreDomain(ctx, "x.test", true, day(500)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tend.db")
			s, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			mustSaveInOne(t, s, bigBatches(30000))
			if n := walSize(t, path); n <= 2*walLimitBytes {
				t.Fatalf("the sync left a log of %d bytes; the test needs one over %d", n, 2*walLimitBytes)
			}
			// Until everything is copied (the checkpointer may be at it).
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				var busy, frames, copied int64
				if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
					t.Fatal(err)
				}
				if busy == 0 && frames == copied {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("checkpoint: busy %d, %d frames in the log, %d copied", busy, frames, copied)
				}
			}
			tc.write(t, s)
			if n := walSize(t, path); n > walLimitBytes {
				t.Fatalf("after the next write the log is %d bytes, want at most %d", n, walLimitBytes)
			}
			if err := s.IntegrityCheck(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func walSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
