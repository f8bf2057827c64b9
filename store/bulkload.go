package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// deferredIndex is an index a bulk load drops and rebuilds.
type deferredIndex struct{ name, create string }

// deferredIndexes are keyed by values that arrive in random order (people):
// maintaining them row by row cost an initial sync more than building them
// once at its end, by sorting (BenchmarkInitialWrite: 1.05–1.11 s with them
// maintained, 0.74–0.77 s dropped and rebuilt). Each definition must equal
// the latest migration's.
func deferredIndexes() []deferredIndex {
	return []deferredIndex{
		{"interactions_history", `CREATE INDEX IF NOT EXISTS interactions_history ON interactions
			(person_id, at, id, email, direction, channel, weight, recipients, subject, thread)`},
	}
}

// bulkLoadMin is the fewest messages a sync must expect before a bulk load
// pays off; it must also expect at least as many as the index holds, since
// the rebuild reads them all.
const bulkLoadMin = 10000

// bulkLoads counts this Store's bulk loads in progress.
type bulkLoads struct {
	mu sync.Mutex
	n  int
}

// BeginBulkLoad readies the index for a sync expecting `expected` new
// messages. When that is many (at least bulkLoadMin, and at least as many
// as are stored), the deferred indexes are dropped until the returned end
// rebuilds them. Queries stay correct meanwhile, only slower. end must be
// called once the sync's writes are done, whatever their outcome (it is
// safe to call more than once); several loads at once rebuild when the
// last ends. A process killed during a load leaves the indexes missing
// until the next Open rebuilds them.
func (s *Store) BeginBulkLoad(ctx context.Context, expected int64) (end func(context.Context) error, err error) {
	noop := func(context.Context) error { return nil }
	if expected < bulkLoadMin {
		return noop, nil
	}
	var stored int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM messages`).Scan(&stored); err != nil {
		return nil, fmt.Errorf("preparing a bulk load: %w", err)
	}
	if expected < stored {
		return noop, nil
	}
	s.loads.mu.Lock()
	defer s.loads.mu.Unlock()
	if s.loads.n == 0 {
		if err := dropDeferred(ctx, s.db); err != nil {
			return nil, err
		}
	}
	s.loads.n++
	var once sync.Once
	return func(ctx context.Context) error {
		var err error
		once.Do(func() {
			s.loads.mu.Lock()
			defer s.loads.mu.Unlock()
			if s.loads.n--; s.loads.n == 0 {
				// On the batch connection, which leaves the checkpoint of
				// the new index pages to the checkpointer.
				if err = ensureIndexes(ctx, s.bulk, noAutoCheckpoint, sortThreads, sortRuns); err == nil {
					s.ckpt.request()
				}
			}
		})
		return err
	}, nil
}

func dropDeferred(ctx context.Context, db *sql.DB) error {
	var q strings.Builder
	for _, ix := range deferredIndexes() {
		q.WriteString("DROP INDEX IF EXISTS " + ix.name + ";\n") // names of ours, never input
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("preparing a bulk load: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, q.String()); err != nil {
		return fmt.Errorf("preparing a bulk load: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("preparing a bulk load: %w", err)
	}
	return nil
}

// noAutoCheckpoint is the pragma by which a connection leaves checkpoints
// to the checkpointer (checkpoint.go).
const noAutoCheckpoint = "PRAGMA wal_autocheckpoint = 0"

// The rebuild at the end of a bulk load sorts the index's entries. SQLite
// sorts runs as large as the connection's page cache, each on a helper
// thread when it may start some, then merges them. With the writer's cache
// (writerCacheKiB) an initial sync's entries made one run, sorted on one
// core while the sync waited; in runs of 4 MiB on two threads the rebuild
// of 100,000 messages takes 66 ms instead of 80 (medians of 6). The next
// batch transaction sets the writer's cache again (tuneWriter).
const (
	sortThreads = "PRAGMA threads = 2"
	sortRuns    = "PRAGMA cache_size = -4096"
)

// ensureIndexes builds the deferred indexes that are missing, in one
// transaction, after running the pragmas given (constants of ours).
func ensureIndexes(ctx context.Context, db *sql.DB, pragmas ...string) error {
	missing, err := missingIndexes(ctx, db)
	if err != nil || len(missing) == 0 {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("building indexes: %w", err)
	}
	defer tx.Rollback()
	for _, p := range pragmas {
		if _, err := tx.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("building indexes: %w", err)
		}
	}
	for _, ix := range missing {
		if _, err := tx.ExecContext(ctx, ix.create); err != nil {
			return fmt.Errorf("building index %s: %w", ix.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("building indexes: %w", err)
	}
	return nil
}

// missingIndexes returns the deferred indexes the schema lacks.
func missingIndexes(ctx context.Context, db *sql.DB) ([]deferredIndex, error) {
	have := map[string]bool{}
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'index'`)
	if err != nil {
		return nil, fmt.Errorf("listing indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("listing indexes: %w", err)
		}
		have[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing indexes: %w", err)
	}
	var out []deferredIndex
	for _, ix := range deferredIndexes() {
		if !have[ix.name] {
			out = append(out, ix)
		}
	}
	return out, nil
}
