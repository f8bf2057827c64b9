package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// TaskState is the daemon's retry state of one task (an account's sync, or
// the digest), kept so that `tend status` can say when a failing task is
// tried next.
type TaskState struct {
	Name      string    // "sync <account>" or "digest"
	Failures  int       // consecutive failures; 0 after a success
	NextRun   time.Time // when the daemon runs it next
	LastError string    // "" after a success
	UpdatedAt time.Time
}

// SaveTaskState records st, replacing the task's previous state.
func (s *Store) SaveTaskState(ctx context.Context, st TaskState) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO daemon_tasks (name, failures, next_run, last_error, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, next_run = excluded.next_run,
				last_error = excluded.last_error, updated_at = excluded.updated_at`,
			st.Name, st.Failures, unix(st.NextRun), st.LastError, unix(st.UpdatedAt))
		return err
	}, "saving daemon state of %q", st.Name)
}

// TaskStates returns every task's recorded state, by name.
func (s *Store) TaskStates(ctx context.Context) (map[string]TaskState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, failures, next_run, last_error, updated_at FROM daemon_tasks`)
	if err != nil {
		return nil, fmt.Errorf("reading daemon state: %w", err)
	}
	defer rows.Close()
	out := map[string]TaskState{}
	for rows.Next() {
		var t TaskState
		var next, upd int64
		if err := rows.Scan(&t.Name, &t.Failures, &next, &t.LastError, &upd); err != nil {
			return nil, fmt.Errorf("reading daemon state: %w", err)
		}
		t.NextRun, t.UpdatedAt = fromUnix(next), fromUnix(upd)
		out[t.Name] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading daemon state: %w", err)
	}
	return out, nil
}
