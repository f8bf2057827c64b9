package scoring

import (
	"math"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// historyCadence infers a cadence from sorted touches: the median gap in days
// between distinct UTC contact days, rounded to a whole day and clamped to
// [MinCadence, MaxCadence]. It reports false when fewer than MinGaps gaps
// exist.
func historyCadence(ts []model.Touch, p Params) (time.Duration, bool) {
	gaps := make([]int64, 0, min(len(ts), 64))
	prev := int64(math.MinInt64)
	for _, t := range ts {
		d := dayNumber(t.At)
		if prev != math.MinInt64 && d > prev {
			gaps = append(gaps, d-prev)
		}
		prev = d
	}
	if len(gaps) < p.MinGaps {
		return 0, false
	}
	slices.Sort(gaps)
	n := len(gaps)
	med := float64(gaps[n/2])
	if n%2 == 0 {
		med = float64(gaps[n/2-1]+gaps[n/2]) / 2
	}
	c := time.Duration(math.Round(med)) * day
	return min(max(c, p.MinCadence), p.MaxCadence), true
}

// dayNumber is the UTC calendar day of t, counted from the Unix epoch.
func dayNumber(t time.Time) int64 {
	s := t.Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}
