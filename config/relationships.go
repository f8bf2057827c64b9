package config

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Relationships configures tiers (how often to be in touch) and the rules
// that give people a tier unless the user chose one with `tend tier`.
type Relationships struct {
	// Tiers maps a tier name to its cadence in days. Default: weekly = 7,
	// monthly = 30, quarterly = 91, yearly = 365. A configured table replaces
	// the defaults.
	Tiers map[string]float64 `toml:"tiers"`
	// Rules give a tier to people by address, domain or company; the first
	// matching rule wins.
	Rules []TierRule `toml:"rules"`
}

// TierRule gives a tier to everyone matching exactly one of Domain (the
// address's domain or a subdomain of it), Company (the company name tend
// derives, any case) or Email (one address, any case).
type TierRule struct {
	Domain  string `toml:"domain"`
	Company string `toml:"company"`
	Email   string `toml:"email"`
	Tier    string `toml:"tier"`
}

// DefaultTiers returns the tiers used when the config names none.
func DefaultTiers() map[string]float64 {
	return map[string]float64{"weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
}

func (c *Config) defaultRelationships() {
	r := &c.Relationships
	if len(r.Tiers) == 0 {
		r.Tiers = DefaultTiers()
	}
	for i := range r.Rules {
		x := &r.Rules[i]
		x.Domain = strings.Trim(strings.ToLower(strings.TrimSpace(x.Domain)), ".@")
		x.Email = strings.ToLower(strings.TrimSpace(x.Email))
		x.Company = strings.TrimSpace(x.Company)
		x.Tier = strings.TrimSpace(x.Tier)
	}
}

var tierName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

func (c *Config) validateRelationships() error {
	bad := func(key, format string, args ...any) error {
		return &Error{File: c.File, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	r := c.Relationships
	for _, name := range slices.Sorted(maps.Keys(r.Tiers)) {
		key := "relationships.tiers." + name
		if !tierName.MatchString(name) {
			return bad(key, "tier names are lowercase letters, digits, - and _ (got %q)", name)
		}
		if d := r.Tiers[name]; d <= 0 || math.IsNaN(d) || math.IsInf(d, 0) {
			return bad(key, "must be a positive number of days (got %g)", d)
		}
	}
	for i, x := range r.Rules {
		key := func(k string) string { return fmt.Sprintf("relationships.rules[%d].%s", i, k) }
		n := 0
		for _, v := range []string{x.Domain, x.Company, x.Email} {
			if v != "" {
				n++
			}
		}
		if n != 1 {
			return bad(key("domain"), "set exactly one of domain, company or email")
		}
		if x.Email != "" && !validAddress(x.Email) {
			return bad(key("email"), "not an email address: %q", x.Email)
		}
		if x.Domain != "" && strings.ContainsAny(x.Domain, "@ \t") {
			return bad(key("domain"), "not a domain: %q", x.Domain)
		}
		if x.Tier == "" {
			return bad(key("tier"), "required (one of: %s)", strings.Join(c.TierNames(), ", "))
		}
		if _, ok := r.Tiers[x.Tier]; !ok {
			return bad(key("tier"), "unknown tier %q (one of: %s)", x.Tier, strings.Join(c.TierNames(), ", "))
		}
	}
	return nil
}

// TierNames lists the configured tiers, shortest cadence first.
func (c *Config) TierNames() []string {
	names := slices.Collect(maps.Keys(c.Relationships.Tiers))
	slices.SortFunc(names, func(a, b string) int {
		da, db := c.Relationships.Tiers[a], c.Relationships.Tiers[b]
		if da != db {
			if da < db {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}

// TierCadences returns each tier's cadence, for scoring.
func (r Relationships) TierCadences() map[string]time.Duration {
	out := make(map[string]time.Duration, len(r.Tiers))
	for name, days := range r.Tiers {
		out[name] = time.Duration(days * float64(24*time.Hour))
	}
	return out
}
