package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// personExtras is what Histories adds to each person's touches: every
// address, the user's data, moves, and which addresses are the user's own.
// It is loaded once per Histories call (a few small queries) so the touch
// stream stays one query.
type personExtras struct {
	emails  map[int64][]string
	data    map[int64]*userFields
	moves   map[int64][]model.Move
	domains map[string]bool // ignored domains (each covers its subdomains)
	own     map[string]bool
	rules   []TierRule
}

// userFields are one person's user data; each field is the most recent
// value among the person's addresses.
type userFields struct {
	tier, note, snooze, ignore stamped
}

type stamped struct {
	value string
	at    int64
	set   bool
}

func (f *userFields) field(name string) *stamped {
	switch name {
	case fieldTier:
		return &f.tier
	case fieldNote:
		return &f.note
	case fieldSnooze:
		return &f.snooze
	case fieldIgnore:
		return &f.ignore
	}
	return nil
}

// loadExtras reads everything Histories adds to touches.
func (s *Store) loadExtras(ctx context.Context) (*personExtras, error) {
	x := &personExtras{emails: map[int64][]string{}, data: map[int64]*userFields{},
		moves: map[int64][]model.Move{}, domains: map[string]bool{}, own: map[string]bool{}, rules: s.tierRules}
	err := s.scan(ctx, `SELECT person_id, email FROM addresses`, func(sc func(...any) error) error {
		var id int64
		var email string
		if err := sc(&id, &email); err != nil {
			return err
		}
		x.emails[id] = append(x.emails[id], email)
		return nil
	})
	if err == nil {
		err = s.scan(ctx, `SELECT a.person_id, u.field, u.value, u.at
			FROM user_data u JOIN addresses a ON a.email = u.email`, func(sc func(...any) error) error {
			var id, at int64
			var name, value string
			if err := sc(&id, &name, &value, &at); err != nil {
				return err
			}
			f := x.data[id]
			if f == nil {
				f = &userFields{}
				x.data[id] = f
			}
			if st := f.field(name); st != nil && (!st.set || at >= st.at) {
				*st = stamped{value: value, at: at, set: true}
			}
			return nil
		})
	}
	if err == nil {
		err = s.scan(ctx, `SELECT a.person_id, m.kind, m.from_email, m.to_email, m.from_company, m.to_company, m.at, m.evidence
			FROM moves m JOIN addresses a ON a.email = m.from_email ORDER BY m.at, m.id`, func(sc func(...any) error) error {
			var id, at int64
			var m model.Move
			if err := sc(&id, &m.Kind, &m.FromEmail, &m.ToEmail, &m.FromCompany, &m.ToCompany, &at, &m.Evidence); err != nil {
				return err
			}
			m.At = fromUnix(at)
			x.moves[id] = append(x.moves[id], m)
			return nil
		})
	}
	if err == nil {
		err = s.scan(ctx, `SELECT domain FROM ignored_domains`, func(sc func(...any) error) error {
			var d string
			if err := sc(&d); err != nil {
				return err
			}
			x.domains[d] = true
			return nil
		})
	}
	if err == nil {
		err = s.scan(ctx, `SELECT email FROM own_addresses`, func(sc func(...any) error) error {
			var e string
			if err := sc(&e); err != nil {
				return err
			}
			x.own[e] = true
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("reading people's user data: %w", err)
	}
	return x, nil
}

// fill completes h, whose ID, Email (primary) and Touches are set.
func (x *personExtras) fill(h *model.PersonHistory) {
	others := slices.Clone(x.emails[h.ID])
	slices.Sort(others)
	h.Emails = append([]string{h.Email}, slices.DeleteFunc(others, func(e string) bool { return e == h.Email })...)
	h.Moves = x.moves[h.ID]
	if f := x.data[h.ID]; f != nil {
		h.Tier = f.tier.value
		h.Note = f.note.value
		if t, err := time.Parse(time.RFC3339, f.snooze.value); err == nil {
			h.SnoozedUntil = t.UTC()
		}
		h.Ignored = f.ignore.value == "1"
	}
	if h.Tier == "" {
		h.Tier = ruleTier(x.rules, h)
	}
	if !h.Ignored && len(x.domains) > 0 {
		h.Ignored = slices.ContainsFunc(h.Emails, x.domainIgnored)
	}
}

// domainIgnored reports whether email's domain, or a parent of it, is ignored.
func (x *personExtras) domainIgnored(email string) bool {
	d := email[strings.LastIndexByte(email, '@')+1:]
	for d != "" {
		if x.domains[d] {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return false
}

// scan runs query and calls row for each result row with its Scan function.
func (s *Store) scan(ctx context.Context, query string, row func(scan func(...any) error) error, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
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
