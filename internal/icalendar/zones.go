package icalendar

import (
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// windowsZones maps the Windows zone names Outlook and Exchange write in
// TZID to IANA names (the common ones; others fall back to the VTIMEZONE).
var windowsZones = map[string]string{
	"UTC": "UTC", "GMT Standard Time": "Europe/London", "Greenwich Standard Time": "Atlantic/Reykjavik",
	"W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
	"Central Europe Standard Time": "Europe/Budapest", "Central European Standard Time": "Europe/Warsaw",
	"E. Europe Standard Time": "Europe/Chisinau", "FLE Standard Time": "Europe/Kiev", "GTB Standard Time": "Europe/Bucharest",
	"Russian Standard Time": "Europe/Moscow", "Israel Standard Time": "Asia/Jerusalem", "Arabian Standard Time": "Asia/Dubai",
	"India Standard Time": "Asia/Kolkata", "China Standard Time": "Asia/Shanghai", "Singapore Standard Time": "Asia/Singapore",
	"Tokyo Standard Time": "Asia/Tokyo", "Korea Standard Time": "Asia/Seoul", "AUS Eastern Standard Time": "Australia/Sydney",
	"New Zealand Standard Time": "Pacific/Auckland", "Eastern Standard Time": "America/New_York",
	"Central Standard Time": "America/Chicago", "Mountain Standard Time": "America/Denver",
	"US Mountain Standard Time": "America/Phoenix", "Pacific Standard Time": "America/Los_Angeles",
	"Alaskan Standard Time": "America/Anchorage", "Hawaiian Standard Time": "Pacific/Honolulu",
	"Atlantic Standard Time": "America/Halifax", "E. South America Standard Time": "America/Sao_Paulo",
	"SA Pacific Standard Time": "America/Bogota", "Central Standard Time (Mexico)": "America/Mexico_City",
	"South Africa Standard Time": "Africa/Johannesburg", "Egypt Standard Time": "Africa/Cairo",
	"Turkey Standard Time": "Europe/Istanbul", "Arab Standard Time": "Asia/Riyadh",
}

// zone turns a wall-clock time (its fields read as if UTC) into an instant.
type zone func(wall time.Time) time.Time

// utcZone is the zone of UTC times and all-day dates.
func utcZone(wall time.Time) time.Time { return wall }

// inLocation is the zone of a Go location.
func inLocation(l *time.Location) zone {
	return func(w time.Time) time.Time {
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, l).UTC()
	}
}

// zones resolves TZID parameters: an IANA name, a Windows name, an old
// Mozilla-style "/mozilla.org/.../Europe/Berlin" path, or a VTIMEZONE of the
// calendar (built from its STANDARD and DAYLIGHT rules).
type zones struct {
	defs     map[string]*ical.Component
	cache    map[string]zone
	floating zone // times without a zone
}

func newZones(cal *ical.Calendar, floating *time.Location) *zones {
	z := &zones{defs: map[string]*ical.Component{}, cache: map[string]zone{}, floating: inLocation(floating)}
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			if p := c.Props.Get(ical.PropTimezoneID); p != nil {
				z.defs[p.Value] = c
			}
		}
	}
	if p := cal.Props.Get("X-WR-TIMEZONE"); p != nil {
		if l := z.lookup(p.Value); l != nil {
			z.floating = l
		}
	}
	return z
}

// lookup returns the zone of tzid, or nil when it cannot be resolved.
func (z *zones) lookup(tzid string) zone {
	if l, ok := z.cache[tzid]; ok {
		return l
	}
	l := z.resolve(tzid)
	z.cache[tzid] = l
	return l
}

func (z *zones) resolve(tzid string) zone {
	name := strings.TrimSpace(strings.Trim(tzid, `"`))
	if name == "" {
		return nil
	}
	if l, err := time.LoadLocation(name); err == nil && name != "Local" {
		return inLocation(l)
	}
	if iana, ok := windowsZones[name]; ok {
		if l, err := time.LoadLocation(iana); err == nil {
			return inLocation(l)
		}
	}
	if parts := strings.Split(name, "/"); len(parts) > 2 {
		if l, err := time.LoadLocation(strings.Join(parts[len(parts)-2:], "/")); err == nil {
			return inLocation(l)
		}
	}
	if def := z.defs[tzid]; def != nil {
		if obs := observances(def); len(obs) > 0 {
			return ruled(obs)
		}
	}
	return nil
}

// ruled is the zone of a VTIMEZONE: the offset in force at a wall time is
// the TZOFFSETTO of the latest STANDARD or DAYLIGHT onset at or before it.
func ruled(obs []observance) zone {
	return func(w time.Time) time.Time {
		best, off := time.Time{}, obs[0].offset
		for _, o := range obs {
			on := o.start
			if o.rule != nil {
				on = o.rule.Before(w, true)
			}
			if !on.IsZero() && !on.After(w) && on.After(best) {
				best, off = on, o.offset
			}
		}
		return w.Add(-time.Duration(off) * time.Second)
	}
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type observance struct {
	offset int // seconds east of UTC after the onset
	start  time.Time
	rule   *rrule.RRule // nil for a single onset
}

func observances(def *ical.Component) []observance {
	var out []observance
	for _, c := range def.Children {
		if c.Name != ical.CompTimezoneStandard && c.Name != ical.CompTimezoneDaylight {
			continue
		}
		to := c.Props.Get(ical.PropTimezoneOffsetTo)
		st := c.Props.Get(ical.PropDateTimeStart)
		if to == nil || st == nil {
			continue
		}
		off, ok := parseOffset(to.Value)
		if !ok {
			continue
		}
		start, err := time.ParseInLocation("20060102T150405", st.Value, time.UTC)
		if err != nil {
			continue
		}
		o := observance{offset: off, start: start}
		if rr := c.Props.Get(ical.PropRecurrenceRule); rr != nil {
			if opt, err := rrule.StrToROption(rr.Value); err == nil {
				// Outlook starts rules in 1601; rrule-go stops iterating after
				// a few centuries, so start them in 1970 (the rule picks the days).
				opt.Dtstart = start
				if start.Year() < 1970 {
					opt.Dtstart = time.Date(1970, start.Month(), start.Day(), start.Hour(), start.Minute(), start.Second(), 0, time.UTC)
				}
				if r, err := rrule.NewRRule(*opt); err == nil {
					o.rule = r
				}
			}
		}
		out = append(out, o)
	}
	return out
}

// parseOffset reads "+0100", "-0500" or "+053000".
func parseOffset(s string) (int, bool) {
	if len(s) < 5 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) >= 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil {
		return 0, false
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, true
}
