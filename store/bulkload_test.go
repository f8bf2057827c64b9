package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tend-dev/tend/model"
)

func missingNames(t *testing.T, s *Store) []string {
	t.Helper()
	ms, err := missingIndexes(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.name)
	}
	return out
}

// TestBulkLoadDropsAndRebuilds: a large load on an empty index drops the
// deferred indexes until its end rebuilds them, and what it stored reads
// back exactly as without a bulk load.
func TestBulkLoadDropsAndRebuilds(t *testing.T) {
	ctx := context.Background()
	var items []Item
	for i := range 300 {
		items = append(items, Item{UID: uint32(i + 1), Msg: personal(fmt.Sprintf("<b%d@x>", i), day(i),
			model.Inbound, addr(fmt.Sprintf("P %d", i%9), fmt.Sprintf("p%d@x.test", i%9)))})
	}
	plain := openTemp(t)
	mustSave(t, plain, batch("a", "INBOX", 300, items...))

	s := openTemp(t)
	end, err := s.BeginBulkLoad(ctx, bulkLoadMin)
	if err != nil {
		t.Fatal(err)
	}
	if got := missingNames(t, s); len(got) != len(deferredIndexes()) {
		t.Fatalf("during the load %v are missing, want the %d deferred indexes", got, len(deferredIndexes()))
	}
	mustSave(t, s, batch("a", "INBOX", 300, items...))
	if err := end(ctx); err != nil {
		t.Fatal(err)
	}
	if err := end(ctx); err != nil {
		t.Fatalf("second end: %v", err)
	}
	if got := missingNames(t, s); len(got) != 0 {
		t.Fatalf("after the load %v are missing", got)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := histories(t, s), histories(t, plain); !reflect.DeepEqual(got, want) {
		t.Errorf("histories after a bulk load differ from a plain load's")
	}
}

// TestBulkLoadOnlyWhenItPays: a small sync, or one smaller than what the
// index holds, keeps the indexes.
func TestBulkLoadOnlyWhenItPays(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	for _, expected := range []int64{0, bulkLoadMin - 1} {
		end, err := s.BeginBulkLoad(ctx, expected)
		if err != nil {
			t.Fatal(err)
		}
		if got := missingNames(t, s); len(got) != 0 {
			t.Errorf("expecting %d messages dropped %v", expected, got)
		}
		end(ctx)
	}
	// An index holding more than the sync brings keeps its indexes.
	if _, err := s.db.Exec(`INSERT INTO messages (id, key, at, date_fallback, class, reason, subject, sender, thread, key_hash)
		VALUES (?, 'k', 0, 0, 'personal', '', '', '', '', ?)`, 3*bulkLoadMin, keyHash("k")); err != nil {
		t.Fatal(err)
	}
	end, err := s.BeginBulkLoad(ctx, 2*bulkLoadMin)
	if err != nil {
		t.Fatal(err)
	}
	defer end(ctx)
	if got := missingNames(t, s); len(got) != 0 {
		t.Errorf("a load smaller than the index dropped %v", got)
	}
}

// TestBulkLoadOverlapping: two loads at once rebuild when the last ends.
func TestBulkLoadOverlapping(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	end1, err := s.BeginBulkLoad(ctx, bulkLoadMin)
	if err != nil {
		t.Fatal(err)
	}
	end2, err := s.BeginBulkLoad(ctx, bulkLoadMin)
	if err != nil {
		t.Fatal(err)
	}
	end1(ctx)
	if got := missingNames(t, s); len(got) != len(deferredIndexes()) {
		t.Fatalf("with one load still running, missing %v, want %d", got, len(deferredIndexes()))
	}
	end2(ctx)
	if got := missingNames(t, s); len(got) != 0 {
		t.Fatalf("after both loads, missing %v", got)
	}
}

// TestOpenRebuildsAfterAKilledLoad: a process that died during a bulk load
// (the load never ended) leaves the indexes to the next Open.
func TestOpenRebuildsAfterAKilledLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tend.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginBulkLoad(ctx, bulkLoadMin); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, batch("a", "INBOX", 1, Item{1, personal("<k@x>", day(1), model.Inbound, addr("Ann", "ann@x.test"))}))
	if err := s.IntegrityCheck(ctx); err == nil {
		t.Error("IntegrityCheck does not report the dropped indexes")
	}
	s.Close() // as if killed: end never runs
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := missingNames(t, s); len(got) != 0 {
		t.Fatalf("after reopening, missing %v", got)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}
