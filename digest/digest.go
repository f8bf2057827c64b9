// Package digest composes, schedules and sends tend's reminder digest: the
// short list of people to reach out to, with why and the context that makes a
// reach-out worth something, plus job changes, upcoming birthdays, accounts at
// risk, one "pick of the week" and a one-line summary. It renders plain text
// and HTML (inline styles, no external resources, no scripts), builds the
// multipart/alternative message with go-message, sends it over SMTP with
// go-smtp, and computes the schedule slots and period keys that make a digest
// for a period go out once. It does no storage; callers record what was sent.
package digest

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tend-dev/tend/scoring"
)

// DefaultTopN is how many people a digest lists to reach out to unless the
// caller configures otherwise.
const DefaultTopN = 5

// Entry is one person to reach out to, with why and context.
type Entry struct {
	Result        scoring.Result // name, email, company, last contact, reason, status, overdue
	Reasons       []string       // extra why-now lines beyond Result.Reason (job change, single-threaded account, waiting on your reply, birthday soon)
	LastMeeting   string         // title of the last meeting, if any
	LastMeetingAt time.Time      // zero when unknown
	Note          string         // the user's own note about the person
}

// JobChange is a person seen under a new employer since the last digest.
type JobChange struct {
	Name, Email string
	From, To    string    // company names; From may be empty
	At          time.Time // when the change was first seen; zero when unknown
	Evidence    string    // what showed it, e.g. "new signature domain globex.com"
}

// Birthday is an upcoming birthday or anniversary.
type Birthday struct {
	Name, Email string
	On          time.Time // the next occurrence (the date matters, not the clock)
	Kind        string    // "birthday" or "anniversary"; empty means birthday
}

// AccountRisk is a company where the relationship hangs on too little.
type AccountRisk struct {
	Company string
	Why     string   // e.g. "only one contact, quiet for 64 days"
	People  []string // the people there, display names or addresses
}

// Summary counts the people tend tracks, by status.
type Summary struct {
	Tracked, Active, Due, Lapsed int
}

// Digest is everything one digest holds, in the order it is rendered. Empty
// sections are omitted entirely (no filler, no "nothing here"). A Digest is a
// plain value, safe to share between goroutines as long as nobody mutates it.
type Digest struct {
	Period     string    // e.g. "2026-W48" or "2026-11-25": the idempotency key
	Now        time.Time // the time of the digest; dates render in Now's location
	To         []string  // recipient addresses
	ReachOut   []Entry   // the top N people to reach out to, most urgent first
	JobChanges []JobChange
	Birthdays  []Birthday
	AtRisk     []AccountRisk
	Pick       *Entry // "this week's pick"; nil for none
	Summary    Summary
}

// Empty reports whether the digest holds nothing to act on: no reach-outs,
// job changes, birthdays, accounts at risk or pick. The summary alone does
// not count.
func (d Digest) Empty() bool {
	return len(d.ReachOut) == 0 && len(d.JobChanges) == 0 && len(d.Birthdays) == 0 &&
		len(d.AtRisk) == 0 && d.Pick == nil
}

// weekly reports whether the period key is an ISO week ("2026-W48").
func (d Digest) weekly() bool {
	return strings.Contains(d.Period, "-W")
}

// clean makes user data fit on one line: invalid UTF-8 is replaced, control
// characters and runs of white space become one space, and the ends are
// trimmed. It keeps a name or note from forging extra lines in the digest.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, c := range s {
		if unicode.IsSpace(c) || unicode.IsControl(c) || c == '\u2028' || c == '\u2029' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}

// displayName is the name to show for a person: the cleaned name, or the
// address when there is no name.
func displayName(name, email string) string {
	if n := clean(name); n != "" {
		return n
	}
	if e := clean(email); e != "" {
		return e
	}
	return "(unknown)"
}

// plural returns "1 person" / "3 people" style counts.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
