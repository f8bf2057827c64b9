package infer

import (
	"strings"
	"unicode/utf8"

	"github.com/tend-dev/tend/model"
)

// headers is one parsed message as the rules see it.
type headers struct {
	h                     fieldIndex // the fields the rules read
	from, sender, replyTo []model.Address
	to, cc, bcc           []model.Address
	subject               string // decoded
	contentType           string // Content-Type, compactLower'd
	senderAddr            string // first From, else first Sender; "" when neither
	outbound              bool   // senderAddr is one of the user's addresses
}

// noise applies rules 1-4 (bounce, auto-reply, automated, bulk) and
// returns the class and reason, or "" when none fires.
func (c *Classifier) noise(p *headers) (model.Class, string) {
	p.contentType = compactLower(p.h.get(fContentType))
	if r := bounceReason(p); r != "" {
		return model.Bounce, r
	}
	if r := autoReplyReason(p); r != "" {
		return model.AutoReply, r
	}
	if r := automatedHeaderReason(p); r != "" {
		return model.Automated, r
	}
	if r := c.bulkReason(p); r != "" {
		return model.Bulk, r
	}
	if r := c.robotReason(p); r != "" {
		return model.Automated, r
	}
	return "", ""
}

// bounceReason detects delivery status reports (rule 1).
func bounceReason(p *headers) string {
	if strings.Contains(p.contentType, "report-type=delivery-status") {
		return "delivery status report"
	}
	if p.h.has(fXFailedRecipients) {
		return "X-Failed-Recipients header"
	}
	for _, a := range p.from {
		switch strings.ToLower(localPart(a.Email)) {
		case "mailer-daemon", "postmaster":
			s := strings.ToLower(p.subject)
			for _, k := range []string{"undeliver", "delivery status notification", "failure notice",
				"returned mail", "delivery failure", "mail delivery failed", "delivery has failed"} {
				if strings.Contains(s, k) {
					return "bounce from " + a.Email
				}
			}
		}
	}
	return ""
}

// autoReplyReason detects out-of-office and other auto-replies (rule 2).
func autoReplyReason(p *headers) string {
	if autoSubmitted(&p.h) == "auto-replied" {
		return "Auto-Submitted: auto-replied"
	}
	switch {
	case p.h.has(fXAutoreply):
		return "X-Autoreply header"
	case p.h.has(fXAutorespond):
		return "X-Autorespond header"
	}
	s := lowerPrefix(strings.TrimSpace(p.subject), autoReplyPrefixMax)
	for _, pre := range autoReplyPrefixes {
		if strings.HasPrefix(s, pre) {
			return "auto-reply subject " + pre
		}
	}
	return ""
}

// autoReplyPrefixes start the subjects of auto-replies, lower-cased.
var autoReplyPrefixes = []string{"automatic reply:", "auto:", "out of office", "autoreply", "auto-reply:",
	"abwesenheitsnotiz", "réponse automatique", "automatische antwort", "respuesta automática",
	"risposta automatica", "autosvar"}

// autoReplyPrefixMax is the length in bytes of the longest of
// autoReplyPrefixes.
var autoReplyPrefixMax = func() int {
	n := 0
	for _, p := range autoReplyPrefixes {
		n = max(n, len(p))
	}
	return n
}()

// lowerPrefix returns a string that starts as strings.ToLower(s) does for
// at least n bytes (all of it when shorter). An ASCII start is lowered
// alone, so a long subject is not copied whole for a prefix test.
func lowerPrefix(s string, n int) string {
	if len(s) <= n {
		return strings.ToLower(s)
	}
	for i := 0; i < n; i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	// The first n bytes are whole ASCII runes: lowering them alone gives
	// the same bytes as lowering s.
	return strings.ToLower(s[:n])
}

// automatedHeaderReason detects explicit machine-sent markers (rule 3,
// header part): Auto-Submitted other than "no", and non-delivery reports
// such as read receipts.
func automatedHeaderReason(p *headers) string {
	if v := autoSubmitted(&p.h); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	if strings.HasPrefix(p.contentType, "multipart/report") {
		return "multipart/report message"
	}
	return ""
}

// bulkReason detects list and bulk-sender mail (rule 4).
func (c *Classifier) bulkReason(p *headers) string {
	for _, k := range c.listFields {
		if p.h.has(k) {
			return c.fields.names[k] + " header"
		}
	}
	switch v := strings.ToLower(strings.TrimSpace(p.h.get(fPrecedence))); v {
	case "bulk", "list", "junk":
		return "Precedence: " + v
	}
	for _, k := range c.bulkFields {
		if p.h.has(k) {
			return c.fields.names[k] + " header"
		}
	}
	return ""
}

// robotReason detects robot or role senders and null reverse paths on mail
// not from the user (rule 3, heuristic part).
func (c *Classifier) robotReason(p *headers) string {
	for _, f := range []struct {
		label string
		list  []model.Address
	}{{"sender", p.from}, {"Sender", p.sender}, {"Reply-To", p.replyTo}} {
		for _, a := range f.list {
			if isRobot(a.Email) && !c.IsSelf(a.Email) {
				if f.label == "sender" {
					return "robot sender " + a.Email
				}
				return "robot " + f.label + " " + a.Email
			}
		}
	}
	if !p.outbound && p.h.has(fReturnPath) && compactLower(p.h.get(fReturnPath)) == "<>" {
		return "null Return-Path"
	}
	return ""
}

// autoSubmitted returns the Auto-Submitted keyword, lowercased, without
// parameters or comments.
func autoSubmitted(h *fieldIndex) string {
	v := h.get(fAutoSubmitted)
	if i := strings.IndexAny(v, ";("); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// compactLower lowercases s and drops spaces, tabs and double quotes, so
// `multipart/report; report-type="delivery-status"` compares simply.
func compactLower(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c < 0x80 && (c < 'A' || c > 'Z') && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"'
	}
	if plain {
		return s // already compact and lower-case
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '"':
			return -1
		}
		return r
	}, strings.ToLower(s))
}
