package model

import (
	"errors"
	"time"
)

// Event statuses (iCalendar STATUS, lowercased; Google's status).
const (
	EventConfirmed = "confirmed"
	EventTentative = "tentative"
	EventCancelled = "cancelled"
)

// Participation statuses of an attendee (iCalendar PARTSTAT, lowercased;
// Google's responseStatus "needsAction" is "needs-action").
const (
	PartAccepted    = "accepted"
	PartDeclined    = "declined"
	PartTentative   = "tentative"
	PartNeedsAction = "needs-action"
	PartDelegated   = "delegated"
)

// Kinds of calendar user (iCalendar CUTYPE, lowercased). Only individuals
// (and attendees of unknown kind) are people.
const (
	KindIndividual = "individual"
	KindRoom       = "room"
	KindResource   = "resource"
	KindGroup      = "group"
	KindUnknown    = "unknown"
)

// Classes of an event's message, beside the mail classes: an event the user
// declined, and a cancelled event. Neither creates contact.
const (
	Declined  Class = "declined"
	Cancelled Class = "cancelled"
)

// Collection is one calendar or address book of an account. Each has its
// own sync cursor.
type Collection struct {
	ID   string // stable within the account: a CalDAV path, a Google calendar id, a file path
	Name string // display name; may be empty
}

// Attendee is one participant of an event (or its organizer).
type Attendee struct {
	Name     string
	Email    string // lowercased; may be empty (a room without an address)
	PartStat string // Part* constants; "" is treated as needs-action
	Kind     string // Kind* constants; "" is treated as individual
	Self     bool   // the provider says this is the user (Google); the rules also match the user's addresses
}

// Event is one occurrence of a calendar event. A recurring event is
// delivered as one Event per occurrence, each with its own ID.
type Event struct {
	// ID is stable per occurrence: UID for a single event, UID + "/" + the
	// occurrence's original start (RECURRENCE-ID) in UTC for an occurrence;
	// see meetings.OccurrenceID.
	ID        string
	UID       string // the series' iCalendar UID (Google: iCalUID)
	Calendar  string // the Collection ID it came from
	Title     string
	Start     time.Time // UTC; an all-day event starts at 00:00 UTC of its date
	End       time.Time // UTC; may be zero
	AllDay    bool
	Status    string // Event* constants; "" is treated as confirmed
	Type      string // "" for an ordinary event; Google's "outOfOffice", "focusTime", "workingLocation", "birthday" create no contact
	Organizer Attendee
	Attendees []Attendee
	Updated   time.Time // last modification; zero when unknown
}

// Card is one address-book entry (vCard, CardDAV, Google contact).
type Card struct {
	ID      string   // stable within its collection (a CardDAV path, a vCard UID)
	Name    string   // formatted name; may be empty
	Emails  []string // every address, lowercased; all belong to one person
	Org     string   // organisation; may be empty
	Moments []Moment // birthday, anniversary
	Note    string   // only when the user asked for notes; else empty
	Updated time.Time
}

// ErrCursorInvalid is returned (wrapped) by a calendar or contact provider
// when the cursor it was given is no longer valid (an expired sync token,
// HTTP 410 Gone). The sync engine then reads the collection whole and
// replaces what it had.
var ErrCursorInvalid = errors.New("sync cursor no longer valid")

// EventChanges is what changed in one calendar since a cursor.
type EventChanges struct {
	Items   []EventItem // new or changed items
	Deleted []string    // ids of items gone
	Cursor  string      // the cursor covering these changes
	Reset   bool        // Items are the whole calendar: forget every other item
}

// EventItem is one stored unit of a calendar — a CalDAV resource, an .ics
// UID, a Google event — and its occurrences: one Event, or one per
// occurrence of a recurring event (overrides applied, EXDATEs removed).
// They replace what the item held before.
type EventItem struct {
	ID     string
	Events []Event
}

// CardChanges is what changed in one address book since a cursor.
type CardChanges struct {
	Cards   []Card   // new or changed cards
	Deleted []string // ids of cards gone
	Cursor  string
	Reset   bool // Cards are the whole book: forget every other card
}
