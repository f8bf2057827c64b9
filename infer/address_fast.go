package infer

import (
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/tend-dev/tend/model"
)

// appendFast reads the common shapes of an address list without
// net/mail, appending them to dst: comma-separated "local@domain",
// "local@domain (Comment)", "<local@domain>", "Plain Name <local@domain>"
// (words of atext, dots and UTF-8, RFC 2047 encoded words among them,
// decoded by dec) and `"Quoted Name" <local@domain>` (printable ASCII or
// UTF-8), with ASCII dot-atom addresses and no groups, escapes, nested
// comments or empty entries. raw must be valid UTF-8 (appendAddresses
// makes it so). It reports false for anything else, returning dst as it
// was, and the caller falls back to net/mail; what it accepts, net/mail
// reads the same way (FuzzFastAddresses).
func appendFast(dst []model.Address, raw string, dec *mime.WordDecoder) ([]model.Address, bool) {
	out := dst
	i := 0
	for {
		i = skipBlanks(raw, i)
		if i == len(raw) {
			return dst, false // empty entry or trailing comma
		}
		var name, addr string
		switch {
		case raw[i] == '"':
			j := strings.IndexByte(raw[i+1:], '"')
			if j < 0 {
				return dst, false
			}
			name = raw[i+1 : i+1+j]
			if !plainQuoted(name) {
				return dst, false
			}
			i = skipBlanks(raw, i+2+j)
			if i == len(raw) || raw[i] != '<' {
				return dst, false
			}
		case raw[i] != '<':
			end := i
			for end < len(raw) && (atext(raw[end]) || raw[end] == '.' || raw[end] == '@') {
				end++
			}
			if strings.IndexByte(raw[i:end], '@') >= 0 {
				addr = raw[i:end] // a bare addr-spec, perhaps with a comment
				i = skipBlanks(raw, end)
				if i < len(raw) && raw[i] == '(' {
					j := strings.IndexByte(raw[i:], ')')
					if j < 0 || !plainCommentName(raw[i+1:i+j]) {
						return dst, false
					}
					name = raw[i+1 : i+j]
					i += j + 1
				}
				break
			}
			var ok bool
			if name, i, ok = fastPhrase(raw, i, dec); !ok {
				return dst, false
			}
		}
		if addr == "" { // an angle-addr follows
			j := strings.IndexByte(raw[i:], '>')
			if j < 0 {
				return dst, false
			}
			addr = raw[i+1 : i+j]
			i += j + 1
		}
		if !plainAddrSpec(addr) {
			return dst, false
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
			return dst, false
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

// atext reports whether c is an ASCII RFC 5322 atext character: a letter,
// a digit or one of !#$%&'*+-/=?^_`{|}~ (TestAtext).
func atext(c byte) bool {
	const (
		lo uint64 = 0xa3ffacfa00000000 // bit c set for the atext characters below 64
		hi uint64 = 0x7fffffffc7fffffe // bit c-64 set for those from 64 to 127
	)
	switch {
	case c < 64:
		return lo>>c&1 != 0
	case c < 128:
		return hi>>(c-64)&1 != 0
	}
	return false
}

// plainQuoted reports whether s, a quoted string's content, is printable
// ASCII or valid UTF-8 without escapes or encoded words (net/mail does not
// decode those inside quotes, but they are rare enough to leave to it).
func plainQuoted(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			n := utf8Len(s, i)
			if n == 0 {
				return false
			}
			i += n - 1
			continue
		}
		if c < ' ' || c == 0x7f || c == '\\' {
			return false
		}
	}
	return !strings.Contains(s, "=?")
}

// plainCommentName reports whether s, the content of a comment after a
// bare address, is printable ASCII without nested comments, escapes or
// encoded words: net/mail then takes its blank-separated words, joined by
// single spaces, as the display name.
func plainCommentName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c > '~' || c == '(' || c == '\\' {
			return false
		}
	}
	return !strings.Contains(s, "=?")
}

// utf8Len returns the length of the valid multi-byte UTF-8 sequence at
// s[i], or 0 when the bytes there are not one.
func utf8Len(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return 0
	}
	return n
}
