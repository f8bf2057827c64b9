package store

import (
	"bytes"
	"strings"
	"sync"
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
	if key, ok := nameKeyLatin(name); ok {
		return key
	}
	return nameKeyUnicode(name)
}

// nameKeyBytes is nameKey for a name read as bytes: a Latin name is keyed
// without first being copied into a string.
func nameKeyBytes(name []byte) string {
	if key, ok := nameKeyLatin(name); ok {
		return key
	}
	return nameKeyUnicode(string(name))
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
		if f := fold(r); f >= 0 {
			b.WriteRune(f)
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

// fold is what nameKey keeps of one rune of a decomposed (NFD) name:
// nothing of a diacritic (-1), a letter or digit in lower case, a space for
// anything else.
func fold(r rune) rune {
	switch {
	case unicode.Is(unicode.Mn, r):
		return -1
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r)
	default:
		return ' '
	}
}

// latinEnd bounds the runes nameKeyLatin keys by table: ASCII, Latin-1 and
// Latin Extended-A and -B, the letters of most names in Latin script.
const latinEnd = 0x250

// latinFolded returns, for each rune below latinEnd, fold of each rune of
// its decomposition: "é" is "e", "ß" is "ß", "Æ" is "æ", "×" is " ".
// A precomposed letter decomposes on its own, so a name of such runes needs
// no normalisation of the whole string. The table is built on first use,
// not at every start of tend.
var latinFolded = sync.OnceValue(func() *[latinEnd]string {
	var t [latinEnd]string
	for r := range rune(latinEnd) {
		var b strings.Builder
		for _, d := range norm.NFD.String(string(r)) {
			if f := fold(d); f >= 0 {
				b.WriteRune(f)
			}
		}
		t[r] = b.String()
	}
	return &t
})

// nameKeyLatin is nameKey for a name of runes below latinEnd (ASCII and
// the precomposed Latin letters): one pass and two allocations instead of a
// dozen, since resolving identities reads every address's name after each
// sync. ok is false for any other name, including one with a combining
// mark or invalid UTF-8 (FuzzNameKeyLatin holds it to nameKeyUnicode).
func nameKeyLatin[T string | []byte](name T) (key string, ok bool) {
	kept := make([]byte, 0, len(name)) // dropBracketed's result
	depth := 0
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune([]byte(name[i:min(i+utf8.UTFMax, len(name))]))
			if r >= latinEnd || r == utf8.RuneError {
				return "", false
			}
			if depth == 0 {
				kept = append(kept, name[i:i+size]...)
			}
			i += size - 1
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
	long, word := 0, 0 // words of two or more letters; the current word's length in runes
	letter := func(r rune) {
		if word == 0 && len(out) > 0 {
			out = append(out, ' ')
		}
		out = utf8.AppendRune(out, r)
		if word++; word == 2 {
			long++
		}
	}
	add := func(part []byte) {
		for i := 0; i < len(part); i++ {
			switch c := part[i]; {
			case 'A' <= c && c <= 'Z':
				letter(rune(c + 'a' - 'A'))
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				letter(rune(c))
			case c >= utf8.RuneSelf:
				r, size := utf8.DecodeRune(part[i:])
				i += size - 1
				for _, f := range latinFolded()[r] {
					if f == ' ' {
						word = 0
					} else {
						letter(f)
					}
				}
			default:
				word = 0
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
