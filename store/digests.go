package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Digest send states. A period's digest moves pending → sending → sent;
// a send that failed before the server could have accepted the message goes
// back to pending (and may be retried); one whose outcome is unknown (the
// connection dropped after the message data was handed over, or the process
// died while sending) goes to unknown and is never retried automatically, so
// a digest is never sent twice. An empty digest that was not sent is skipped.
const (
	DigestPending = "pending"
	DigestSending = "sending"
	DigestSent    = "sent"
	DigestUnknown = "unknown"
	DigestSkipped = "skipped"
)

// DigestRecord is what the index knows of one period's digest.
type DigestRecord struct {
	Period    string
	State     string // one of the Digest* states; "" when never attempted
	Attempts  int
	LastError string
	UpdatedAt time.Time
	SentAt    time.Time // zero unless sent
	Pick      string    // address of the period's pick; "" for none
}

// Done reports whether nothing more may be sent for the period without the
// user forcing it: sent, skipped, unknown or (left over from a crash) sending.
func (r DigestRecord) Done() bool {
	return r.State != "" && r.State != DigestPending
}

// DigestDoneError is returned by BeginDigest when the period's digest must
// not be sent again.
type DigestDoneError struct{ Record DigestRecord }

func (e *DigestDoneError) Error() string {
	switch e.Record.State {
	case DigestSent:
		return fmt.Sprintf("digest for %s was already sent on %s", e.Record.Period, e.Record.SentAt.Format(time.RFC3339))
	case DigestSkipped:
		return fmt.Sprintf("digest for %s was skipped: nothing was due", e.Record.Period)
	default:
		return fmt.Sprintf("digest for %s may already have been delivered (state %s: %s); check your inbox",
			e.Record.Period, e.Record.State, e.Record.LastError)
	}
}

// Digest returns the record of period; State is "" when it was never attempted.
func (s *Store) Digest(ctx context.Context, period string) (DigestRecord, error) {
	r, err := readDigest(ctx, s.db.QueryRowContext, period)
	if err != nil {
		return r, fmt.Errorf("reading digest %s: %w", period, err)
	}
	return r, nil
}

type queryRow func(ctx context.Context, q string, args ...any) *sql.Row

func readDigest(ctx context.Context, q queryRow, period string) (DigestRecord, error) {
	r := DigestRecord{Period: period}
	var updated, sent int64
	err := q(ctx, `SELECT state, attempts, last_error, updated_at, sent_at, pick FROM digests WHERE period = ?`, period).
		Scan(&r.State, &r.Attempts, &r.LastError, &updated, &sent, &r.Pick)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	r.UpdatedAt, r.SentAt = fromUnix(updated), fromUnix(sent)
	return r, err
}

// BeginDigest marks period's digest as being sent, counting an attempt, and
// must be called (and succeed) before the message is handed to the server.
// It fails with *DigestDoneError when the digest was sent, skipped, or may
// have been delivered; force (the user's explicit resend) overrides that.
func (s *Store) BeginDigest(ctx context.Context, period string, at time.Time, force bool) (DigestRecord, error) {
	var out DigestRecord
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := readDigest(ctx, tx.QueryRowContext, period)
		if err != nil {
			return err
		}
		if r.Done() && !force {
			return &DigestDoneError{Record: r}
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO digests (period, state, attempts, updated_at) VALUES (?1, ?2, 1, ?3)
			ON CONFLICT (period) DO UPDATE SET state = ?2, attempts = attempts + 1, updated_at = ?3`,
			period, DigestSending, unix(at))
		if err != nil {
			return err
		}
		out, err = readDigest(ctx, tx.QueryRowContext, period)
		return err
	}, "starting digest %s", period)
	return out, err
}

// FinishDigest records the outcome of the send BeginDigest started: state
// is DigestSent (pick is the period's pick, "" for none), DigestPending (a
// failure before delivery: may be retried) or DigestUnknown. sendErr is kept
// as the last error.
func (s *Store) FinishDigest(ctx context.Context, period, state string, at time.Time, pick string, sendErr error) error {
	switch state {
	case DigestSent, DigestPending, DigestUnknown:
	default:
		return fmt.Errorf("finishing digest %s: bad state %q", period, state)
	}
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	}
	sentAt := int64(0)
	if state == DigestSent {
		sentAt = unix(at)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digests SET state = ?, last_error = ?, updated_at = ?, sent_at = ?, pick = ?
			WHERE period = ? AND state = ?`, state, msg, unix(at), sentAt, pick, period, DigestSending)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errors.New("no send in progress")
		}
		return nil
	}, "finishing digest %s", period)
}

// SkipDigest records that period's digest was empty and not sent, unless the
// period already has a record.
func (s *Store) SkipDigest(ctx context.Context, period string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO digests (period, state, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (period) DO NOTHING`, period, DigestSkipped, unix(at))
		return err
	}, "skipping digest %s", period)
}

// RecentPicks returns the picks of the last n sent digests, most recent first.
func (s *Store) RecentPicks(ctx context.Context, n int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pick FROM digests WHERE state = ? AND pick <> ''
		ORDER BY sent_at DESC, period DESC LIMIT ?`, DigestSent, n)
	if err != nil {
		return nil, fmt.Errorf("reading previous picks: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("reading previous picks: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading previous picks: %w", err)
	}
	return out, nil
}

// LastDigest returns the most recently sent digest; State is "" when none
// was ever sent.
func (s *Store) LastDigest(ctx context.Context) (DigestRecord, error) {
	var period string
	err := s.db.QueryRowContext(ctx, `SELECT period FROM digests WHERE state = ? ORDER BY sent_at DESC, period DESC LIMIT 1`,
		DigestSent).Scan(&period)
	if errors.Is(err, sql.ErrNoRows) {
		return DigestRecord{}, nil
	}
	if err != nil {
		return DigestRecord{}, fmt.Errorf("reading the last digest: %w", err)
	}
	return s.Digest(ctx, period)
}
