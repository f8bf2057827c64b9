// Package scoring is tend's relationship model: pure functions that turn one
// person's contact history into a decayed score, a cadence (from a tier, the
// person's own rhythm or a default), a status (active, due, lapsed, dormant),
// the moments that make a reach-out worth something (a job change, a thread
// waiting on the user, a relationship going cold, a birthday) and a one-line
// why-now reason; and, over everyone, account coverage and the reach-out
// ranking. The clock is passed in; nothing here does I/O. README.md ("How
// scoring decides") gives every formula.
package scoring

import (
	"math"
	"strings"
	"time"
)

const day = 24 * time.Hour

// Defaults for the zero fields of Params.
const (
	DefaultHalfLife          = 90 * day
	DefaultMaxHalfLifeFactor = 2.0
	DefaultCadenceValue      = 90 * day
	DefaultMinCadence        = 14 * day
	DefaultMaxCadence        = 365 * day
	DefaultLapsedFactor      = 2.0
	DefaultDormantFactor     = 4.0
	DefaultDormantScore      = 0.25
	DefaultMinGaps           = 4
	DefaultColdWindow        = 120 * day
	DefaultColdRatio         = 0.5
	DefaultMomentWindow      = 180 * day
	DefaultDateWindow        = 14 * day
)

// DefaultTiers returns the built-in tiers: weekly 7 days, monthly 30,
// quarterly 91 and yearly 365. It returns a new map on every call.
func DefaultTiers() map[string]time.Duration {
	return map[string]time.Duration{"weekly": 7 * day, "monthly": 30 * day, "quarterly": 91 * day, "yearly": 365 * day}
}

// Params tune the model; zero fields take the documented defaults. Negative,
// NaN or otherwise meaningless values are treated like zero. Params is a
// plain value; Score never modifies the caller's Tiers map.
type Params struct {
	HalfLife          time.Duration // default 90 days: a touch counts half after one half-life
	MaxHalfLifeFactor float64       // default 2: a long-standing relationship's half-life grows up to this factor
	DefaultCadence    time.Duration // default 90 days
	MinCadence        time.Duration // default 14 days (bounds the inferred cadence)
	MaxCadence        time.Duration // default 365 days
	LapsedFactor      float64       // default 2: due past the cadence, lapsed past LapsedFactor x cadence
	DormantFactor     float64       // default 4: dormant past DormantFactor x cadence ...
	DormantScore      float64       // default 0.25: ... when the Score is also below this floor
	MinGaps           int           // default 4: gaps between conversations needed to infer a cadence
	ColdWindow        time.Duration // default 120 days: the recent window of the going-cold rule (at least 4 cadences)
	ColdRatio         float64       // default 0.5: going cold when recent conversations <= ColdRatio x the past rate
	MomentWindow      time.Duration // default 180 days: a job change or departure is news this long
	DateWindow        time.Duration // default 14 days: birthdays and anniversaries this close are mentioned

	// Tiers maps a tier name (any case) to its cadence; nil means DefaultTiers.
	Tiers map[string]time.Duration
	// OwnDomains are the user's own organisation domains (e.g. "lumen.example"):
	// colleagues are people, but the user's company is not an account.
	OwnDomains []string
}

// withDefaults returns p with every unset or meaningless field defaulted.
func (p Params) withDefaults() Params {
	dur := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	num := func(f *float64, lo, def float64) {
		if math.IsNaN(*f) || math.IsInf(*f, 0) || *f < lo {
			*f = def
		}
	}
	dur(&p.HalfLife, DefaultHalfLife)
	dur(&p.DefaultCadence, DefaultCadenceValue)
	dur(&p.MinCadence, DefaultMinCadence)
	dur(&p.MaxCadence, DefaultMaxCadence)
	dur(&p.ColdWindow, DefaultColdWindow)
	dur(&p.MomentWindow, DefaultMomentWindow)
	dur(&p.DateWindow, DefaultDateWindow)
	if p.MaxCadence < p.MinCadence {
		p.MaxCadence = p.MinCadence
	}
	num(&p.MaxHalfLifeFactor, 1, DefaultMaxHalfLifeFactor)
	num(&p.LapsedFactor, 1, DefaultLapsedFactor)
	num(&p.DormantFactor, 1, DefaultDormantFactor)
	if p.DormantFactor < p.LapsedFactor {
		p.DormantFactor = p.LapsedFactor
	}
	if math.IsNaN(p.DormantScore) || math.IsInf(p.DormantScore, 0) || p.DormantScore <= 0 {
		p.DormantScore = DefaultDormantScore
	}
	if math.IsNaN(p.ColdRatio) || p.ColdRatio <= 0 || p.ColdRatio >= 1 {
		p.ColdRatio = DefaultColdRatio
	}
	if p.MinGaps <= 0 {
		p.MinGaps = DefaultMinGaps
	}
	return p
}

// tierCadence looks a tier up by name, in any case. Unknown names and
// non-positive durations report false.
func (p Params) tierCadence(name string) (time.Duration, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, false
	}
	if p.Tiers == nil {
		switch strings.ToLower(name) {
		case "weekly":
			return 7 * day, true
		case "monthly":
			return 30 * day, true
		case "quarterly":
			return 91 * day, true
		case "yearly":
			return 365 * day, true
		}
		return 0, false
	}
	if d, ok := p.Tiers[name]; ok && d > 0 {
		return d, true
	}
	for k, d := range p.Tiers {
		if strings.EqualFold(k, name) && d > 0 {
			return d, true
		}
	}
	return 0, false
}

// ownDomain reports whether domain is one of the user's organisations.
func (p Params) ownDomain(domain string) bool {
	for _, d := range p.OwnDomains {
		if strings.EqualFold(strings.TrimSpace(d), domain) {
			return true
		}
	}
	return false
}
