package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "tend.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	for _, c := range []struct {
		name string
		path string
		want os.FileMode
	}{
		{"database file", path, 0o600},
		{"parent dir", dir, 0o700},
		{"grandparent dir", filepath.Dir(dir), 0o700},
	} {
		t.Run(c.name, func(t *testing.T) {
			fi, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.want {
				t.Errorf("mode = %o, want %o", got, c.want)
			}
		})
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, batch("a", "INBOX", 1, Item{UID: 1, Msg: personal("m1", day(0), "in", addr("Ann", "ann@x.test"))}))
	s.Close()
	for i := range 2 {
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if got := stats(t, s); got != (Stats{People: 1, Addresses: 1, Messages: 1, Interactions: 1}) {
			t.Errorf("reopen %d: stats = %+v", i, got)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Errorf("IntegrityCheck: %v", err)
		}
		s.Close()
	}
}

func TestOpenRefusesNewerIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, path)
	if !errors.Is(err, ErrNewerIndex) {
		t.Fatalf("Open of newer index: err = %v, want ErrNewerIndex", err)
	}
}

func TestOpenBadInput(t *testing.T) {
	ctx := context.Background()
	notDB := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(notDB, []byte("this is not a database, just some text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	fileAsDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(fileAsDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path string }{
		{"empty path", ""},
		{"not a database", notDB},
		{"parent is a file", filepath.Join(fileAsDir, "tend.db")},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Open(ctx, c.path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want error")
			}
		})
	}
}

func TestOpenPathWithURISpecialCharacters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "we?ird #dir%41", "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.Close()
	// The file must be where we asked, not at a truncated path.
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(migrations()) {
		t.Fatalf("user_version = %d, %v; want %d", v, err, len(migrations()))
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("index not at requested path: %v", err)
	}
}

func TestOpenNewIndexUsesLargePagesAndWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "idx", "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var size int
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if size != pageSize || mode != "wal" {
		t.Errorf("new index: page_size %d, journal_mode %q; want %d, wal", size, mode, pageSize)
	}
}

func TestOpenKeepsPageSizeOfExistingIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	old, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, "PRAGMA page_size = 4096; CREATE TABLE x (y)"); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var size int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if size != 4096 {
		t.Errorf("existing index: page_size %d, want 4096 kept", size)
	}
	if n, err := s.MessageCount(ctx); err != nil || n != 0 {
		t.Errorf("existing index after migration: %d messages, %v", n, err)
	}
}
