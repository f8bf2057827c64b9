package infer

import (
	"regexp"
	"slices"
	"strings"
)

// hardStatus are the DSN status codes (RFC 3463) that mean the mailbox is
// gone: bad mailbox (5.1.1), bad domain (5.1.2), mailbox moved (5.1.6),
// recipient not found in Microsoft 365 (5.1.10), mailbox disabled (5.2.1).
var hardStatus = map[string]string{
	"5.1.1":  "bad destination mailbox address",
	"5.1.2":  "bad destination system address",
	"5.1.6":  "mailbox has moved",
	"5.1.10": "recipient not found",
	"5.2.1":  "mailbox disabled",
}

// deadPhrases in a diagnostic mean the address does not exist (any more).
// Matched on normalizeText output, first match wins.
var deadPhrases = []string{
	"user unknown", "unknown user", "no such user", "no such recipient", "no such mailbox",
	"unknown recipient", "recipient unknown", "recipient not found", "recipientnotfound", "recipnotfound",
	"user not found", "mailbox not found", "address not found", "no mailbox here",
	"account disabled", "account has been disabled", "account is disabled", "mailbox disabled",
	"is disabled", "has been disabled", "mailbox is inactive", "account is inactive", "inactive user",
	"does not exist", "doesn't exist", "couldn't be found", "could not be found",
	"invalid recipient", "invalid mailbox", "unrouteable address", "not listed in domino directory",
	"mailbox unavailable",
}

// fullPhrases mean the mailbox exists but takes no mail for now: a soft bounce.
var fullPhrases = []string{
	"mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage",
	"insufficient storage", "mailbox size limit", "out of storage", "exceeds the size limit of the mailbox",
}

var statusPattern = regexp.MustCompile(`\b([245])\.(\d{1,3})\.(\d{1,3})\b`)

// statusCode finds the first enhanced status code in s ("5.1.1").
func statusCode(s string) string {
	return statusPattern.FindString(s)
}

