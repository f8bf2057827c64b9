package store

import (
	"context"
	"fmt"

	"github.com/tend-dev/tend/model"
)

// Stats are the index's counts, as `tend status` shows them.
type Stats struct {
	People       int64 // people with at least one interaction
	Addresses    int64
	Messages     int64
	Interactions int64
}

// Stats counts what the index holds.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(DISTINCT person_id) FROM interactions),
		(SELECT count(*) FROM addresses),
		(SELECT count(*) FROM messages),
		(SELECT count(*) FROM interactions)`).
		Scan(&st.People, &st.Addresses, &st.Messages, &st.Interactions)
	if err != nil {
		return Stats{}, fmt.Errorf("counting index contents: %w", err)
	}
	return st, nil
}

// Histories calls fn once for every person who has at least one interaction,
// in person ID order, with all their touches oldest first. Email is the
// address of the person's latest interaction (after a move, the new one);
// Name is the best known display name. It
// streams one query rather than loading the index, and stops at fn's first
// error, returning it unwrapped. Each call gets its own Touches slice, so fn
// may keep it. Emails lists every address of the person (primary first, then
// alphabetical); Tier, Note, SnoozedUntil and Ignored are the user's data
// (userdata.go; Tier is the user's tier, else the first matching
// SetTierRules rule); Moves are oldest first. Touches with the user's own addresses
// (see ResolveIdentities) are left out.
func (s *Store) Histories(ctx context.Context, fn func(model.PersonHistory) error) error {
	extras, err := s.loadExtras(ctx)
	if err != nil {
		return err
	}
	cards, err := s.loadCardExtras(ctx) // sources_cards.go: card names and moments
	if err != nil {
		return err
	}
	names, err := s.personNames(ctx)
	if err != nil {
		return err
	}
	if afterNamesHook != nil {
		afterNamesHook()
	}
	// The names come from a map rather than a join: the join looked a
	// person up and copied their name for each of their interactions.
	rows, err := s.db.QueryContext(ctx, `
		SELECT person_id, email, direction, channel, at, weight, recipients, subject, thread
		FROM interactions
		ORDER BY person_id, at, id`)
	if err != nil {
		return fmt.Errorf("reading histories: %w", err)
	}
	defer rows.Close()
	var (
		cur   model.PersonHistory
		tally = map[string]*emailTally{}
		seq   int
	)
	emit := func() error {
		if len(cur.Touches) == 0 {
			return nil
		}
		cur.Email = primaryEmail(tally)
		clear(tally)
		h := cur
		cur = model.PersonHistory{}
		extras.fill(&h)
		cards.fill(&h)
		return fn(h)
	}
	// Scan's destinations live outside the loop: inside, each row put them
	// on the heap anew (six allocations a row).
	var (
		id                  int64
		email, dir, channel string
		at, recipients      int64
		t                   model.Touch
	)
	for rows.Next() {
		t = model.Touch{}
		if err := rows.Scan(&id, &email, &dir, &channel, &at, &t.Weight, &recipients, &t.Subject, &t.Thread); err != nil {
			return fmt.Errorf("reading histories: %w", err)
		}
		if extras.own[email] {
			continue
		}
		if id != cur.ID && len(cur.Touches) > 0 {
			if err := emit(); err != nil {
				return err
			}
		}
		name, ok := names[id]
		if !ok { // a person created since the names were read
			if err := s.db.QueryRowContext(ctx, `SELECT name FROM people WHERE id = ?`, id).Scan(&name); err != nil {
				return fmt.Errorf("reading histories: %w", err)
			}
			names[id] = name
		}
		cur.ID, cur.Name = id, name
		t.At, t.Direction, t.Channel = fromUnix(at), model.Direction(dir), model.Channel(channel)
		t.Email, t.Recipients = email, int(recipients)
		cur.Touches = append(cur.Touches, t)
		seq++
		e := tally[email]
		if e == nil {
			e = &emailTally{}
			tally[email] = e
		}
		e.n++
		e.last = seq
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading histories: %w", err)
	}
	return emit()
}

// afterNamesHook, set by tests only, runs between Histories' two queries.
var afterNamesHook func()

// personNames returns every person's name by id.
func (s *Store) personNames(ctx context.Context) (map[int64]string, error) {
	names := map[int64]string{}
	err := s.scan(ctx, `SELECT id, name FROM people`, func(scan func(...any) error) error {
		var id int64
		var name string
		if err := scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading names: %w", err)
	}
	return names, nil
}

// emailTally counts one address's interactions within a person's history.
type emailTally struct {
	n    int
	last int // position of its latest interaction in the stream
}

// primaryEmail is the address of the person's latest interaction: after a
// move it is the new address, the one a reach-out should go to.
func primaryEmail(tally map[string]*emailTally) string {
	var best string
	var bt *emailTally
	for email, t := range tally {
		if bt == nil || t.last > bt.last || (t.last == bt.last && email < best) {
			best, bt = email, t
		}
	}
	return best
}
