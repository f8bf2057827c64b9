package infer

import (
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// Evidence kinds: the Kind of an Evidence and of the model.Move it becomes.
const (
	EvidenceBounce    = "bounce"
	EvidenceAutoReply = "auto-reply"
)

// EvidenceBodyBytes is how much of a delivery report or auto-reply tend
// reads: enough for the notification text and the per-recipient report of
// any common bounce, too little for a long message.
const EvidenceBodyBytes = 8 << 10

// Evidence is what a delivery report or an auto-reply says about one
// person's address. Only this conclusion is kept, never the text.
type Evidence struct {
	Kind    string // EvidenceBounce or EvidenceAutoReply
	Address string // the address that died, or of the person who left; lowercased
	// Replacement is who the auto-reply says to contact instead, as
	// "Name <email>" or "email"; empty when it names nobody.
	Replacement string
	NewAddress  string // the person's own new address, when the auto-reply gives one
	Status      string // DSN status code such as "5.1.1"; empty when none was given
	Detail      string // the decisive words, e.g. "user unknown" or "no longer with"
	// Hard is true when this message alone proves the address is dead or the
	// person left. A soft bounce (mailbox full, a temporary failure) is false:
	// only a series of them counts (see SoftBounceSeries).
	Hard bool
}

// ParseEvidence reads the start of a message (header block and the first
// bytes of the body, see EvidenceBodyBytes) that inference classed as a
// Bounce or an AutoReply, and returns what it proves: one Evidence per
// failed recipient of a delivery report, or one for an auto-reply that says
// its sender left. Other classes, delayed or successful deliveries,
// policy rejections and plain out-of-office replies yield nothing. It never
// panics on bad input.
func ParseEvidence(class model.Class, header, body []byte) []Evidence {
	switch class {
	case model.Bounce:
		return parseBounce(header, body)
	case model.AutoReply:
		if ev, ok := parseAutoReply(header, body); ok {
			return []Evidence{ev}
		}
	}
	return nil
}

// Line is the one-line account of the evidence a user can check, for
// model.Move.Evidence, e.g.
//
//	bounce 5.1.1 "user unknown" on 2026-03-02
//	auto-reply "no longer with" on 2026-03-02; contact: Jane Roe <jane.roe@acme.com>
func (e Evidence) Line(at time.Time) string {
	var b strings.Builder
	b.WriteString(e.Kind)
	if !e.Hard && e.Kind == EvidenceBounce {
		b.WriteString(" (soft)")
	}
	if e.Status != "" {
		b.WriteString(" " + e.Status)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, " %q", e.Detail)
	}
	if !at.IsZero() {
		b.WriteString(" on " + at.UTC().Format(time.DateOnly))
	}
	if e.Replacement != "" {
		b.WriteString("; contact: " + e.Replacement)
	}
	if e.NewAddress != "" {
		b.WriteString("; new address: " + e.NewAddress)
	}
	return b.String()
}
