package infer

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// errNoDate reports a Date value with no recognisable day, month and year.
var errNoDate = errors.New("no day, month and year")

// parseDate reads an RFC 5322 Date value leniently: tokens may come in any
// order; the weekday, comments and commas are ignored; seconds are optional;
// zones may be "+0200", "+02:00", "GMT+0200", "UTC+2", "Z" or an RFC 5322
// obsolete name (EST, PDT, ...); unknown zone names count as UTC; two-digit
// years follow RFC 5322 (00-49 → 20xx, 50-99 → 19xx); ISO 8601
// "2024-03-05T10:00:00Z" is accepted. The result is in UTC.
func parseDate(s string) (time.Time, error) {
	if t, ok := fastDate(s); ok {
		return t, nil
	}
	return parseDateLenient(s)
}

// parseDateLenient is parseDate without its fast path.
func parseDateLenient(s string) (time.Time, error) {
	var (
		year, month, day = -1, -1, -1
		hour, min, sec   int
		nsec             int
		offset           int // seconds east of UTC
	)
	for _, tok := range dateFields(dateTokens(s)) {
		switch {
		case isISODate(tok):
			rest := ""
			if i := strings.IndexAny(tok, "Tt"); i > 0 {
				tok, rest = tok[:i], tok[i+1:]
			}
			year, _ = strconv.Atoi(tok[:4])
			month, _ = strconv.Atoi(tok[5:7])
			day, _ = strconv.Atoi(tok[8:10])
			if rest != "" {
				if i := strings.IndexAny(rest, "Zz+-"); i > 0 {
					offset, _ = parseZone(rest[i:])
					rest = rest[:i]
				}
				hour, min, sec, nsec, _ = parseClock(rest)
			}
		case strings.Contains(tok, ":") && tok[0] >= '0' && tok[0] <= '9':
			if i := strings.IndexAny(tok, "Zz+-"); i > 0 {
				if off, ok := parseZone(tok[i:]); ok {
					offset = off
				}
				tok = tok[:i]
			}
			var ok bool
			if hour, min, sec, nsec, ok = parseClock(tok); !ok {
				return time.Time{}, errors.New("bad time of day " + strconv.Quote(tok))
			}
		case tok[0] == '+' || tok[0] == '-':
			if off, ok := parseZone(tok); ok {
				offset = off
			}
		case isDigits(tok):
			n, _ := strconv.Atoi(tok)
			switch {
			case len(tok) <= 2 && day < 0:
				day = n
			case year < 0 && len(tok) <= 4:
				year = n
				if len(tok) <= 2 && n < 50 {
					year += 2000
				} else if len(tok) <= 3 {
					year += 1900
				}
			}
		default:
			if m := monthOf(tok); m > 0 && month < 0 {
				month = m
			} else if off, ok := parseZone(tok); ok {
				offset = off
			}
		}
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, errNoDate
	}
	if hour > 23 || min > 59 || sec > 60 {
		return time.Time{}, errors.New("time of day out of range")
	}
	if sec == 60 { // leap second
		sec = 59
	}
	t := time.Date(year, time.Month(month), day, hour, min, sec, nsec, time.UTC)
	if t.Day() != day {
		return time.Time{}, errors.New("no such day in that month")
	}
	return t.Add(-time.Duration(offset) * time.Second), nil
}

// dateFields splits s at whitespace, and splits "12-Mar-2024" (RFC 850)
// at its hyphens; ISO dates, zones and times keep theirs.
func dateFields(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if f[0] != '+' && f[0] != '-' && !isISODate(f) && !strings.Contains(f, ":") {
			out = append(out, strings.FieldsFunc(f, func(r rune) bool { return r == '-' })...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// dateTokens removes comments and replaces commas with spaces.
func dateTokens(s string) string {
	b := make([]byte, 0, len(s))
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == ',':
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// parseClock reads "15:04", "15:04:05" or "15:04:05.999".
func parseClock(s string) (h, m, sec, nsec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, 0, false
	}
	if len(parts) == 3 {
		if i := strings.IndexByte(parts[2], '.'); i >= 0 {
			frac := (parts[2][i+1:] + "000000000")[:9]
			if !isDigits(frac) {
				return 0, 0, 0, 0, false
			}
			nsec, _ = strconv.Atoi(frac)
			parts[2] = parts[2][:i]
		}
	}
	var v [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || !isDigits(p) {
			return 0, 0, 0, 0, false
		}
		v[i], _ = strconv.Atoi(p)
	}
	return v[0], v[1], v[2], nsec, true
}

// parseZone reads a zone and returns its offset in seconds east of UTC.
func parseZone(s string) (int, bool) {
	u := strings.ToUpper(s)
	for _, p := range []string{"GMT", "UTC", "UT"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			if rest == "" {
				return 0, true
			}
			u = rest
			break
		}
	}
	if off, ok := obsZone(u); ok {
		return off * 3600, true
	}
	if len(u) < 2 || (u[0] != '+' && u[0] != '-') {
		return 0, false
	}
	sign, digits := 1, strings.ReplaceAll(u[1:], ":", "")
	if u[0] == '-' {
		sign = -1
	}
	if !isDigits(digits) {
		return 0, false
	}
	var h, m int
	switch len(digits) {
	case 1, 2:
		h, _ = strconv.Atoi(digits)
	case 3, 4:
		h, _ = strconv.Atoi(digits[:len(digits)-2])
		m, _ = strconv.Atoi(digits[len(digits)-2:])
	default:
		return 0, false
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

// obsZone returns the offset in hours east of UTC of an RFC 5322 obsolete
// zone name (and "Z").
func obsZone(u string) (int, bool) {
	switch u {
	case "Z":
		return 0, true
	case "EDT":
		return -4, true
	case "EST", "CDT":
		return -5, true
	case "CST", "MDT":
		return -6, true
	case "MST", "PDT":
		return -7, true
	case "PST":
		return -8, true
	}
	return 0, false
}

// monthOf returns 1-12 for an English month name or abbreviation, else 0.
func monthOf(tok string) int {
	if len(tok) < 3 {
		return 0
	}
	switch strings.ToLower(tok[:3]) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

// isISODate reports whether tok starts with "YYYY-MM-DD".
func isISODate(tok string) bool {
	return len(tok) >= 10 && tok[4] == '-' && tok[7] == '-' &&
		isDigits(tok[:4]) && isDigits(tok[5:7]) && isDigits(tok[8:10]) &&
		(len(tok) == 10 || tok[10] == 'T' || tok[10] == 't')
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
