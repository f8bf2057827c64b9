package infer

import (
	"strings"
	"sync"

	"github.com/emersion/go-message/textproto"
	"github.com/tend-dev/tend/model"
)

// header is a message's header block as the classification rules read it:
// its fields in order, each name as written and each value unfolded and
// trimmed exactly as go-message's textproto.ReadHeader does (so a lookup
// through fieldIndex, known.go, answers what textproto.Header.Get and Has
// answer for readHeader's result). Reading it costs one copy of the block; values of
// one-line fields are substrings of that copy, so a string kept from one
// keeps the whole copy alive.
type header struct {
	fields []headerField
}

// headerField is one field: its name as written (trimmed of spaces and
// tabs) and its unfolded value.
type headerField struct{ name, value string }

// scanResult says how far scanHeader got with a block.
type scanResult int

const (
	scanOK        scanResult = iota // read exactly as textproto.ReadHeader reads it
	scanMalformed                   // textproto.ReadHeader rejects the block
	scanUnsure                      // a corner scanHeader does not model: ask go-message
)

// bufioLimit is the size of the largest buffer blockReader gives
// go-message; only past it do bufio's line-splitting corners matter.
const bufioLimit = 4096

// parseHeader reads a raw header block with readHeader's semantics: a
// block go-message rejects is read again through sanitizeHeader. The
// fields are appended to buf[:0] when it has room (scratch).
func parseHeader(b string, buf []headerField) header {
	h, res := scanHeader(b, buf)
	if res == scanMalformed {
		h, res = scanHeader(string(sanitizeHeader([]byte(b))), buf)
	}
	if res != scanOK {
		return headerOf(readHeader([]byte(b)))
	}
	return h
}

// scanHeader reads s in one pass, the way textproto.ReadHeader reads it
// through blockReader: lines end at "\n" (one "\r" before it dropped), a
// line starting with a space or tab continues the field before it, an
// empty line or the end of s ends the block, a field name is the text
// before the first colon trimmed of spaces and tabs, and a field with an
// empty name is skipped.
func scanHeader(s string, buf []headerField) (header, scanResult) {
	if len(s) > 0 && isSpTab(s[0]) {
		return header{}, scanMalformed // a leading continuation line
	}
	if buf == nil {
		buf = make([]headerField, 0, 16)
	}
	h := header{fields: buf[:0]}
	for pos := 0; pos < len(s); {
		line, next, ended := blockLine(s, pos)
		if line == "" {
			break
		}
		if !ended && len(s) >= bufioLimit {
			return header{}, scanUnsure // bufio's end-of-input corner with a full buffer
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return header{}, scanMalformed
		}
		name := trimSpTab(line[:colon])
		for i := 0; i < len(name); i++ {
			if c := name[i]; c < '!' || c > '~' {
				return header{}, scanMalformed
			}
		}
		value := trimSpTab(line[colon+1:])
		pos = next
		if pos < len(s) && isSpTab(s[pos]) {
			value, pos, ended = unfold(s, pos, value)
			if !ended && len(s) >= bufioLimit {
				return header{}, scanUnsure
			}
		}
		if name != "" {
			h.fields = append(h.fields, headerField{name: name, value: value})
		}
	}
	return h, scanOK
}

// unfold joins first and the continuation lines starting at pos with
// single spaces, skipping lines that are blank once trimmed. It returns
// the value, the position after the last continuation line, and whether
// that line ended with "\n".
func unfold(s string, pos int, first string) (string, int, bool) {
	var sb strings.Builder
	sb.WriteString(first)
	ended := true
	for pos < len(s) && isSpTab(s[pos]) {
		var line string
		line, pos, ended = blockLine(s, pos)
		if t := trimSpTab(line); t != "" {
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(t)
		}
	}
	return sb.String(), pos, ended
}

// blockLine returns the line of s starting at pos as bufio.Reader.ReadLine
// returns it (without "\n" and one "\r" before it), the position of the
// next line, and whether the line ended with "\n".
func blockLine(s string, pos int) (string, int, bool) {
	i := strings.IndexByte(s[pos:], '\n')
	if i < 0 {
		return s[pos:], len(s), false
	}
	line := s[pos : pos+i]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, pos + i + 1, true
}

// scratch is what one Classify reads a message into and drops when it
// returns (the message keeps only strings): its header fields and its
// address lists. Recycled, since new ones for each message were a third of
// the bytes a sync allocated.
type scratch struct {
	fields []headerField
	addrs  []model.Address
}

var scratches = sync.Pool{New: func() any {
	return &scratch{fields: make([]headerField, 0, 32), addrs: make([]model.Address, 0, 16)}
}}

// headerOf converts a go-message header, keeping its field order.
func headerOf(th textproto.Header) header {
	h := header{fields: make([]headerField, 0, th.Len())}
	for fs := th.Fields(); fs.Next(); {
		h.fields = append(h.fields, headerField{name: fs.Key(), value: fs.Value()})
	}
	return h
}

// sameField reports whether a field named field answers a lookup of name
// as go-message's lookups do: names that are HTTP tokens compare ignoring
// ASCII case (CanonicalMIMEHeaderKey folds them); other names only exactly.
func sameField(field, name string) bool {
	if len(field) != len(name) {
		return false
	}
	if field == name {
		return true
	}
	for i := 0; i < len(name); i++ {
		a, b := field[i], name[i]
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return isToken(name)
}

// isToken reports whether s consists only of RFC 7230 token characters,
// the names CanonicalMIMEHeaderKey canonicalises.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// isSpTab reports whether c is a space or a tab.
func isSpTab(c byte) bool { return c == ' ' || c == '\t' }

// trimSpTab trims spaces and tabs (only) from both ends of s.
func trimSpTab(s string) string {
	i, j := 0, len(s)
	for i < j && isSpTab(s[i]) {
		i++
	}
	for j > i && isSpTab(s[j-1]) {
		j--
	}
	return s[i:j]
}
