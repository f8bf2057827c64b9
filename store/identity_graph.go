package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

// addrNode is one address as identity resolution sees it.
type addrNode struct {
	email  string
	person int64
	key    string // nameKey of its display name; "" when it cannot identify
	// first and last interaction, loaded on demand for the job-change rule
	first, last   time.Time
	firstU, lastU int64
	// the threads of its interactions, loaded on demand for the thread rule
	threads map[string]threadMsgs
}

// threadMsgs is what the thread rule needs of the messages an address has
// in one thread: one of them, and whether there are others.
type threadMsgs struct {
	first int64
	more  bool
}

// resolver is the in-memory identity graph of one ResolveIdentities call: a
// union-find over person ids. It is not safe for concurrent use.
type resolver struct {
	addrs   map[string]*addrNode
	list    []*addrNode           // every address but the user's
	members map[int64][]*addrNode // root person -> every address of its group (group)
	parent  map[int64]int64
	same    [][2]string
	diff    map[[2]string]bool
	byName  [][]*addrNode // groups of addresses sharing a name key, >= 2 people each
	own     []string
}

func pairKey(x, y string) [2]string {
	if x > y {
		x, y = y, x
	}
	return [2]string{x, y}
}

// loadResolver reads addresses, names and the user's rules. It runs after
// every sync, over every address, so it allocates little: one node per
// address, from one block, and maps sized once.
func (s *Store) loadResolver(ctx context.Context, self []string) (*resolver, error) {
	var count int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM addresses`).Scan(&count); err != nil {
		return nil, err
	}
	r := &resolver{addrs: make(map[string]*addrNode, count), parent: map[int64]int64{}, diff: map[[2]string]bool{}}
	isSelf := selfMatcher(self)
	nodes := make([]addrNode, 0, count) // more rows than counted get a new block
	var name sql.RawBytes
	// Unordered, with the person's name read only where the address has
	// none: sorting the few groups of one name in Go costs less than
	// SQLite's ordered join (8 -> 4.4 ms at 7,000 addresses).
	err := s.scan(ctx, `SELECT email, person_id,
		CASE name WHEN '' THEN (SELECT p.name FROM people p WHERE p.id = person_id) ELSE name END
		FROM addresses`, func(sc func(...any) error) error {
		var n addrNode
		if err := sc(&n.email, &n.person, &name); err != nil {
			return err
		}
		if isSelf(n.email) {
			r.own = append(r.own, n.email)
			return nil
		}
		n.key = nameKeyBytes(name)
		if len(nodes) == cap(nodes) {
			nodes = make([]addrNode, 0, max(64, cap(nodes)/4))
		}
		nodes = append(nodes, n)
		np := &nodes[len(nodes)-1]
		r.addrs[n.email] = np
		r.list = append(r.list, np)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(r.own)
	names := make(map[string][]*addrNode, len(r.list))
	for _, n := range r.list {
		if n.key != "" {
			names[n.key] = append(names[n.key], n)
		}
	}
	err = s.scan(ctx, `SELECT a, b, rule FROM identity_rules ORDER BY at, a, b`, func(sc func(...any) error) error {
		var a, b, rule string
		if err := sc(&a, &b, &rule); err != nil {
			return err
		}
		if rule == ruleSame {
			r.same = append(r.same, [2]string{a, b})
		} else {
			r.diff[pairKey(a, b)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(names))
	for k, g := range names {
		if slices.ContainsFunc(g, func(n *addrNode) bool { return n.person != g[0].person }) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		g := names[k]
		slices.SortFunc(g, func(a, b *addrNode) int { return strings.Compare(a.email, b.email) })
		r.byName = append(r.byName, g)
	}
	return r, nil
}

// group returns every address of the group whose root person is root. The
// groups are built on first use: most resolutions merge no one and have no
// rules to check.
func (r *resolver) group(root int64) []*addrNode {
	if r.members == nil {
		r.members = map[int64][]*addrNode{}
		for _, n := range r.list {
			k := r.find(n)
			r.members[k] = append(r.members[k], n)
		}
	}
	return r.members[root]
}

func (r *resolver) find(n *addrNode) int64 { return r.root(n.person) }

func (r *resolver) root(id int64) int64 {
	for {
		p, ok := r.parent[id]
		if !ok {
			return id
		}
		id = p
	}
}

// kept reports whether a "different" rule separates a's group from b's.
func (r *resolver) kept(a, b *addrNode) bool {
	if len(r.diff) == 0 {
		return false
	}
	for _, x := range r.group(r.find(a)) {
		for _, y := range r.group(r.find(b)) {
			if r.diff[pairKey(x.email, y.email)] {
				return true
			}
		}
	}
	return false
}

// union joins the groups of a and b into the lower person id, unless they
// are one group already or a rule keeps them apart.
func (r *resolver) union(a, b *addrNode, reason string) (IdentityMerge, bool) {
	ra, rb := r.find(a), r.find(b)
	if ra == rb || r.kept(a, b) {
		return IdentityMerge{}, false
	}
	into, from := ra, rb
	if from < into {
		into, from = from, into
		a, b = b, a
	}
	r.parent[from] = into
	if r.members != nil {
		r.members[into] = append(r.members[into], r.members[from]...)
		delete(r.members, from)
	}
	return IdentityMerge{Into: into, From: from, IntoEmail: a.email, FromEmail: b.email, Reason: reason}, true
}

// saveOwn replaces the recorded list of the user's own addresses, unless it
// holds them already: then the transaction writes nothing, and its commit
// need not wait for the disk.
func (r *resolver) saveOwn(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT email FROM own_addresses`)
	if err != nil {
		return err
	}
	stored := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return err
		}
		stored[e] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	same := len(stored) == len(r.own)
	for _, e := range r.own {
		same = same && stored[e]
	}
	if same {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM own_addresses`); err != nil {
		return err
	}
	for _, e := range r.own {
		if _, err := tx.ExecContext(ctx, `INSERT INTO own_addresses (email) VALUES (?)`, e); err != nil {
			return err
		}
	}
	return nil
}
