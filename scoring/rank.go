package scoring

import (
	"cmp"
	"slices"
)

// Rank orders results in place by who most needs a reach-out: candidates
// that are due or lapsed first, by Priority descending (strong relationships
// most overdue first, not simply the oldest), then everyone else by Score
// descending. Ties break by Email, then Name. The order is stable and
// deterministic.
func Rank(rs []Result) {
	slices.SortStableFunc(rs, func(a, b Result) int {
		ua, ub := urgent(a), urgent(b)
		if ua != ub {
			if ua {
				return -1
			}
			return 1
		}
		var c int
		if ua {
			c = cmp.Compare(b.Priority, a.Priority)
		} else {
			c = cmp.Compare(b.Score, a.Score)
		}
		if c != 0 {
			return c
		}
		if c = cmp.Compare(a.Email, b.Email); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}

// urgent reports whether r belongs in the reach-out group.
func urgent(r Result) bool {
	return r.Candidate && (r.Status == StatusDue || r.Status == StatusLapsed)
}
