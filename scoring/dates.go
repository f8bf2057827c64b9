package scoring

import (
	"fmt"
	"slices"
	"time"

	"github.com/tend-dev/tend/model"
)

// upcomingDates returns the birthdays and anniversaries whose next
// occurrence (on or after now's UTC date) is at most window away, soonest
// first. Invalid dates are skipped; 29 February falls on the 28th in other
// years.
func upcomingDates(ms []model.Moment, now time.Time, window time.Duration) []UpcomingMoment {
	var out []UpcomingMoment
	y, mo, d := now.UTC().Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	for _, m := range ms {
		if m.Month < 1 || m.Month > 12 || m.Day < 1 || m.Day > daysIn(time.Month(m.Month), 2000) {
			continue
		}
		on := occurrence(m, y)
		if on.Before(today) {
			on = occurrence(m, y+1)
		}
		if on.Sub(today) > window {
			continue
		}
		u := UpcomingMoment{Kind: m.Kind, On: on}
		if m.Year > 0 && m.Year <= on.Year() {
			u.Years = on.Year() - m.Year
		}
		out = append(out, u)
	}
	slices.SortStableFunc(out, func(a, b UpcomingMoment) int { return a.On.Compare(b.On) })
	return out
}

// occurrence is the moment's date in year y.
func occurrence(m model.Moment, y int) time.Time {
	d := min(m.Day, daysIn(time.Month(m.Month), y))
	return time.Date(y, time.Month(m.Month), d, 0, 0, 0, 0, time.UTC)
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateText says when a moment comes: "birthday today", "anniversary (5
// years) on Mar 14, in 4 days".
func dateText(u UpcomingMoment, now time.Time) string {
	kind := u.Kind
	if kind == "" {
		kind = "date"
	}
	if u.Years > 0 {
		kind += fmt.Sprintf(" (%d %s)", u.Years, plural(u.Years, "year", "years"))
	}
	y, mo, d := now.UTC().Date()
	days := int(u.On.Sub(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)) / day)
	switch days {
	case 0:
		return kind + " today"
	case 1:
		return kind + " tomorrow (" + u.On.Format("Jan 2") + ")"
	default:
		return fmt.Sprintf("%s on %s, in %d days", kind, u.On.Format("Jan 2"), days)
	}
}
