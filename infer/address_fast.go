package infer

import (
	"strings"

	"github.com/tend-dev/tend/model"
)

// fastAddresses reads the common shapes of an address list without
// net/mail: comma-separated "local@domain", "<local@domain>",
// "Plain Name <local@domain>" and `"Quoted Name" <local@domain>`, all ASCII,
// with no comments, groups, encoded words, escapes or empty entries. It
// reports false for anything else, and the caller falls back to net/mail;
// what it accepts, net/mail reads the same way (FuzzFastAddresses).
func fastAddresses(raw string) ([]model.Address, bool) {
	out := make([]model.Address, 0, strings.Count(raw, ",")+1)
	i := 0
	for {
		i = skipBlanks(raw, i)
		if i == len(raw) {
			return nil, false // empty entry or trailing comma
		}
		var name, addr string
		switch {
		case raw[i] == '"':
			j := strings.IndexByte(raw[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			name = raw[i+1 : i+1+j]
			if !plainQuoted(name) {
				return nil, false
			}
			i = skipBlanks(raw, i+2+j)
			if i == len(raw) || raw[i] != '<' {
				return nil, false
			}
		case raw[i] != '<':
			end := i
			for end < len(raw) && (atext(raw[end]) || raw[end] == '.' || raw[end] == '@') {
				end++
			}
			if strings.IndexByte(raw[i:end], '@') >= 0 {
				addr = raw[i:end] // a bare addr-spec
				i = end
				break
			}
			start := i
			for i < len(raw) && (nameChar(raw[i]) || raw[i] == ' ' || raw[i] == '\t') {
				i++
			}
			if i == len(raw) || raw[i] != '<' || i == start {
				return nil, false
			}
			name = raw[start:i]
		}
		if addr == "" { // an angle-addr follows
			j := strings.IndexByte(raw[i:], '>')
			if j < 0 {
				return nil, false
			}
			addr = raw[i+1 : i+j]
			i += j + 1
		}
		if !plainAddrSpec(addr) {
			return nil, false
		}
		email := normalizeEmail(addr)
		if strings.Contains(email, "@") {
			out = append(out, model.Address{Name: cleanName(name, email), Email: email})
		}
		i = skipBlanks(raw, i)
		if i == len(raw) {
			return out, true
		}
		if raw[i] != ',' {
			return nil, false
		}
		i++
	}
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// plainAddrSpec reports whether s is a dot-atom "local@domain" of ASCII
// atext, without leading, trailing or doubled dots on either side.
func plainAddrSpec(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return false
	}
	return dotAtom(s[:at]) && dotAtom(s[at+1:])
}

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !atext(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// atext reports whether c is an ASCII RFC 5322 atext character.
func atext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// nameChar reports whether c may appear in an unquoted display name the
// fast path reads: letters, digits and a few punctuation marks (no '=' or
// '?', so no encoded word).
func nameChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '\'' || c == '_' || c == '.'
}

// plainQuoted reports whether s, a quoted string's content, is printable
// ASCII without escapes or encoded words.
func plainQuoted(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '\\' {
			return false
		}
	}
	return !strings.Contains(s, "=?")
}
