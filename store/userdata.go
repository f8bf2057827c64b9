package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Fields of the user's data about a person (user_data.field).
const (
	fieldTier   = "tier"
	fieldNote   = "note"
	fieldSnooze = "snooze" // RFC 3339 time
	fieldIgnore = "ignore" // "1"
)

// SetTier sets the tier the user chose for a person; "" clears it. The store
// does not know the configured tiers: callers check the name.
func (s *Store) SetTier(ctx context.Context, personID int64, tier string, now time.Time) error {
	return s.setUserField(ctx, personID, fieldTier, strings.TrimSpace(tier), now)
}

// SetNote replaces the user's note about a person; "" clears it.
func (s *Store) SetNote(ctx context.Context, personID int64, note string, now time.Time) error {
	return s.setUserField(ctx, personID, fieldNote, strings.TrimSpace(note), now)
}

// Snooze stops reminders about a person until until; the zero time clears it.
func (s *Store) Snooze(ctx context.Context, personID int64, until time.Time, now time.Time) error {
	v := ""
	if !until.IsZero() {
		v = until.UTC().Format(time.RFC3339)
	}
	return s.setUserField(ctx, personID, fieldSnooze, v, now)
}

// SetIgnored ignores a person (they vanish from contacts, export and the
// digest), or stops ignoring them.
func (s *Store) SetIgnored(ctx context.Context, personID int64, ignored bool, now time.Time) error {
	v := ""
	if ignored {
		v = "1"
	}
	return s.setUserField(ctx, personID, fieldIgnore, v, now)
}

// IgnoreDomain ignores everyone at domain and its subdomains (ignore
// "acme.com" and ada@eu.acme.com is ignored too), or stops ignoring it.
// It reports whether anything changed.
func (s *Store) IgnoreDomain(ctx context.Context, domain string, ignored bool, now time.Time) (bool, error) {
	d := strings.Trim(strings.ToLower(strings.TrimSpace(domain)), ".@")
	if d == "" || strings.ContainsAny(d, "@ \t") {
		return false, fmt.Errorf("ignoring domain %q: not a domain", domain)
	}
	q := `INSERT INTO ignored_domains (domain, at) VALUES (?, ?) ON CONFLICT DO NOTHING`
	args := []any{d, unix(now)}
	if !ignored {
		q, args = `DELETE FROM ignored_domains WHERE domain = ?`, []any{d}
	}
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("ignoring domain %q: %w", d, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// setUserField stores one field for a person, keyed by the person's primary
// address; the field's values under the person's other addresses (left by an
// earlier merge) are removed so the new value is the only one.
func (s *Store) setUserField(ctx context.Context, personID int64, field, value string, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		primary, err := primaryAddress(ctx, tx, personID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_data WHERE field = ?
			AND email IN (SELECT email FROM addresses WHERE person_id = ?)`, field, personID); err != nil {
			return err
		}
		if value == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO user_data (email, field, value, at) VALUES (?, ?, ?, ?)`,
			primary, field, value, unix(now))
		return err
	}, "setting %s of person %d", field, personID)
}

// ErrNoPerson is returned when no person matches.
var ErrNoPerson = errors.New("no such person")

// primaryAddress is the person's address with the most interactions (ties:
// the alphabetically first), or their first address when none has any.
func primaryAddress(ctx context.Context, q querier, personID int64) (string, error) {
	var email string
	err := q.QueryRowContext(ctx, `SELECT a.email FROM addresses a
		WHERE a.person_id = ?
		ORDER BY (SELECT count(*) FROM interactions i WHERE i.person_id = a.person_id AND i.email = a.email) DESC, a.email
		LIMIT 1`, personID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("person %d: %w", personID, ErrNoPerson)
	}
	return email, err
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Note returns the user's note about a person ("" for none).
func (s *Store) Note(ctx context.Context, personID int64) (string, error) {
	var note string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM user_data WHERE field = 'note'
		AND email IN (SELECT email FROM addresses WHERE person_id = ?)
		ORDER BY at DESC LIMIT 1`, personID).Scan(&note)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("reading note of person %d: %w", personID, err)
	}
	return note, nil
}
