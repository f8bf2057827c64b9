package infer

import (
	"bytes"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
)

// Limits on reading a message start: delivery reports and auto-replies are
// small, and a hostile message must not cost much.
const (
	maxParts    = 32
	maxDepth    = 4
	maxPartText = 64 << 10
)

// part is one leaf of a message, its body decoded to UTF-8.
type part struct {
	mediaType string // lowercased, e.g. "text/plain"; "text/plain" when absent
	text      string
}

// messageParts returns the leaves of a message start: the header block and
// the beginning of the body, which may be cut anywhere. Transfer encodings
// and charsets are decoded; a part cut short keeps what arrived. Attached
// messages (message/rfc822) are not read.
func messageParts(header, body []byte) []part {
	th := readHeader(header)
	e, err := message.New(message.Header{Header: th}, bytes.NewReader(body))
	if e == nil {
		_ = err // an unknown encoding still yields an entity; nil means nothing to read
		return nil
	}
	var out []part
	walkParts(e, 0, &out)
	return out
}

func walkParts(e *message.Entity, depth int, out *[]part) {
	mt, _, _ := e.Header.ContentType()
	mt = strings.ToLower(mt)
	if mr := e.MultipartReader(); mr != nil {
		if depth >= maxDepth {
			return
		}
		for len(*out) < maxParts {
			p, err := mr.NextPart()
			if err != nil || p == nil {
				return // the end, or the start was cut: keep what was read
			}
			walkParts(p, depth+1, out)
		}
		return
	}
	if mt == "message/rfc822" || mt == "message/global" || len(*out) >= maxParts {
		return
	}
	if mt == "" {
		mt = "text/plain"
	}
	b, _ := io.ReadAll(io.LimitReader(e.Body, maxPartText)) // a cut part keeps what arrived
	*out = append(*out, part{mediaType: mt, text: validUTF8(string(b))})
}

// readableText is what a person would read of a message: its text/plain
// parts, or its HTML parts as text when there is no plain part, with any
// quoted or attached copy of another message cut off.
func readableText(parts []part) string {
	var plain, htm []string
	for _, p := range parts {
		switch p.mediaType {
		case "text/plain":
			plain = append(plain, p.text)
		case "text/html":
			htm = append(htm, htmlText(p.text))
		}
	}
	if len(plain) == 0 {
		plain = htm
	}
	return cutQuoted(strings.Join(plain, "\n"))
}

var (
	dropBlocks = regexp.MustCompile(`(?is)<(style|script|head)\b.*?</(style|script|head)\s*>`)
	breakTags  = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/tr|/li|/h\d|p|div|tr|li|table)\b[^>]*>`)
	anyTag     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// htmlText turns HTML into plain text, roughly: good enough to find phrases
// and addresses, not to show.
func htmlText(s string) string {
	s = dropBlocks.ReplaceAllString(s, " ")
	s = breakTags.ReplaceAllString(s, "\n")
	s = anyTag.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// quoteMarkers start a copy of another message inside a notification or an
// auto-reply; what follows them is not the sender's own text.
var quoteMarkers = []string{
	"-----original message-----", "----- original message -----", "-------- original message --------",
	"original message headers:", "--- below this line is a copy of the message",
	"------ this is a copy of the message", "----- original message follows -----",
	"-----ursprüngliche nachricht-----", "-----message d'origine-----", "-----mensaje original-----",
	"----- transcript of session follows -----",
}

// cutQuoted drops lines quoted with ">" and everything from the first quote
// marker on.
func cutQuoted(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		t := strings.ToLower(strings.TrimSpace(line))
		if strings.HasPrefix(t, ">") {
			continue
		}
		for _, m := range quoteMarkers {
			if strings.HasPrefix(t, m) {
				return b.String()
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// emailPattern finds addresses in free text.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9._%+'\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)

// normalizeText lowercases s, unifies apostrophes and collapses white space,
// for phrase matching.
func normalizeText(s string) string {
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u00a0", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}
