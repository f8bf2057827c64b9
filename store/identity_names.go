package store

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nameKey normalises a display name for identity matching: "Doe, Jane" is
// "Jane Doe"; parenthesised or bracketed parts ("Jane Doe (Acme)") are
// dropped; case, diacritics, punctuation and whitespace are ignored
// ("José  Núñez" and "jose nunez" match). It returns "" for names that cannot
// identify a person: fewer than two words of two or more letters, or a name
// that is an address.
func nameKey(name string) string {
	if key, ok := nameKeyASCII(name); ok {
		return key
	}
	return nameKeyUnicode(name)
}

// nameKeyUnicode is nameKey for any name.
func nameKeyUnicode(name string) string {
	name = dropBracketed(name)
	if strings.Contains(name, "@") {
		return ""
	}
	if before, after, ok := strings.Cut(name, ","); ok && !strings.Contains(after, ",") {
		name = after + " " + before
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	long := 0
	for _, w := range words {
		if len([]rune(w)) >= 2 {
			long++
		}
	}
	if long < 2 {
		return ""
	}
	return strings.Join(words, " ")
}

// nameKeyASCII is nameKey for a name of ASCII bytes, which needs no
// Unicode normalisation: one pass and two allocations instead of a dozen
// (resolving identities reads every address's name after each sync). ok
// is false for any other name (FuzzNameKeyASCII holds it to
// nameKeyUnicode).
func nameKeyASCII(name string) (key string, ok bool) {
	kept := make([]byte, 0, len(name)) // dropBracketed's result
	depth := 0
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= utf8.RuneSelf:
			return "", false
		case c == '(' || c == '[':
			depth++
		case (c == ')' || c == ']') && depth > 0:
			depth--
		case depth == 0 && c != '"' && c != '\'':
			kept = append(kept, c)
		}
	}
	if bytes.IndexByte(kept, '@') >= 0 {
		return "", true
	}
	first, second := kept, []byte(nil) // "Doe, Jane" reads "Jane" then "Doe"
	if i := bytes.IndexByte(kept, ','); i >= 0 && bytes.IndexByte(kept[i+1:], ',') < 0 {
		first, second = kept[i+1:], kept[:i]
	}
	out := make([]byte, 0, len(kept)+1)
	long, word := 0, 0 // words of two or more letters; the current word's length
	add := func(part []byte) {
		for _, c := range part {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			default:
				word = 0
				continue
			}
			if word == 0 && len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, c)
			if word++; word == 2 {
				long++
			}
		}
		word = 0
	}
	add(first)
	add(second)
	if long < 2 {
		return "", true
	}
	return string(out), true
}

// dropBracketed removes "(...)" and "[...]" parts and surrounding quotes.
func dropBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0 && r != '"' && r != '\'':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitEmail returns an address's local part without "+tag", and its domain.
func splitEmail(email string) (local, domain string) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email, ""
	}
	local, domain = email[:at], email[at+1:]
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	return local, domain
}
