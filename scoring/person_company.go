package scoring

import (
	"strings"
	"unicode"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
)

// personCompany is the company of the person's most recent non-free-mail
// address (by the touches, then the listed addresses in order); for someone
// who writes only from free-mail addresses, the organisation on their
// address-book card (a name without a domain). The display
// name comes from the display-name suffix when it names the same
// organisation ("Jane Doe (Acme)", "Jane Doe | Acme Robotics"), else from the
// domain.
func personCompany(h model.PersonHistory, ts []model.Touch) (domain, name string) {
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Email == "" {
			continue
		}
		if d, n := orgs.Company(ts[i].Email); d != "" {
			return d, nameSuffixCompany(h.Name, d, n)
		}
	}
	for _, e := range append([]string{h.Email}, h.Emails...) {
		if d, n := orgs.Company(e); d != "" {
			return d, nameSuffixCompany(h.Name, d, n)
		}
	}
	// Only free-mail addresses: the address book may still know the employer.
	return "", strings.TrimSpace(h.Org)
}

// nameSuffixCompany returns the company a display name announces after the
// person's name, when it matches the domain; else fallback.
func nameSuffixCompany(displayName, domain, fallback string) string {
	if s := CompanyFromName(displayName, domain); s != "" {
		return s
	}
	return fallback
}

// CompanyFromName returns the organisation a display name carries as a
// suffix — "Jane Doe (Acme)", "Jane Doe | Acme Robotics", "Jane Doe - Acme",
// "Jane Doe @ Acme" — when it plausibly names the organisation of domain
// (one squashed name contains the other: "Acme" and acme-robotics.com).
// Anything else ("(she/her)", "| CEO", "Doe, Jane") gives "".
func CompanyFromName(displayName, domain string) string {
	s := strings.TrimSpace(displayName)
	var suffix string
	switch {
	case strings.HasSuffix(s, ")"):
		if i := strings.LastIndexByte(s, '('); i > 0 {
			suffix = s[i+1 : len(s)-1]
		}
	default:
		for _, sep := range []string{" | ", " - ", " – ", " — ", " @ "} {
			if i := strings.LastIndex(s, sep); i > 0 {
				suffix = s[i+len(sep):]
				break
			}
		}
	}
	suffix = strings.TrimSpace(suffix)
	if suffix == "" || len([]rune(suffix)) > 40 || strings.ContainsAny(suffix, "/@<>") {
		return ""
	}
	label := domain
	if i := strings.IndexByte(label, '.'); i > 0 {
		label = label[:i]
	}
	a, b := squash(suffix), squash(label)
	if len(a) < 2 || len(b) < 2 || !(strings.Contains(a, b) || strings.Contains(b, a)) {
		return ""
	}
	return suffix
}

// squash lowercases s and keeps only letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// formerCompanies lists the organisation domains the person's moves left,
// oldest first, without their current one and without repeats.
func formerCompanies(moves []model.Move, current string) []string {
	var out []string
	for _, m := range moves {
		d := m.FromCompany
		if d == "" {
			d, _ = orgs.Company(m.FromEmail)
		}
		if d == "" || (d == current && m.Kind == "new-domain") {
			continue
		}
		if !contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
