// Package scoring is tend's relationship model: pure functions that turn one
// person's contact history into a decayed score, an inferred cadence, a
// status (active, due, lapsed) and a one-line reason, and that rank people by
// who most needs a reach-out. The clock is passed in; nothing here does I/O.
// See MODEL.md for the formulas.
package scoring

import (
	"math"
	"time"
)

const day = 24 * time.Hour

// Defaults for the zero fields of Params.
const (
	DefaultHalfLife     = 90 * day
	DefaultCadenceValue = 90 * day
	DefaultMinCadence   = 14 * day
	DefaultMaxCadence   = 365 * day
	DefaultLapsedFactor = 2.0
	DefaultMinGaps      = 4
)

// Params tune the model; zero fields take the documented defaults. Negative
// or otherwise meaningless values are treated like zero.
type Params struct {
	HalfLife       time.Duration // default 90 days
	DefaultCadence time.Duration // default 90 days
	MinCadence     time.Duration // default 14 days (bounds the inferred cadence)
	MaxCadence     time.Duration // default 365 days
	LapsedFactor   float64       // default 2: due when days since last contact > cadence, lapsed when > LapsedFactor*cadence
	MinGaps        int           // default 4: gaps between distinct contact days needed to infer a cadence from history
}

// withDefaults returns p with every unset or meaningless field defaulted.
func (p Params) withDefaults() Params {
	if p.HalfLife <= 0 {
		p.HalfLife = DefaultHalfLife
	}
	if p.DefaultCadence <= 0 {
		p.DefaultCadence = DefaultCadenceValue
	}
	if p.MinCadence <= 0 {
		p.MinCadence = DefaultMinCadence
	}
	if p.MaxCadence <= 0 {
		p.MaxCadence = DefaultMaxCadence
	}
	if p.MaxCadence < p.MinCadence {
		p.MaxCadence = p.MinCadence
	}
	if math.IsNaN(p.LapsedFactor) || math.IsInf(p.LapsedFactor, 0) || p.LapsedFactor < 1 {
		p.LapsedFactor = DefaultLapsedFactor
	}
	if p.MinGaps <= 0 {
		p.MinGaps = DefaultMinGaps
	}
	return p
}