func firstPhrase(s string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// judgeFailure decides what a failed delivery to addr proves, from its
// status and diagnostic text.
func judgeFailure(addr, status, diag string) (Evidence, bool) {
	code := statusCode(status)
	if code == "" {
		code = statusCode(diag)
	}
	d := normalizeText(status + " " + diag)
	dead, full := firstPhrase(d, deadPhrases), firstPhrase(d, fullPhrases)
	ev := Evidence{Kind: EvidenceBounce, Address: addr, Status: code}
	switch {
	case full != "" || strings.HasSuffix(code, ".2.2"):
		ev.Detail = cmpOr(full, "mailbox full")
	case strings.HasPrefix(code, "5.") && (hardStatus[code] != "" || dead != ""):
		ev.Hard, ev.Detail = true, cmpOr(dead, hardStatus[code])
	case code == "" && dead != "":
		ev.Hard, ev.Detail = true, dead
	case strings.HasPrefix(code, "4."):
		ev.Detail = cmpOr(dead, "temporary failure")
	default:
		return Evidence{}, false // a policy rejection, a message too big, ...: says nothing about the person
	}
	return ev, true
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseBounce reads a delivery report. The machine-readable
// message/delivery-status part decides when present; otherwise the
// X-Failed-Recipients header or the addresses the notification text quotes
// name the recipients, and the text around each gives its status.
func parseBounce(header, body []byte) []Evidence {
	parts := messageParts(header, body)
	var out []Evidence
	add := func(ev Evidence, ok bool) {
		if ok && ev.Address != "" && !slices.ContainsFunc(out, func(e Evidence) bool { return e.Address == ev.Address }) {
			out = append(out, ev)
		}
	}
	reported := false
	for _, p := range parts {
		if p.mediaType != "message/delivery-status" && p.mediaType != "message/global-delivery-status" {
			continue
		}
		for _, r := range dsnRecipients(p.text) {
			reported = true
			if r.failed() {
				add(judgeFailure(r.addr, r.status, r.diag))
			}
		}
	}
	if reported {
		return out
	}
	text := readableText(parts)
	// Some servers put the report fields in the text itself.
	for _, r := range dsnRecipients(text) {
		reported = true
		if r.failed() {
			add(judgeFailure(r.addr, r.status, r.diag))
		}
	}
	if reported {
		return out
	}
	th := readHeader(header)
	dec := newWordDecoder()
	var rcpts []string
	for _, a := range parseAddresses(th.Get("X-Failed-Recipients"), dec) {
		rcpts = append(rcpts, a.Email)
	}
	if len(rcpts) == 0 {
		skip := map[string]bool{}
		for _, k := range []string{"From", "To", "Cc", "Sender", "Reply-To"} {
			for _, a := range parseAddresses(th.Get(k), dec) {
				skip[a.Email] = true
			}
		}
		rcpts = textRecipients(text, func(e string) bool { return skip[e] || isRobot(e) })
	}
	for _, addr := range rcpts {
		// The text near the address decides; what it lacks, the whole
		// notification may say ("The response from the remote server was: 550 5.1.1").
		status, diag := aroundAddress(text, addr)
		if statusCode(status) == "" {
			status = statusCode(text)
		}
		if d := normalizeText(diag); firstPhrase(d, deadPhrases) == "" && firstPhrase(d, fullPhrases) == "" {
			diag = text
		}
		add(judgeFailure(addr, status, diag))
	}
	return out
}

// dsnRecipient is one per-recipient block of a delivery-status report.
type dsnRecipient struct{ addr, action, status, diag string }

// failed reports whether delivery failed for good: Action "failed", or no
// Action at all. "delayed" is a warning, not a failure.
func (r dsnRecipient) failed() bool {
	a := strings.ToLower(strings.TrimSpace(r.action))
	return a == "" || strings.HasPrefix(a, "failed")
}

// dsnRecipients reads the blocks of a delivery-status report (RFC 3464):
// header-like blocks separated by empty lines; those naming a
// Final-Recipient (or Original-Recipient) are recipients.
func dsnRecipients(text string) []dsnRecipient {
	var out []dsnRecipient
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, block := range strings.Split(text, "\n\n") {
		if !strings.Contains(strings.ToLower(block), "recipient:") {
			continue
		}
		h := readHeader([]byte(strings.TrimLeft(block, "\n") + "\n\n"))
		addr := typedValue(h.Get("Final-Recipient"))
		if !strings.Contains(addr, "@") {
			addr = typedValue(h.Get("Original-Recipient"))
		}
		addr = normalizeEmail(addr)
		if !strings.Contains(addr, "@") {
			continue
		}
		out = append(out, dsnRecipient{addr: addr, action: h.Get("Action"), status: h.Get("Status"),
			diag: typedValue(h.Get("Diagnostic-Code"))})
	}
	return out
}

// typedValue drops the address or diagnostic type of a DSN field
// ("rfc822; ada@x" -> "ada@x").
func typedValue(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// headerLine matches lines of quoted message headers, whose addresses are
// not failed recipients.
var headerLine = regexp.MustCompile(`(?i)^\s*(from|to|cc|bcc|reply-to|sender|return-path|message-id|in-reply-to|references|received|subject|date|x-[a-z0-9-]+|reporting-mta|remote-mta|arrival-date|dkim-signature|authentication-results)\s*:`)

// textRecipients finds the addresses a plain-text bounce quotes, in order,
// skipping lines of quoted headers and addresses skip rejects.
func textRecipients(text string, skip func(string) bool) []string {
	var out []string
	for line := range strings.Lines(text) {
		if headerLine.MatchString(line) {
			continue
		}
		for _, e := range emailPattern.FindAllString(line, -1) {
			e = normalizeEmail(e)
			if !skip(e) && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	return out
}

// aroundAddress returns the text near each mention of addr (its line and the
// three after), where bounce texts give that recipient's status.
func aroundAddress(text, addr string) (status, diag string) {
	lines := strings.Split(text, "\n")
	var b strings.Builder
	for i, l := range lines {
		if !strings.Contains(strings.ToLower(l), addr) {
			continue
		}
		for _, w := range lines[i:min(i+4, len(lines))] {
			b.WriteString(w + "\n")
		}
	}
	s := b.String()
	return s, s
}
