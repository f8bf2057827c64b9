package scoring

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tend-dev/tend/model"
)

// maxSubjectRunes bounds the subject quoted in a reason.
const maxSubjectRunes = 60

// reason writes the one-line explanation for a scored result.
func reason(r Result) string {
	if r.Status == StatusActive {
		switch r.DaysSince {
		case 0:
			return "in touch today"
		case 1:
			return "in touch 1 day ago"
		default:
			return fmt.Sprintf("in touch %d days ago", r.DaysSince)
		}
	}
	var b strings.Builder
	if r.CadenceSource == CadenceHistory {
		fmt.Fprintf(&b, "%.1fx past your usual %d-day rhythm", r.Overdue, cadenceDays(r.Cadence))
	} else {
		fmt.Fprintf(&b, "%d days since last contact (default %d-day cadence)", r.DaysSince, cadenceDays(r.Cadence))
	}
	b.WriteString("; last: ")
	subj := cleanSubject(r.LastSubject)
	date := r.LastContact.UTC().Format(time.DateOnly)
	switch {
	case r.LastChannel == model.Meeting:
		b.WriteString("met")
		if subj != "" {
			b.WriteString(` for "` + subj + `"`)
		}
	case r.LastDirection == model.Inbound:
		b.WriteString("they wrote")
	default:
		b.WriteString("you wrote")
	}
	if subj != "" && r.LastChannel != model.Meeting {
		b.WriteString(` "` + subj + `"`)
	}
	b.WriteString(" on " + date)
	if r.LastDirection == model.Inbound && r.LastChannel != model.Meeting {
		b.WriteString("; they wrote last and you never replied")
	}
	return b.String()
}

// cadenceDays is a cadence in whole days, rounded.
func cadenceDays(c time.Duration) int {
	return int((c + day/2) / day)
}

// cleanSubject makes a subject fit on one line: control characters and runs
// of white space become one space, invalid UTF-8 is replaced and long
// subjects are cut with an ellipsis.
func cleanSubject(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > maxSubjectRunes {
		out = strings.TrimSpace(string([]rune(out)[:maxSubjectRunes-1])) + "…"
	}
	return out
}
