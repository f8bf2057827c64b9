package scoring

import (
	"cmp"
	"slices"
)

// Rank orders results in place by who most needs a reach-out: people on the
// reach-out list (ReachOut) first, by Priority descending — Strength times
// an urgency that grows with how overdue they are and saturates, plus their
// moments — so a strong relationship just past its rhythm outranks an old
// acquaintance ten times overdue; then everyone else by Score descending.
// Ties break by Email, then Name. The order is deterministic.
func Rank(rs []Result) {
	slices.SortStableFunc(rs, func(a, b Result) int {
		if a.ReachOut != b.ReachOut {
			if a.ReachOut {
				return -1
			}
			return 1
		}
		var c int
		if a.ReachOut {
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
