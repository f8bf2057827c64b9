package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// MoveRecord is a stored move and the person it belongs to: the person who
// owns the move's FromEmail (an alias of theirs after a merge).
type MoveRecord struct {
	PersonID int64
	Name     string // the person's best known display name; may be empty
	model.Move
}

// RecordMove stores evidence that a person moved. It is idempotent: the same
// Kind, FromEmail, ToEmail and At are stored once (the first evidence wins).
// Addresses are lowercased. A move whose FromEmail is not in the index yet is
// kept and shows up once the address is known.
func (s *Store) RecordMove(ctx context.Context, m model.Move) error {
	from := normEmail(m.FromEmail)
	if from == "" {
		return errors.New("recording move: no from address")
	}
	if m.Kind == "" {
		return fmt.Errorf("recording move of %q: no kind", from)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO moves
		(kind, from_email, to_email, from_company, to_company, at, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		m.Kind, from, normEmail(m.ToEmail), strings.ToLower(m.FromCompany), strings.ToLower(m.ToCompany),
		unix(m.At), m.Evidence)
	if err != nil {
		return fmt.Errorf("recording move of %q: %w", from, err)
	}
	return nil
}

// Moves lists the moves of known people, newest first (ties: most recently
// recorded first). A non-zero since keeps only moves dated after it.
func (s *Store) Moves(ctx context.Context, since time.Time) ([]MoveRecord, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.person_id, p.name, m.kind, m.from_email, m.to_email, m.from_company, m.to_company, m.at, m.evidence
		FROM moves m
		JOIN addresses a ON a.email = m.from_email
		JOIN people p ON p.id = a.person_id
		WHERE m.at > ?
		ORDER BY m.at DESC, m.id DESC`, sinceUnix(since))
	if err != nil {
		return nil, fmt.Errorf("listing moves: %w", err)
	}
	defer rows.Close()
	var out []MoveRecord
	for rows.Next() {
		var r MoveRecord
		var at int64
		if err := rows.Scan(&r.PersonID, &r.Name, &r.Kind, &r.FromEmail, &r.ToEmail,
			&r.FromCompany, &r.ToCompany, &at, &r.Evidence); err != nil {
			return nil, fmt.Errorf("listing moves: %w", err)
		}
		r.At = fromUnix(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing moves: %w", err)
	}
	return out, nil
}

// sinceUnix encodes a lower bound: the zero time means "everything".
func sinceUnix(t time.Time) int64 {
	if t.IsZero() {
		return -1 << 62
	}
	return t.Unix()
}

// normEmail lowercases and trims an address.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
