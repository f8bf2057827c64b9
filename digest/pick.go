package digest

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/tend-dev/tend/scoring"
)

// PickPool is how many of the strongest quiet relationships PickOfWeek
// rotates through.
const PickPool = 5

// PickOfWeek chooses "this week's pick": one strong relationship that has
// gone quiet, varied from period to period. The rule:
//
//  1. Eligible are candidates with an address, Status due or lapsed and
//     Strength > 0, whose lowercased address is not in exclude (the people
//     already listed to reach out to) and not a duplicate.
//  2. They are ordered by Strength (what is at stake), strongest first, ties
//     by address.
//  3. The pool is the first PickPool of them not among previous (earlier
//     picks, most recent first, compared lowercased); if every eligible
//     person was picked before, the pool is the first PickPool of them all.
//  4. The pick is pool[n mod len(pool)], where n counts periods: ISO weeks
//     since 1970 for "2026-W48", days for "2026-11-25", and an FNV-1a hash
//     of the key for any other string. Consecutive periods thus take
//     consecutive pool places, and the same inputs always give the same pick.
//
// It returns nil when nobody is eligible. The result is a copy.
func PickOfWeek(candidates []scoring.Result, exclude map[string]bool, period string, previous []string) *scoring.Result {
	seen := make(map[string]bool)
	var eligible []scoring.Result
	for _, r := range candidates {
		key := strings.ToLower(strings.TrimSpace(r.Email))
		if key == "" || seen[key] || exclude[key] || exclude[r.Email] || r.Strength <= 0 ||
			(r.Status != scoring.StatusDue && r.Status != scoring.StatusLapsed) {
			continue
		}
		seen[key] = true
		eligible = append(eligible, r)
	}
	if len(eligible) == 0 {
		return nil
	}
	slices.SortStableFunc(eligible, func(a, b scoring.Result) int {
		if c := cmp.Compare(b.Strength, a.Strength); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email))
	})
	before := make(map[string]bool, len(previous))
	for _, p := range previous {
		before[strings.ToLower(strings.TrimSpace(p))] = true
	}
	var pool []scoring.Result
	for _, r := range eligible {
		if len(pool) < PickPool && !before[strings.ToLower(strings.TrimSpace(r.Email))] {
			pool = append(pool, r)
		}
	}
	if len(pool) == 0 {
		pool = eligible[:min(PickPool, len(eligible))]
	}
	pick := pool[periodIndex(period)%uint64(len(pool))]
	return &pick
}

// periodIndex counts periods: ISO weeks or days since 1970, else a hash.
func periodIndex(period string) uint64 {
	var y, w int
	if n, err := fmt.Sscanf(period, "%4d-W%2d", &y, &w); err == nil && n == 2 && len(period) == 8 && w >= 1 && w <= 53 {
		// Monday of ISO week 1 is the Monday of the week holding 4 January.
		jan4 := time.Date(y, 1, 4, 12, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		return uint64(monday.Unix()+1e12) / (7 * 86400)
	}
	if t, err := time.Parse(time.DateOnly, period); err == nil {
		return uint64(t.Unix()+1e12) / 86400
	}
	h := fnv.New64a()
	h.Write([]byte(period))
	return h.Sum64()
}
