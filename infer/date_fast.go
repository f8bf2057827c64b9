package infer

import "time"

// fastDate reads the one Date form nearly all mail uses, RFC 5322's
// "Mon, 2 Jan 2006 15:04:05 -0700" (weekday optional, the zone also
// "GMT", "UTC" or "UT", an optional parenthesised comment such as "(UTC)"
// after the zone), without
// allocating. ok is false for anything else, including values the form
// matches but parseDate treats specially (a leap second, a zone beyond
// ±14 hours); parseDate then reads s leniently. When ok, t equals what the
// lenient reader returns.
func fastDate(s string) (t time.Time, ok bool) {
	if len(s) >= 5 && s[3] == ',' && s[4] == ' ' {
		switch s[:3] {
		case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
			s = s[5:]
		default:
			return time.Time{}, false
		}
	}
	day, s, ok := fixedNum(s, 1, 2)
	if !ok || len(s) < 5 || s[0] != ' ' || s[4] != ' ' {
		return time.Time{}, false
	}
	month := 0
	for i, m := range [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if s[1:4] == m {
			month = i + 1
		}
	}
	if month == 0 {
		return time.Time{}, false
	}
	year, s, ok := fixedNum(s[5:], 4, 4)
	if !ok || len(s) < 1 || s[0] != ' ' {
		return time.Time{}, false
	}
	var hms [3]int
	s = s[1:]
	for i := range hms {
		if i > 0 {
			if len(s) < 1 || s[0] != ':' {
				return time.Time{}, false
			}
			s = s[1:]
		}
		if hms[i], s, ok = fixedNum(s, 2, 2); !ok {
			return time.Time{}, false
		}
	}
	offset, ok := fastZone(s)
	if !ok {
		return time.Time{}, false
	}
	if day < 1 || hms[0] > 23 || hms[1] > 59 || hms[2] > 59 {
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hms[0], hms[1], hms[2], 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}

// fastZone reads " +hhmm", " -hhmm", " GMT", " UTC" or " UT", then an
// optional plain comment, and returns the offset in seconds east of UTC.
func fastZone(s string) (offset int, ok bool) {
	for _, name := range [...]string{" GMT", " UTC", " UT"} {
		if len(s) >= len(name) && s[:len(name)] == name {
			return 0, plainComment(s[len(name):])
		}
	}
	if len(s) < 6 || s[0] != ' ' || (s[1] != '+' && s[1] != '-') {
		return 0, false
	}
	zh, _, ok1 := fixedNum(s[2:4], 2, 2)
	zm, _, ok2 := fixedNum(s[4:6], 2, 2)
	if !ok1 || !ok2 || zh > 14 || zm > 59 || !plainComment(s[6:]) {
		return 0, false
	}
	offset = zh*3600 + zm*60
	if s[1] == '-' {
		offset = -offset
	}
	return offset, true
}

// fixedNum reads min to max leading ASCII digits of s as a number and
// returns the rest; ok is false when fewer than min digits lead s.
func fixedNum(s string, min, max int) (n int, rest string, ok bool) {
	i := 0
	for ; i < len(s) && i < max && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	if i < min || (i < len(s) && s[i] >= '0' && s[i] <= '9') {
		return 0, s, false
	}
	return n, s[i:], true
}

// plainComment reports whether s is empty or " (...)" with letters,
// digits, spaces, "+", "-" and ":" inside: text parseDate skips whole.
func plainComment(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 3 || s[0] != ' ' || s[1] != '(' || s[len(s)-1] != ')' {
		return false
	}
	for i := 2; i < len(s)-1; i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ' ', c == '+', c == '-', c == ':':
		default:
			return false
		}
	}
	return true
}
