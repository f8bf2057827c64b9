package demo

import (
	"fmt"
	"mime"
	"strings"
	"time"
)

// raw renders the draft as an RFC 5322 message with CRLF line endings.
func (d *draft) raw() []byte {
	var b strings.Builder
	field := func(name, value string) {
		if value != "" {
			b.WriteString(name + ": " + value + "\r\n")
		}
	}
	for _, kv := range d.extra {
		if kv[0] == "Return-Path" {
			field(kv[0], kv[1])
		}
	}
	if d.rawDate != "" {
		field("Date", d.rawDate)
	} else {
		field("Date", d.date.Format(time.RFC1123Z))
	}
	field("From", formatAddr(d.from))
	field("Reply-To", formatList("Reply-To", d.replyTo))
	if d.toRaw != "" {
		field("To", d.toRaw)
	} else {
		field("To", formatList("To", d.to))
	}
	field("Cc", formatList("Cc", d.cc))
	field("Subject", mime.QEncoding.Encode("utf-8", d.subject))
	field("Message-ID", d.msgID)
	field("In-Reply-To", d.inReplyTo)
	field("References", strings.Join(d.refs, "\r\n "))
	for _, kv := range d.extra {
		if kv[0] != "Return-Path" {
			field(kv[0], kv[1])
		}
	}
	field("MIME-Version", "1.0")
	if d.multipart != "" {
		b.WriteString("Content-Type: " + d.multipart)
		return []byte(b.String())
	}
	field("Content-Type", "text/plain; charset=utf-8")
	cte := "7bit"
	if !isASCII(d.body) {
		cte = "8bit"
	}
	field("Content-Transfer-Encoding", cte)
	b.WriteString("\r\n")
	b.WriteString(d.body)
	return []byte(b.String())
}

// formatList renders an address list, folded before a line passes 78 bytes.
func formatList(name string, as []addr) string {
	var b strings.Builder
	lineLen := len(name) + 2
	for i, a := range as {
		s := formatAddr(a)
		if i > 0 {
			b.WriteByte(',')
			lineLen++
			if lineLen+1+len(s) > 78 {
				b.WriteString("\r\n")
				lineLen = 0
			}
			b.WriteByte(' ')
			lineLen++
		}
		b.WriteString(s)
		lineLen += len(s)
	}
	return b.String()
}

// formatAddr renders one mailbox with its display name encoded as a.enc says.
func formatAddr(a addr) string {
	if a.name == "" {
		return a.email
	}
	var name string
	switch a.enc {
	case encUTF8Q:
		name = mime.QEncoding.Encode("utf-8", a.name)
	case encUTF8B:
		name = mime.BEncoding.Encode("utf-8", a.name)
	case encLatin1:
		name = qEncode8bit("ISO-8859-1", a.name)
	case encCP1252:
		name = qEncode8bit("windows-1252", a.name)
	default:
		name = quotePhrase(a.name)
	}
	return name + " <" + a.email + ">"
}

// quotePhrase quotes an ASCII display name when it holds RFC 5322 specials.
func quotePhrase(s string) string {
	if !isASCII(s) {
		return mime.QEncoding.Encode("utf-8", s)
	}
	if !strings.ContainsAny(s, `()<>[]:;@\,."`) {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// qEncode8bit Q-encodes s in a single-byte charset (ISO-8859-1 or
// windows-1252); runes the charset lacks become '?'.
func qEncode8bit(charset, s string) string {
	var b strings.Builder
	b.WriteString("=?" + charset + "?Q?")
	for _, r := range s {
		c, ok := rune(0), false
		switch {
		case r < 0x80 || (r >= 0xA0 && r <= 0xFF):
			c, ok = r, true
		case charset == "windows-1252":
			c, ok = cp1252(r)
		}
		switch {
		case !ok:
			b.WriteByte('?')
		case c == ' ':
			b.WriteByte('_')
		case c < 0x80 && c > 0x20 && !strings.ContainsRune(`=?_"(),.:;<>@[\]`, c):
			b.WriteRune(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	b.WriteString("?=")
	return b.String()
}

// cp1252 maps the windows-1252 characters outside Latin-1 that the cast uses.
func cp1252(r rune) (rune, bool) {
	switch r {
	case '€':
		return 0x80, true
	case '‘':
		return 0x91, true
	case '’':
		return 0x92, true
	case '“':
		return 0x93, true
	case '”':
		return 0x94, true
	case '–':
		return 0x96, true
	case '—':
		return 0x97, true
	}
	return 0, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
