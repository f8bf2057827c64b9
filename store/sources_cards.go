package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/tend-dev/tend/model"
)

// upsertCard stores a card, replacing its addresses and moments, and links
// its addresses to one person.
func (w *sourceWriter) upsertCard(c model.Card) error {
	err := w.exec(`INSERT INTO cards (account, source, item, name, org, note, updated) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, source, item) DO UPDATE SET
			name = excluded.name, org = excluded.org, note = excluded.note, updated = excluded.updated`,
		w.account, w.source, c.ID, strings.TrimSpace(c.Name), strings.TrimSpace(c.Org), c.Note, unix(c.Updated))
	if err != nil {
		return err
	}
	key := []any{w.account, w.source, c.ID}
	if err := w.exec(`DELETE FROM card_emails WHERE account = ? AND source = ? AND item = ?`, key...); err != nil {
		return err
	}
	if err := w.exec(`DELETE FROM card_moments WHERE account = ? AND source = ? AND item = ?`, key...); err != nil {
		return err
	}
	var emails []string
	for _, e := range c.Emails {
		e = strings.ToLower(strings.TrimSpace(e))
		if !strings.Contains(e, "@") || slices.Contains(emails, e) {
			continue
		}
		emails = append(emails, e)
		if err := w.exec(`INSERT INTO card_emails (account, source, item, email) VALUES (?, ?, ?, ?)`,
			w.account, w.source, c.ID, e); err != nil {
			return err
		}
	}
	for _, m := range c.Moments {
		if m.Month < 1 || m.Month > 12 || m.Day < 1 || m.Day > 31 || m.Kind == "" {
			continue
		}
		if err := w.exec(`INSERT INTO card_moments (account, source, item, kind, month, day, year) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, w.account, w.source, c.ID, m.Kind, m.Month, m.Day, m.Year); err != nil {
			return err
		}
	}
	return linkAddresses(w.ctx, w.tx, w.bw, emails)
}

// LinkAddresses makes emails one person: each address is created if new,
// and the people they belonged to are merged into the lowest-numbered one
// (addresses and interactions move; the emptied people rows stay, without
// touches). An address the user said is a different person from another
// (a "different" identity rule) is left where it is.
func (s *Store) LinkAddresses(ctx context.Context, emails []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		bw, err := newBatchWriter(ctx, tx, nil, map[string]*address{}, map[int64]*named{})
		if err != nil {
			return err
		}
		defer bw.close()
		var norm []string
		for _, e := range emails {
			if e = strings.ToLower(strings.TrimSpace(e)); strings.Contains(e, "@") {
				norm = append(norm, e)
			}
		}
		if err := linkAddresses(ctx, tx, bw, norm); err != nil {
			return err
		}
		return bw.flushNames()
	}, "linking addresses")
}

func linkAddresses(ctx context.Context, tx *sql.Tx, bw *batchWriter, emails []string) error {
	if len(emails) < 2 {
		return nil
	}
	var group []string // addresses linked so far
	target := int64(0)
	for _, e := range emails {
		a, err := bw.address(e)
		if err != nil {
			return err
		}
		split, err := splitRule(ctx, tx, e, group)
		if err != nil {
			return err
		}
		if split {
			continue
		}
		group = append(group, e)
		if target == 0 || a.personID < target {
			target = a.personID
		}
	}
	for _, e := range group {
		a := bw.addrs[e]
		if a.personID == target {
			continue
		}
		from := a.personID
		if _, err := tx.ExecContext(ctx, `UPDATE addresses SET person_id = ? WHERE person_id = ?`, target, from); err != nil {
			return fmt.Errorf("merging person %d into %d: %w", from, target, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE interactions SET person_id = ? WHERE person_id = ?`, target, from); err != nil {
			return fmt.Errorf("merging person %d into %d: %w", from, target, err)
		}
		for _, c := range bw.addrs {
			if c.personID == from {
				c.personID = target
			}
		}
		// Keep a name for the merged person when it had none.
		if p, q := bw.people[target], bw.people[from]; p != nil && q != nil && p.name == "" && q.name != "" {
			p.rename(q.name, q.at)
		}
	}
	return nil
}

// splitRule reports whether the user said email is a different person from
// any of group.
func splitRule(ctx context.Context, tx *sql.Tx, email string, group []string) (bool, error) {
	for _, g := range group {
		a, b := min(email, g), max(email, g)
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM identity_rules WHERE a = ? AND b = ? AND rule = 'different'`,
			a, b).Scan(&n)
		if err != nil {
			return false, fmt.Errorf("reading identity rules: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// cardExtras is what address-book cards add to each person in Histories:
// the card's name (the user's own spelling wins over mail display names)
// and its moments.
type cardExtras map[int64]*cardExtra

type cardExtra struct {
	name    string
	org     string
	moments []model.Moment
}

// loadCardExtras reads every card's name and moments, keyed by the person
// who owns the card's addresses.
func (s *Store) loadCardExtras(ctx context.Context) (cardExtras, error) {
	out := cardExtras{}
	get := func(id int64) *cardExtra {
		if out[id] == nil {
			out[id] = &cardExtra{}
		}
		return out[id]
	}
	err := s.scan(ctx, `
		SELECT DISTINCT a.person_id, c.name, c.org FROM cards c
		JOIN card_emails e ON e.account = c.account AND e.source = c.source AND e.item = c.item
		JOIN addresses a ON a.email = e.email
		WHERE c.name <> '' OR c.org <> '' ORDER BY a.person_id, c.updated DESC, c.name`, func(sc func(...any) error) error {
		var id int64
		var name, org string
		if err := sc(&id, &name, &org); err != nil {
			return err
		}
		x := get(id)
		if x.name == "" {
			x.name = name
		}
		if x.org == "" {
			x.org = org
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading cards: %w", err)
	}
	err = s.scan(ctx, `
		SELECT DISTINCT a.person_id, m.kind, m.month, m.day, m.year FROM card_moments m
		JOIN card_emails e ON e.account = m.account AND e.source = m.source AND e.item = m.item
		JOIN addresses a ON a.email = e.email
		ORDER BY a.person_id, m.kind, m.month, m.day, m.year`, func(sc func(...any) error) error {
		var id int64
		var m model.Moment
		if err := sc(&id, &m.Kind, &m.Month, &m.Day, &m.Year); err != nil {
			return err
		}
		x := get(id)
		for i, have := range x.moments {
			if have.Kind == m.Kind && have.Month == m.Month && have.Day == m.Day {
				if have.Year == 0 {
					x.moments[i].Year = m.Year // two cards, one knows the year
				}
				return nil
			}
		}
		x.moments = append(x.moments, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading card moments: %w", err)
	}
	return out, nil
}

// fill adds a person's card name, organisation and moments to h.
func (c cardExtras) fill(h *model.PersonHistory) {
	x := c[h.ID]
	if x == nil {
		return
	}
	if x.name != "" {
		h.Name = x.name
	}
	h.Org = x.org
	h.Moments = append(h.Moments, x.moments...)
}
