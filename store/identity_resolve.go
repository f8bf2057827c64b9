package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
)

// JobChangeSilence is how long an old address must have been silent before
// the same name writing from a new company domain counts as a job change.
const JobChangeSilence = 30 * 24 * time.Hour

// IdentityReport says what ResolveIdentities did.
type IdentityReport struct {
	Merges []IdentityMerge
	Moves  []model.Move // job changes found (also stored with RecordMove)
	Own    int          // addresses in the index that are the user's own
	Splits []string     // addresses split off to obey the user's splits (e.g. after an import)
}

// IdentityMerge is one merge of two people.
type IdentityMerge struct {
	Into, From           int64  // person ids; From no longer exists
	IntoEmail, FromEmail string // the two addresses that matched
	Reason               string // "rule", "name+local-part", "thread", "new-domain"
}

// ResolveIdentities merges people who are one person, after a sync (and
// after user corrections or an import). First it splits apart addresses
// that the user's "different" rules (tend split) keep apart but that share
// a person, as after importing rules into a rebuilt index. self lists the user's own addresses
// (matched like inference does: any case, "+tag", Gmail dots); they are
// recorded so Histories leaves them out, and never merged. In order:
//  1. the user's "same" rules (tend merge) are applied;
//  2. addresses whose display names match (nameKey: at least two words) are
//     merged when their local parts are equal across domains
//     (jane.doe@acme.com, jane.doe@gmail.com), or when both took part in one
//     thread on different messages (a reply from a personal address), or
//     when the name starts writing from a new company domain (not free mail)
//     at least JobChangeSilence after the last mail from the old address: a
//     job change, recorded as a "new-domain" move;
//  3. never when the user split the two apart (a "different" rule between any
//     of their addresses), and never when both addresses were on one message
//     (two people who share a name). Two addresses of one organisation with
//     different local parts are merged only on thread evidence.
//
// Nothing is overwritten: merged addresses stay aliases of the person.
func (s *Store) ResolveIdentities(ctx context.Context, self []string, now time.Time) (IdentityReport, error) {
	var rep IdentityReport
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		rep.Splits, err = enforceSplits(ctx, tx)
		return err
	}, "applying splits")
	if err != nil {
		return rep, fmt.Errorf("resolving identities: %w", err)
	}
	r, err := s.loadResolver(ctx, self)
	if err != nil {
		return rep, fmt.Errorf("resolving identities: %w", err)
	}
	rep.Own = len(r.own)
	for _, rule := range r.same {
		a, b := r.addrs[rule[0]], r.addrs[rule[1]]
		if a == nil || b == nil {
			continue
		}
		if m, ok := r.union(a, b, "rule"); ok {
			rep.Merges = append(rep.Merges, m)
		}
	}
	for _, group := range r.byName {
		for i, a := range group {
			for _, b := range group[i+1:] {
				m, reason, err := s.evidence(ctx, r, a, b)
				if err != nil {
					return rep, fmt.Errorf("resolving identities: %w", err)
				}
				if reason == "" {
					continue
				}
				if merge, ok := r.union(a, b, reason); ok {
					rep.Merges = append(rep.Merges, merge)
					if m != nil {
						rep.Moves = append(rep.Moves, *m)
					}
				}
			}
		}
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := r.saveOwn(ctx, tx); err != nil {
			return err
		}
		for _, m := range rep.Merges {
			if err := mergePeople(ctx, tx, m.Into, m.From); err != nil {
				return err
			}
		}
		return nil
	}, "resolving identities")
	if err != nil {
		return IdentityReport{}, err
	}
	for _, m := range rep.Moves {
		if err := s.RecordMove(ctx, m); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// evidence decides whether a and b (same name key, different people) are one
// person, and why; for a job change it also returns the move. Cheap tests
// come first: most pairs need one or two indexed queries.
func (s *Store) evidence(ctx context.Context, r *resolver, a, b *addrNode) (*model.Move, string, error) {
	if r.find(a) == r.find(b) || r.kept(a, b) {
		return nil, "", nil
	}
	la, da := splitEmail(a.email)
	lb, db := splitEmail(b.email)
	orgA, _ := orgs.Company(a.email)
	orgB, _ := orgs.Company(b.email)
	sameLocal := la == lb && da != db
	// A job change needs two organisations, one of them not free mail.
	mayMove := orgA != orgB && (orgA != "" || orgB != "")
	// Interactions are found by person (interactions_history), then address.
	together, err := s.exists(ctx, `SELECT EXISTS (SELECT 1 FROM interactions i1
		JOIN interactions i2 ON i2.msg_id = i1.msg_id AND i2.email = ?3
		WHERE i1.person_id = ?1 AND i1.email = ?2)`, a.person, a.email, b.email)
	if err != nil || together {
		return nil, "", err
	}
	var move *model.Move
	reason := ""
	if mayMove {
		// Recorded whichever rule merges: the same local part at a new
		// employer is still a move.
		if move, reason, err = s.jobChange(ctx, a, b); err != nil {
			return nil, "", err
		}
	}
	if sameLocal {
		return move, "name+local-part", nil
	}
	thread, err := s.sharedThread(ctx, a, b)
	if err != nil {
		return nil, "", err
	}
	if thread {
		return move, "thread", nil
	}
	return move, reason, nil
}

// jobChange reports a move when one address went silent and, at least
// JobChangeSilence later, the other started at a different, non-free-mail
// organisation.
func (s *Store) jobChange(ctx context.Context, a, b *addrNode) (*model.Move, string, error) {
	for _, n := range []*addrNode{a, b} {
		if n.first.IsZero() {
			err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(at), 0), coalesce(max(at), 0)
				FROM interactions WHERE person_id = ? AND email = ?`, n.person, n.email).Scan(&n.firstU, &n.lastU)
			if err != nil {
				return nil, "", err
			}
			n.first, n.last = fromUnix(n.firstU), fromUnix(n.lastU)
		}
	}
	old, cur := a, b
	if b.last.Before(a.first) {
		old, cur = b, a
	}
	if old.last.IsZero() || cur.first.IsZero() || cur.first.Sub(old.last) < JobChangeSilence {
		return nil, "", nil
	}
	fromOrg, _ := orgs.Company(old.email)
	toOrg, _ := orgs.Company(cur.email)
	if toOrg == "" || toOrg == fromOrg {
		return nil, "", nil
	}
	return &model.Move{
		At: cur.first, FromEmail: old.email, ToEmail: cur.email, FromCompany: fromOrg, ToCompany: toOrg,
		Kind: "new-domain",
		Evidence: fmt.Sprintf("first mail from %s on %s, last from %s on %s", cur.email,
			cur.first.Format(time.DateOnly), old.email, old.last.Format(time.DateOnly)),
	}, "new-domain", nil
}

// sharedThread reports whether a and b took part in one thread on different
// messages. Each address's threads are read once (by person, on
// interactions_history) and kept for its other pairs.
func (s *Store) sharedThread(ctx context.Context, a, b *addrNode) (bool, error) {
	for _, n := range []*addrNode{a, b} {
		if n.threads != nil {
			continue
		}
		n.threads = map[string]threadMsgs{}
		err := s.scan(ctx, `SELECT thread, msg_id FROM interactions WHERE person_id = ? AND email = ?`,
			func(sc func(...any) error) error {
				var thread string
				var msg int64
				if err := sc(&thread, &msg); err != nil {
					return err
				}
				t, ok := n.threads[thread]
				switch {
				case !ok:
					t.first = msg
				case msg != t.first:
					t.more = true
				}
				n.threads[thread] = t
				return nil
			}, n.person, n.email)
		if err != nil {
			return false, err
		}
	}
	small, large := a.threads, b.threads
	if len(small) > len(large) {
		small, large = large, small
	}
	for thread, x := range small {
		// Both took part unless the thread's only message is one they share.
		if y, ok := large[thread]; ok && (x.more || y.more || x.first != y.first) {
			return true, nil
		}
	}
	return false, nil
}

func (s *Store) exists(ctx context.Context, query string, args ...any) (bool, error) {
	var ok bool
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&ok)
	return ok, err
}

// selfMatcher matches the user's addresses the way inference does.
func selfMatcher(self []string) func(string) bool {
	c := infer.New(infer.Options{Self: self})
	return c.IsSelf
}
