package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// addr is one mailbox in a header.
type addr struct {
	name, email string
	enc         enc
}

// draft is one message before it is rendered to bytes.
type draft struct {
	folder    string
	from      addr
	replyTo   []addr
	to, cc    []addr
	toRaw     string // verbatim To value instead of to (group syntax)
	date      time.Time
	rawDate   string    // verbatim Date header instead of date (malformed)
	arrival   time.Time // INTERNALDATE
	subject   string
	msgID     string
	inReplyTo string
	refs      []string
	extra     [][2]string // further header fields, in order
	body      string
	multipart string // full MIME body with its own Content-Type (the bounce); replaces body
	flags     []imap.Flag
	personal  bool // counts towards Truth
	trashCopy bool // the Trash duplicate of an Archive message
}

// at is when tend should date the message: the Date header, or INTERNALDATE
// when the Date header is malformed.
func (d *draft) at() time.Time {
	if d.rawDate != "" {
		return d.arrival
	}
	return d.date
}

// gen holds the state of one Generate call.
type gen struct {
	rng     *rand.Rand
	now     time.Time
	span    int // days of history
	user    addr
	people  []*person
	byEmail map[string]*person
	drafts  []*draft
	seq     int
}

// userLoc is the user's time zone (Pacific, standard time).
func userLoc() *time.Location { return time.FixedZone("", -8*3600) }

// add records a draft and gives it a unique Message-ID.
func (g *gen) add(d *draft) *draft {
	g.seq++
	domain := d.from.email[strings.LastIndexByte(d.from.email, '@')+1:]
	d.msgID = fmt.Sprintf("<%s.%04d.%06x@%s>",
		strings.ToUpper(fmt.Sprintf("%x", d.date.Unix())), g.seq, g.rng.Uint32()&0xffffff, strings.ToLower(domain))
	if d.arrival.IsZero() {
		if d.from.email == g.user.email {
			d.arrival = d.date.Add(time.Second)
		} else {
			d.arrival = d.date.Add(time.Duration(3+g.rng.IntN(118)) * time.Second)
		}
	}
	g.drafts = append(g.drafts, d)
	return d
}

// day returns a working-hours moment about daysAgo days before now, in loc,
// on a weekday, at least 10 minutes before now.
func (g *gen) day(daysAgo float64, loc *time.Location) time.Time {
	t := g.now.Add(-time.Duration(daysAgo * 24 * float64(time.Hour))).In(loc)
	for {
		switch t.Weekday() {
		case time.Saturday:
			t = t.AddDate(0, 0, -1)
		case time.Sunday:
			t = t.AddDate(0, 0, -2)
		}
		y, m, d := t.Date()
		min := 8*60 + g.rng.IntN(10*60)
		c := time.Date(y, m, d, 0, min, g.rng.IntN(60), 0, loc)
		if c.Before(g.now.Add(-10 * time.Minute)) {
			return c
		}
		t = t.AddDate(0, 0, -1)
	}
}

// jitter returns f scaled by a random factor in [0.7, 1.3).
func (g *gen) jitter(f float64) float64 {
	return f * (0.7 + 0.6*g.rng.Float64())
}

// between returns a random float in [lo, hi).
func (g *gen) between(lo, hi float64) float64 {
	return lo + (hi-lo)*g.rng.Float64()
}

// pick returns a random element of s.
func pick[T any](g *gen, s []T) T {
	return s[g.rng.IntN(len(s))]
}

// body returns a short plain-text body from one person to another.
func (g *gen) body(from, to addr, reply bool) string {
	greet := firstName(to.name)
	lines := []string{
		"Sounds good, let's go with that.",
		"Thanks for the update. I'll take a look this week.",
		"Attaching nothing, just a quick note: can we move this to Thursday?",
		"Great to hear from you. Happy to help with this.",
		"I talked to the team and we're on board.",
		"Could you send me the latest numbers when you get a chance?",
		"Following up on our conversation from last time.",
		"Let me know what works for you.",
	}
	if reply {
		return fmt.Sprintf("Hi %s,\r\n\r\n%s\r\n\r\nBest,\r\n%s\r\n", greet, pick(g, lines), firstName(from.name))
	}
	return fmt.Sprintf("Hi %s,\r\n\r\n%s\r\n%s\r\n\r\nThanks,\r\n%s\r\n", greet, pick(g, lines), pick(g, lines), firstName(from.name))
}

// firstName returns the given name for a greeting.
func firstName(name string) string {
	if i := strings.Index(name, ", "); i >= 0 { // "Lee, Jordan"
		return name[i+2:]
	}
	if i := strings.IndexByte(name, ' '); i >= 0 {
		return name[:i]
	}
	return name
}
