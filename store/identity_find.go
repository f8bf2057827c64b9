package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Person is a person as the user names them on the command line.
type Person struct {
	ID     int64
	Name   string
	Email  string   // primary address
	Emails []string // every address, primary first
}

// AmbiguousError is returned by FindPerson when a name matches several people.
type AmbiguousError struct {
	Query      string
	Candidates []Person
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d people:", e.Query, len(e.Candidates))
	for i, p := range e.Candidates {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s <%s> (id %d)", orNoName(p.Name), p.Email, p.ID)
	}
	b.WriteString("; name one by address or id")
	return b.String()
}

func orNoName(s string) string {
	if s == "" {
		return "(no name)"
	}
	return s
}

// FindPerson resolves what the user typed: an address (any alias of the
// person, any case), a person id, or a case-insensitive substring of exactly
// one person's name or address. No match wraps ErrNoPerson; several give an
// *AmbiguousError listing them.
func (s *Store) FindPerson(ctx context.Context, query string) (Person, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return Person{}, fmt.Errorf("finding person: empty name: %w", ErrNoPerson)
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT person_id FROM addresses WHERE email = ?`, normEmail(q)).Scan(&id)
	if err == nil {
		return s.person(ctx, id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Person{}, fmt.Errorf("finding person %q: %w", q, err)
	}
	if n, err := strconv.ParseInt(q, 10, 64); err == nil {
		p, err := s.person(ctx, n)
		if err == nil || !errors.Is(err, ErrNoPerson) {
			return p, err
		}
	}
	var ids []int64
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
	err = s.scan(ctx, `SELECT DISTINCT p.id FROM people p JOIN addresses a ON a.person_id = p.id
		WHERE lower(p.name) LIKE ? ESCAPE '\' OR lower(a.name) LIKE ? ESCAPE '\' OR a.email LIKE ? ESCAPE '\'
		ORDER BY p.id LIMIT 11`, func(sc func(...any) error) error {
		var id int64
		if err := sc(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, like, like, like)
	if err != nil {
		return Person{}, fmt.Errorf("finding person %q: %w", q, err)
	}
	switch len(ids) {
	case 0:
		return Person{}, fmt.Errorf("%q: %w (try an address or `tend contacts --all`)", q, ErrNoPerson)
	case 1:
		return s.person(ctx, ids[0])
	}
	amb := &AmbiguousError{Query: q}
	for _, id := range ids[:min(len(ids), 10)] {
		p, err := s.person(ctx, id)
		if err != nil {
			return Person{}, err
		}
		amb.Candidates = append(amb.Candidates, p)
	}
	return Person{}, amb
}

// person loads one person by id; a person without addresses does not exist.
func (s *Store) person(ctx context.Context, id int64) (Person, error) {
	p := Person{ID: id}
	primary, err := primaryAddress(ctx, s.db, id)
	if err != nil {
		return Person{}, err
	}
	p.Email = primary
	p.Emails = []string{primary}
	err = s.scan(ctx, `SELECT email FROM addresses WHERE person_id = ? ORDER BY email`, func(sc func(...any) error) error {
		var e string
		if err := sc(&e); err != nil {
			return err
		}
		if e != primary {
			p.Emails = append(p.Emails, e)
		}
		return nil
	}, id)
	if err == nil {
		err = s.db.QueryRowContext(ctx, `SELECT name FROM people WHERE id = ?`, id).Scan(&p.Name)
	}
	if err != nil {
		return Person{}, fmt.Errorf("reading person %d: %w", id, err)
	}
	return p, nil
}
