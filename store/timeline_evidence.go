package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// MessageLocation is where one stored message lives in a mailbox.
type MessageLocation struct {
	Folder string
	UID    uint32
	At     time.Time // the message's date
}

// ClassLocations lists where the messages of one class (e.g. model.Bounce)
// live in account's folders, newest first, at most limit of them (0: all).
// A message in several folders is listed once per folder.
func (s *Store) ClassLocations(ctx context.Context, account string, class model.Class, limit int) ([]MessageLocation, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT f.folder, l.id & 0xFFFFFFFF, m.at
		FROM locations l JOIN folders f ON f.id = l.id >> 32 JOIN messages m ON m.id = l.msg_id
		WHERE f.account = ? AND m.class = ?
		ORDER BY m.at DESC, f.folder, l.id LIMIT ?`, account, string(class), limit)
	if err != nil {
		return nil, fmt.Errorf("listing %s messages of account %q: %w", class, account, err)
	}
	defer rows.Close()
	var out []MessageLocation
	for rows.Next() {
		var l MessageLocation
		var uid, at int64
		if err := rows.Scan(&l.Folder, &uid, &at); err != nil {
			return nil, fmt.Errorf("listing %s messages of account %q: %w", class, account, err)
		}
		l.UID, l.At = uint32(uid), fromUnix(at)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing %s messages of account %q: %w", class, account, err)
	}
	return out, nil
}

// WroteTo reports which of emails the user has written to: addresses with at
// least one outbound interaction. A bounce or auto-reply is evidence about a
// person only when it answers mail the user sent them. Emails are matched
// lowercased; the result is keyed by the lowercased address.
func (s *Store) WroteTo(ctx context.Context, emails []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(emails) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(emails))
	for _, e := range emails {
		args = append(args, normEmail(e))
	}
	// Interactions are indexed by person, then address (interactions_history).
	q := `SELECT a.email FROM addresses a WHERE a.email IN (?` + strings.Repeat(",?", len(args)-1) + `)
		AND EXISTS (SELECT 1 FROM interactions i WHERE i.person_id = a.person_id AND i.email = a.email AND i.direction = 'out')`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("checking whom you wrote to: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("checking whom you wrote to: %w", err)
		}
		out[e] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("checking whom you wrote to: %w", err)
	}
	return out, nil
}
