package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Identity rules: what the user said about two addresses.
const (
	ruleSame      = "same"
	ruleDifferent = "different"
)

// Merge makes person from part of person into (`tend merge A B`): every
// address and interaction of from moves to into, and a rule "same" between
// the two primary addresses is kept, so automatic identity resolution merges
// them again after a rebuilt index. Rules that kept the two apart are
// dropped. Merging a person into itself does nothing.
func (s *Store) Merge(ctx context.Context, into, from int64, now time.Time) error {
	if into == from {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := primaryAddress(ctx, tx, into)
		if err != nil {
			return err
		}
		b, err := primaryAddress(ctx, tx, from)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_rules WHERE rule = 'different'
			AND ((a IN (SELECT email FROM addresses WHERE person_id = ?) AND b IN (SELECT email FROM addresses WHERE person_id = ?))
			  OR (a IN (SELECT email FROM addresses WHERE person_id = ?) AND b IN (SELECT email FROM addresses WHERE person_id = ?)))`,
			into, from, from, into); err != nil {
			return err
		}
		if err := putRule(ctx, tx, a, b, ruleSame, now); err != nil {
			return err
		}
		return mergePeople(ctx, tx, into, from)
	}, "merging person %d into %d", from, into)
}

// Split moves one address (and its interactions) into a person of its own
// (`tend split EMAIL`) and records that it is a different person from each of
// the person's other addresses, so it is never merged back automatically.
// It returns the id of the address's person afterwards and whether anything
// changed (an address that is already alone is left as it is).
func (s *Store) Split(ctx context.Context, email string, now time.Time) (int64, bool, error) {
	e := normEmail(email)
	var newID int64
	changed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var old int64
		var name string
		var nameAt int64
		if err := tx.QueryRowContext(ctx, `SELECT person_id, name, name_at FROM addresses WHERE email = ?`, e).
			Scan(&old, &name, &nameAt); err != nil {
			if err == sql.ErrNoRows {
				return fmt.Errorf("%q is not in the index: %w", e, ErrNoPerson)
			}
			return err
		}
		newID = old
		var others []string
		err := scanTx(ctx, tx, `SELECT email FROM addresses WHERE person_id = ? AND email <> ?`, func(sc func(...any) error) error {
			var o string
			if err := sc(&o); err != nil {
				return err
			}
			others = append(others, o)
			return nil
		}, old, e)
		if err != nil || len(others) == 0 {
			return err
		}
		for _, o := range others {
			if err := putRule(ctx, tx, e, o, ruleDifferent, now); err != nil {
				return err
			}
		}
		changed = true
		newID, err = splitAddress(ctx, tx, e, old, name, nameAt)
		return err
	}, "splitting %q", e)
	return newID, changed, err
}

// splitAddress moves address e (of person old, with its name) and its
// interactions into a new person and returns its id.
func splitAddress(ctx context.Context, tx *sql.Tx, e string, old int64, name string, nameAt int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO people (name, name_at) VALUES (?, ?)`, name, nameAt)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE addresses SET person_id = ? WHERE email = ?`, id, e); err != nil {
		return 0, err
	}
	// By person first: interactions are indexed by person, not by address.
	_, err = tx.ExecContext(ctx, `UPDATE interactions SET person_id = ? WHERE person_id = ? AND email = ?`, id, old, e)
	if err != nil {
		return 0, err
	}
	return id, renamePerson(ctx, tx, old)
}

// enforceSplits undoes merges that "different" rules forbid (for example
// rules imported after a rebuilt index was resolved): while a person holds a
// pair of addresses the user split apart, the address in most such pairs
// (ties: alphabetically first) moves to a person of its own. It returns the
// addresses split off.
func enforceSplits(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var split []string
	for range 10000 {
		var e, name string
		var old, nameAt int64
		err := tx.QueryRowContext(ctx, `WITH v(email) AS (
				SELECT r.a FROM identity_rules r
				JOIN addresses x ON x.email = r.a JOIN addresses y ON y.email = r.b
				WHERE r.rule = 'different' AND x.person_id = y.person_id
				UNION ALL
				SELECT r.b FROM identity_rules r
				JOIN addresses x ON x.email = r.a JOIN addresses y ON y.email = r.b
				WHERE r.rule = 'different' AND x.person_id = y.person_id)
			SELECT v.email, a.person_id, a.name, a.name_at FROM v JOIN addresses a ON a.email = v.email
			GROUP BY v.email ORDER BY count(*) DESC, v.email LIMIT 1`).Scan(&e, &old, &name, &nameAt)
		if errors.Is(err, sql.ErrNoRows) {
			return split, nil
		}
		if err != nil {
			return split, err
		}
		if _, err := splitAddress(ctx, tx, e, old, name, nameAt); err != nil {
			return split, err
		}
		split = append(split, e)
	}
	return split, errors.New("too many conflicting identity rules")
}

// putRule stores a rule about two addresses, replacing any earlier one.
func putRule(ctx context.Context, tx *sql.Tx, x, y, rule string, now time.Time) error {
	if x == y {
		return nil
	}
	if x > y {
		x, y = y, x
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO identity_rules (a, b, rule, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (a, b) DO UPDATE SET rule = excluded.rule, at = excluded.at`, x, y, rule, unix(now))
	return err
}

// mergePeople moves everything of person from to person into and deletes
// from. The merged person keeps the more recently seen display name.
func mergePeople(ctx context.Context, tx *sql.Tx, into, from int64) error {
	for _, q := range []string{
		`UPDATE addresses SET person_id = ? WHERE person_id = ?`,
		`UPDATE interactions SET person_id = ? WHERE person_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, into, from); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = ?`, from); err != nil {
		return err
	}
	return renamePerson(ctx, tx, into)
}

// renamePerson sets a person's name to the most recently seen non-empty
// name among their addresses (after a merge or split).
func renamePerson(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE people SET (name, name_at) = (
		SELECT name, name_at FROM addresses WHERE person_id = ?1 AND name <> ''
		ORDER BY name_at DESC, email LIMIT 1)
		WHERE id = ?1 AND EXISTS (SELECT 1 FROM addresses WHERE person_id = ?1 AND name <> '')`, id)
	return err
}

// scanTx is Store.scan inside a transaction.
func scanTx(ctx context.Context, tx *sql.Tx, query string, row func(scan func(...any) error) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
