package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nameKey normalises a display name for identity matching: "Doe, Jane" is
// "Jane Doe"; parenthesised or bracketed parts ("Jane Doe (Acme)") are
// dropped; case, diacritics, punctuation and whitespace are ignored
// ("José  Núñez" and "jose nunez" match). It returns "" for names that cannot
// identify a person: fewer than two words of two or more letters, or a name
// that is an address.
func nameKey(name string) string {
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
