package store

import (
	"strings"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
)

// TierRule gives a tier to everyone matching exactly one of Email (one
// address), Domain (an address's domain or a subdomain of it) or Company (the
// company name orgs.Company derives, any case): the config's
// [[relationships.rules]].
type TierRule struct {
	Email, Domain, Company string
	Tier                   string
}

// SetTierRules sets the rules Histories applies to people the user gave no
// tier; the first matching rule wins. Call it right after Open: it is not
// safe to call while Histories runs.
func (s *Store) SetTierRules(rules []TierRule) {
	s.tierRules = make([]TierRule, len(rules))
	for i, r := range rules {
		r.Email = normEmail(r.Email)
		r.Domain = strings.Trim(strings.ToLower(strings.TrimSpace(r.Domain)), ".@")
		r.Company = strings.TrimSpace(r.Company)
		s.tierRules[i] = r
	}
}

// ruleTier returns the tier of the first rule matching h's addresses, or "".
func ruleTier(rules []TierRule, h *model.PersonHistory) string {
	for _, r := range rules {
		for _, e := range h.Emails {
			d := e[strings.LastIndexByte(e, '@')+1:]
			switch {
			case r.Email != "" && e == r.Email,
				r.Domain != "" && (d == r.Domain || strings.HasSuffix(d, "."+r.Domain)):
				return r.Tier
			case r.Company != "":
				if _, name := orgs.Company(e); name != "" && strings.EqualFold(name, r.Company) {
					return r.Tier
				}
			}
		}
	}
	return ""
}
