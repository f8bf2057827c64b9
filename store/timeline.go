package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// TimelineEntry is one interaction as `tend show` lists it.
type TimelineEntry struct {
	PersonID   int64
	At         time.Time
	Email      string // the person's address on this interaction
	Direction  model.Direction
	Channel    model.Channel
	Subject    string      // subject or meeting title; empty when not stored
	Class      model.Class // the message's class
	Thread     string      // thread key of the message (or the event's id)
	Recipients int         // other people on the message or meeting
}

// Timeline returns the interactions of one person, newest first, at most
// limit of them (0: all). Interactions with the user's own addresses are
// left out, as in Histories.
func (s *Store) Timeline(ctx context.Context, personID int64, limit int) ([]TimelineEntry, error) {
	return s.TimelineOf(ctx, []int64{personID}, limit)
}

// TimelineOf returns the interactions of several people (a company's),
// newest first, at most limit of them (0: all).
func (s *Store) TimelineOf(ctx context.Context, personIDs []int64, limit int) ([]TimelineEntry, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	args := make([]any, 0, len(personIDs)+1)
	for _, id := range personIDs {
		args = append(args, id)
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `
		SELECT i.person_id, i.at, i.email, i.direction, i.channel, i.subject, m.class, m.thread, i.recipients
		FROM interactions i JOIN messages m ON m.id = i.msg_id
		WHERE i.person_id IN (?`+strings.Repeat(",?", len(personIDs)-1)+`)
		AND i.email NOT IN (SELECT email FROM own_addresses)
		ORDER BY i.at DESC, i.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading timeline: %w", err)
	}
	defer rows.Close()
	var out []TimelineEntry
	for rows.Next() {
		var e TimelineEntry
		var at, recipients int64
		var dir, channel, class string
		if err := rows.Scan(&e.PersonID, &at, &e.Email, &dir, &channel, &e.Subject, &class, &e.Thread, &recipients); err != nil {
			return nil, fmt.Errorf("reading timeline: %w", err)
		}
		e.At, e.Recipients = fromUnix(at), int(recipients)
		e.Direction, e.Channel, e.Class = model.Direction(dir), model.Channel(channel), model.Class(class)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading timeline: %w", err)
	}
	return out, nil
}
