// Package orgs maps email addresses to the organisations behind them: the
// registrable domain by the public suffix list, a display name, and whether
// the domain is a free-mail provider rather than an employer. Pure functions.
package orgs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// Company returns the organisation domain of an address, its registrable
// domain by the public suffix list (eu.acme.com -> acme.com, acme.co.uk stays),
// and a display name derived from it ("acme-robotics.example" -> "Acme
// Robotics"). Both are empty for free-mail providers and for anything that is
// not an address with a registrable domain.
func Company(email string) (domain, name string) {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return "", ""
	}
	host := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(email[at+1:])), ".")
	host = strings.TrimRight(host, ">")
	if host == "" || strings.ContainsAny(host, "[]: \t") {
		return "", ""
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return "", ""
	}
	suffix, _ := publicsuffix.PublicSuffix(reg)
	label := strings.TrimSuffix(reg, "."+suffix)
	if label == "" || label == reg || isFreeMailDomain(reg) || isFreeMailBrand(label) {
		return "", ""
	}
	return reg, displayName(label)
}

// displayName turns a domain label into words: hyphens and underscores split
// words, each word starts upper case. Punycode labels stay as they are.
func displayName(label string) string {
	words := strings.FieldsFunc(label, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}
