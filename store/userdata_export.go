package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// UserDataVersion is the version of the UserData format ExportUserData writes.
const UserDataVersion = 1

// UserData is everything the user told tend, keyed by address so it applies
// to a rebuilt index: per-address tiers, notes, snoozes and ignores, ignored
// domains, and identity rules (merges and splits). Its JSON form is the
// `tend userdata export` file.
type UserData struct {
	Version int            `json:"version"`
	People  []PersonData   `json:"people"`
	Domains []IgnoreDomain `json:"ignored_domains"`
	Rules   []IdentityRule `json:"identity_rules"`
}

// PersonData is the user's data stored under one address.
type PersonData struct {
	Email        string     `json:"email"`
	Tier         string     `json:"tier,omitempty"`
	Note         string     `json:"note,omitempty"`
	SnoozedUntil *time.Time `json:"snoozed_until,omitempty"`
	Ignored      bool       `json:"ignored,omitempty"`
	Updated      time.Time  `json:"updated"`
}

// IgnoreDomain is one ignored domain.
type IgnoreDomain struct {
	Domain string    `json:"domain"`
	At     time.Time `json:"at"`
}

// IdentityRule says two addresses are ("same") or are not ("different") one
// person: a `tend merge` or `tend split`.
type IdentityRule struct {
	A    string    `json:"a"`
	B    string    `json:"b"`
	Rule string    `json:"rule"`
	At   time.Time `json:"at"`
}

// ExportUserData reads all the user's data, sorted by address.
func (s *Store) ExportUserData(ctx context.Context) (UserData, error) {
	d := UserData{Version: UserDataVersion, People: []PersonData{}, Domains: []IgnoreDomain{}, Rules: []IdentityRule{}}
	byEmail := map[string]*PersonData{}
	err := s.scan(ctx, `SELECT email, field, value, at FROM user_data ORDER BY email`, func(sc func(...any) error) error {
		var email, field, value string
		var at int64
		if err := sc(&email, &field, &value, &at); err != nil {
			return err
		}
		p := byEmail[email]
		if p == nil {
			d.People = append(d.People, PersonData{Email: email})
			p = &d.People[len(d.People)-1]
			byEmail[email] = p
		}
		if t := fromUnix(at); t.After(p.Updated) {
			p.Updated = t
		}
		switch field {
		case fieldTier:
			p.Tier = value
		case fieldNote:
			p.Note = value
		case fieldSnooze:
			if t, err := time.Parse(time.RFC3339, value); err == nil {
				p.SnoozedUntil = &t
			}
		case fieldIgnore:
			p.Ignored = value == "1"
		}
		return nil
	})
	if err == nil {
		err = s.scan(ctx, `SELECT domain, at FROM ignored_domains ORDER BY domain`, func(sc func(...any) error) error {
			var x IgnoreDomain
			var at int64
			err := sc(&x.Domain, &at)
			x.At = fromUnix(at)
			d.Domains = append(d.Domains, x)
			return err
		})
	}
	if err == nil {
		err = s.scan(ctx, `SELECT a, b, rule, at FROM identity_rules ORDER BY a, b`, func(sc func(...any) error) error {
			var x IdentityRule
			var at int64
			err := sc(&x.A, &x.B, &x.Rule, &at)
			x.At = fromUnix(at)
			d.Rules = append(d.Rules, x)
			return err
		})
	}
	if err != nil {
		return UserData{}, fmt.Errorf("exporting user data: %w", err)
	}
	return d, nil
}

// ImportCounts says what ImportUserData changed; zero everywhere when the
// index already held the same data.
type ImportCounts struct {
	Fields  int // tiers, notes, snoozes and ignores set or changed
	Domains int // ignored domains added
	Rules   int // identity rules added or changed
}

// ImportUserData applies data written by ExportUserData. It is idempotent:
// values already present are left alone and not counted. Values in the index
// that data does not mention are kept. A version newer than UserDataVersion,
// or an unknown rule, is an error and nothing is applied. Identity rules take
// effect at the next ResolveIdentities.
func (s *Store) ImportUserData(ctx context.Context, d UserData) (ImportCounts, error) {
	var c ImportCounts
	if d.Version < 1 || d.Version > UserDataVersion {
		return c, fmt.Errorf("importing user data: unsupported version %d (this tend reads version %d)", d.Version, UserDataVersion)
	}
	for _, r := range d.Rules {
		if r.Rule != ruleSame && r.Rule != ruleDifferent {
			return c, fmt.Errorf("importing user data: identity rule %s/%s: unknown rule %q", r.A, r.B, r.Rule)
		}
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range d.People {
			email := normEmail(p.Email)
			if email == "" {
				continue
			}
			fields := [][2]string{{fieldTier, p.Tier}, {fieldNote, p.Note}}
			if p.SnoozedUntil != nil {
				fields = append(fields, [2]string{fieldSnooze, p.SnoozedUntil.UTC().Format(time.RFC3339)})
			}
			if p.Ignored {
				fields = append(fields, [2]string{fieldIgnore, "1"})
			}
			for _, f := range fields {
				if f[1] == "" {
					continue
				}
				n, err := execCount(ctx, tx, `INSERT INTO user_data (email, field, value, at) VALUES (?, ?, ?, ?)
					ON CONFLICT (email, field) DO UPDATE SET value = excluded.value, at = excluded.at
					WHERE value <> excluded.value`, email, f[0], f[1], unix(p.Updated))
				if err != nil {
					return err
				}
				c.Fields += n
			}
		}
		for _, x := range d.Domains {
			n, err := execCount(ctx, tx, `INSERT INTO ignored_domains (domain, at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
				normEmail(x.Domain), unix(x.At))
			if err != nil {
				return err
			}
			c.Domains += n
		}
		for _, r := range d.Rules {
			a, b := normEmail(r.A), normEmail(r.B)
			if a == b || a == "" || b == "" {
				continue
			}
			k := pairKey(a, b)
			n, err := execCount(ctx, tx, `INSERT INTO identity_rules (a, b, rule, at) VALUES (?, ?, ?, ?)
				ON CONFLICT (a, b) DO UPDATE SET rule = excluded.rule, at = excluded.at
				WHERE rule <> excluded.rule`, k[0], k[1], r.Rule, unix(r.At))
			if err != nil {
				return err
			}
			c.Rules += n
		}
		return nil
	}, "importing user data")
	if err != nil {
		return ImportCounts{}, err
	}
	return c, nil
}

func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
