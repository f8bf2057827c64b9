package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// base is the fixed clock of the tests.
var base = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func day(n int) time.Time { return base.AddDate(0, 0, n) }

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "idx", "tend.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// personal builds a personal message with one interaction per address.
func personal(key string, at time.Time, dir model.Direction, who ...model.Address) model.Message {
	m := model.Message{Key: key, At: at, Subject: "subj " + key, ThreadKey: key, From: "me@x.test", Class: model.Personal}
	for _, a := range who {
		m.Interactions = append(m.Interactions, model.Interaction{
			Email: a.Email, Name: a.Name, Direction: dir, Channel: model.Email, At: at, Weight: 1, Recipients: len(who),
		})
	}
	return m
}

func addr(name, email string) model.Address { return model.Address{Name: name, Email: email} }

func batch(account, folder string, last uint32, items ...Item) Batch {
	return Batch{Account: account, Folder: folder, UIDValidity: 7, LastUID: last, SyncedAt: base, Items: items}
}

func mustSave(t *testing.T, s *Store, b Batch) {
	t.Helper()
	if err := s.SaveBatch(context.Background(), b); err != nil {
		t.Fatalf("SaveBatch: %v", err)
	}
}

// mustSaveInOne saves bs in one batch transaction, as a sync does.
func mustSaveInOne(t *testing.T, s *Store, bs []Batch) {
	t.Helper()
	tx, err := s.BeginBatches(context.Background())
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
}

func stats(t *testing.T, s *Store) Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func histories(t *testing.T, s *Store) []model.PersonHistory {
	t.Helper()
	var out []model.PersonHistory
	err := s.Histories(context.Background(), func(h model.PersonHistory) error {
		out = append(out, h)
		return nil
	})
	if err != nil {
		t.Fatalf("Histories: %v", err)
	}
	return out
}

// byEmail indexes histories by primary address.
func byEmail(hs []model.PersonHistory) map[string]model.PersonHistory {
	m := map[string]model.PersonHistory{}
	for _, h := range hs {
		m[h.Email] = h
	}
	return m
}

// indexAt creates an index of schema version, as an older tend left it,
// with the statements fill run in it, and returns its path.
func indexAt(t *testing.T, version int, fill ...string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	if err := initPages(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", uri(path, "_foreign_keys=off"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, st := range migrations()[:version] {
		if err := st(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range append(fill, fmt.Sprintf("PRAGMA user_version = %d", version)) {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}
