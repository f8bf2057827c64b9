package digest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is when digests go out: daily at a local time, or weekly on a
// weekday at a local time, in one time zone. The zero value is not valid;
// build one with ParseSchedule. A Schedule is an immutable value, safe for
// concurrent use.
//
// Slots follow the wall clock across DST changes: 08:00 stays 08:00 local. A
// slot inside a skipped hour (02:30 on a spring-forward day) falls at the
// first valid instant after it (03:00); a slot inside a repeated hour falls
// once, at its first occurrence.
type Schedule struct {
	weekly  bool
	weekday time.Weekday // weekly only
	hour    int
	minute  int
	loc     *time.Location
}

// parseWeekday reads "mon".."sun" or a full English weekday name.
func parseWeekday(s string) (time.Weekday, bool) {
	switch s {
	case "mon", "monday":
		return time.Monday, true
	case "tue", "tues", "tuesday":
		return time.Tuesday, true
	case "wed", "wednesday":
		return time.Wednesday, true
	case "thu", "thur", "thurs", "thursday":
		return time.Thursday, true
	case "fri", "friday":
		return time.Friday, true
	case "sat", "saturday":
		return time.Saturday, true
	case "sun", "sunday":
		return time.Sunday, true
	}
	return 0, false
}

// ParseSchedule parses "daily HH:MM" or "weekly DAY HH:MM" (DAY: mon..sun or
// the full name), case-insensitive, with a 24-hour clock, e.g. "weekly mon
// 08:00", "daily 07:30". Slots are in loc; nil means UTC. Errors name the
// part that is wrong.
func ParseSchedule(s string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	fields := strings.Fields(strings.ToLower(s))
	bad := func(format string, args ...any) (Schedule, error) {
		return Schedule{}, fmt.Errorf("schedule %q: %s", s, fmt.Sprintf(format, args...))
	}
	if len(fields) == 0 {
		return bad(`empty; want "daily HH:MM" or "weekly DAY HH:MM"`)
	}
	sc := Schedule{loc: loc}
	var clock string
	switch fields[0] {
	case "daily":
		if len(fields) != 2 {
			return bad(`want "daily HH:MM", e.g. "daily 07:30"`)
		}
		clock = fields[1]
	case "weekly":
		if len(fields) != 3 {
			return bad(`want "weekly DAY HH:MM", e.g. "weekly mon 08:00"`)
		}
		wd, ok := parseWeekday(fields[1])
		if !ok {
			return bad("unknown weekday %q (want mon, tue, wed, thu, fri, sat or sun)", fields[1])
		}
		sc.weekly, sc.weekday, clock = true, wd, fields[2]
	default:
		return bad(`unknown frequency %q (want "daily" or "weekly")`, fields[0])
	}
	h, m, ok := parseClock(clock)
	if !ok {
		return bad("time %q is not HH:MM on a 24-hour clock (00:00 to 23:59)", clock)
	}
	sc.hour, sc.minute = h, m
	return sc, nil
}

// parseClock parses "H:MM" or "HH:MM".
func parseClock(s string) (h, m int, ok bool) {
	hs, ms, found := strings.Cut(s, ":")
	if !found || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || hs[0] == '+' || hs[0] == '-' || ms[0] == '+' || ms[0] == '-' ||
		h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// String gives the schedule back in ParseSchedule's syntax plus the zone,
// e.g. "weekly mon 08:00 Europe/Berlin".
func (s Schedule) String() string {
	if s.loc == nil {
		return "invalid schedule"
	}
	if s.weekly {
		return fmt.Sprintf("weekly %s %02d:%02d %s", strings.ToLower(s.weekday.String()[:3]), s.hour, s.minute, s.loc)
	}
	return fmt.Sprintf("daily %02d:%02d %s", s.hour, s.minute, s.loc)
}

// Latest returns the period key and the time of the latest slot at or before
// now. Weekly periods are ISO weeks of the slot's local date ("2026-W48"),
// daily periods are its local date ("2026-11-25"); a period has exactly one
// slot, so "a digest for a period is sent once" is "one send per key".
func (s Schedule) Latest(now time.Time) (period string, slot time.Time) {
	date := s.latestDate(now)
	return s.key(date), s.at(date)
}

// Next returns the next slot strictly after now.
func (s Schedule) Next(now time.Time) time.Time {
	return s.at(s.latestDate(now).AddDate(0, 0, s.step()))
}

// latestDate is the local date of the latest slot at or before now.
func (s Schedule) latestDate(now time.Time) time.Time {
	y, m, d := now.In(s.location()).Date()
	date := civil(y, m, d)
	if s.weekly {
		back := (int(date.Weekday()) - int(s.weekday) + 7) % 7
		date = date.AddDate(0, 0, -back)
	}
	if s.at(date).After(now) {
		date = date.AddDate(0, 0, -s.step())
	}
	return date
}

// step is the number of days between slots.
func (s Schedule) step() int {
	if s.weekly {
		return 7
	}
	return 1
}

func (s Schedule) location() *time.Location {
	if s.loc == nil {
		return time.UTC
	}
	return s.loc
}

// civil is a calendar date, held at noon UTC so date arithmetic never meets
// a DST change.
func civil(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

// key is the period key of a slot's local date.
func (s Schedule) key(date time.Time) string {
	if s.weekly {
		y, w := date.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return date.Format(time.DateOnly)
}

// at is the instant of the slot on a local date (see Schedule for skipped
// and repeated hours).
func (s Schedule) at(date time.Time) time.Time {
	loc := s.location()
	y, m, d := date.Date()
	t := time.Date(y, m, d, s.hour, s.minute, 0, 0, loc)
	want := time.Date(y, m, d, s.hour, s.minute, 0, 0, time.UTC)
	got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
	if !got.Equal(want) {
		// The wall time does not exist (skipped hour). time.Date used one
		// side's offset; the clock jump is the boundary of t's zone on the
		// other side: the first valid instant after the wanted wall time.
		start, end := t.ZoneBounds()
		if got.After(want) {
			return start
		}
		return end
	}
	// Repeated hour: prefer the earlier of two instants with this wall time.
	start, _ := t.ZoneBounds()
	if !start.IsZero() {
		_, off := t.Zone()
		_, prevOff := start.Add(-time.Second).Zone()
		if prevOff > off {
			earlier := t.Add(-time.Duration(prevOff-off) * time.Second)
			if earlier.Before(start) && earlier.Hour() == s.hour && earlier.Minute() == s.minute {
				return earlier
			}
		}
	}
	return t
}
