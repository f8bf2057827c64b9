package scoring

import (
	"time"

	"github.com/tend-dev/tend/model"
)

// Statuses of a Result. A person with no usable touches has Status "".
const (
	StatusActive  = "active"  // within their cadence
	StatusDue     = "due"     // past the cadence: the ideal window has passed
	StatusLapsed  = "lapsed"  // past LapsedFactor x cadence: the maximum window has passed
	StatusDormant = "dormant" // past DormantFactor x cadence and weak: the user let it go
)

// Cadence sources of a Result.
const (
	CadenceTier    = "tier"    // the person's tier (set by the user or a config rule)
	CadenceHistory = "history" // the person's own rhythm
	CadenceDefault = "default" // Params.DefaultCadence
)

// Kinds of Reason, in the order a summary line gives them.
const (
	ReasonJobChange = "job-change" // the person moved: a new door
	ReasonDeparture = "departure"  // someone at their company left: who replaced them?
	ReasonOverdue   = "overdue"    // past their cadence
	ReasonActive    = "active"     // in touch recently
	ReasonLast      = "last"       // context: the last thread or meeting
	ReasonWaiting   = "waiting"    // they wrote last in a one-to-one thread; the user never replied
	ReasonCold      = "going-cold" // recent frequency far below their own past frequency
	ReasonDate      = "date"       // a birthday or anniversary within DateWindow
	ReasonAccount   = "account"    // account coverage: the only live contact at a company
	ReasonMeeting   = "meeting"    // a planned meeting: no reminder needed
	ReasonSnoozed   = "snoozed"    // the user snoozed them
	ReasonNote      = "note"       // the user's note
)

// Reason is one structured why-now entry. Text is one line, without the
// person's name (the caller shows it).
type Reason struct {
	Kind string // one of the Reason* constants
	Text string
}

// UpcomingMoment is a birthday or anniversary falling within DateWindow.
type UpcomingMoment struct {
	Kind  string    // "birthday" or "anniversary"
	On    time.Time // the next occurrence, midnight UTC
	Years int       // years since Moment.Year at that date; 0 when unknown
}

// Result is one person's judgement at a given time. Slices are owned by the
// Result; a Result is a plain value, safe to copy, not to share while
// Relate mutates it.
type Result struct {
	ID                                     int64
	Name, Email                            string
	Emails                                 []string // every address of the person, primary first
	Company                                string   // display name of their company; "" for free-mail only
	CompanyDomain                          string   // organisation domain of their most recent non-free-mail address
	Former                                 []string // organisation domains they left (from Moves)
	LastContact                            time.Time
	DaysSince                              int
	LastChannel                            model.Channel
	LastDirection                          model.Direction
	LastOutbound, LastInbound, LastMeeting time.Time
	LastSubject                            string
	Sent, Received, Meetings               int
	Conversations                          int           // distinct conversations (see README)
	Score                                  float64       // decayed strength now
	Strength                               float64       // strength at the moment of last contact (what is at stake)
	HalfLife                               time.Duration // effective half-life (grows with a long relationship)
	Tier                                   string
	Cadence                                time.Duration
	CadenceSource                          string  // "tier", "history" or "default"
	Overdue                                float64 // time since last contact / cadence
	Status                                 string  // "active", "due", "lapsed", "dormant"
	TwoWay                                 bool    // mail went both ways, or you met
	Candidate                              bool    // eligible for reach-out: TwoWay, or more than one outbound message
	Snoozed                                bool    // SnoozedUntil is after now
	SnoozedUntil                           time.Time
	NextMeeting                            time.Time // earliest planned meeting after now; zero for none
	NextMeetingTitle                       string
	UpcomingMoments                        []UpcomingMoment
	Moves                                  []model.Move
	Note                                   string
	ReachOut                               bool    // belongs on the reach-out list now
	Priority                               float64 // ranking key: Strength x urgency; 0 unless ReachOut
	Reasons                                []Reason
	Reason                                 string // one line summarising Reasons
}

// HasReason reports whether r carries a reason of the kind.
func (r Result) HasReason(kind string) bool {
	for _, x := range r.Reasons {
		if x.Kind == kind {
			return true
		}
	}
	return false
}

// Include reports whether a person should be scored and shown at all: not
// ignored by the user and with at least one touch. Callers skip the rest.
func Include(h model.PersonHistory) bool {
	return !h.Ignored && len(h.Touches) > 0
}
