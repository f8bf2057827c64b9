// Package model holds the plain types that flow between tend's providers, the
// sync engine, inference, the store, scoring and the CLI. It imports nothing
// from the project, so every other package can depend on it.
package model

import "time"

// Direction says who acted in an interaction, seen from the user.
type Direction string

// Directions of an interaction.
const (
	Outbound Direction = "out"  // the user wrote to the person
	Inbound  Direction = "in"   // the person wrote to the user
	Mutual   Direction = "both" // both took part (a meeting)
)

// Channel says how an interaction happened.
type Channel string

// Channels of an interaction.
const (
	Email   Channel = "email"
	Meeting Channel = "meeting"
)

// Class is what inference concluded a message is.
type Class string

// Message classes. Only Personal messages create interactions.
const (
	Personal  Class = "personal"  // a person-to-person message
	Bulk      Class = "bulk"      // newsletter, mailing list, marketing (list or bulk-sender headers)
	Automated Class = "automated" // robot or role sender, Auto-Submitted, notifications
	Bounce    Class = "bounce"    // a delivery status report
	AutoReply Class = "autoreply" // an out-of-office or other auto-reply
	Mass      Class = "mass"      // sent to more recipients than the configured maximum
	Indirect  Class = "indirect"  // received only through a group address or Bcc
	Self      Class = "self"      // only the user's own addresses take part
)

// HeaderMessage is one message as a mail provider delivers it: where it lives
// and its raw header block (only the fields the provider was asked for).
// Providers never parse it; inference does.
type HeaderMessage struct {
	Folder       string
	UID          uint32
	InternalDate time.Time // the server's arrival time; zero when unknown
	Header       string    // raw RFC 5322 header block, CRLF or LF line ends
}

// Address is one mailbox: a lowercased address and its decoded display name.
type Address struct {
	Name  string
	Email string
}

// Interaction is one contact between the user and one person, derived from
// one message (or, later, one meeting).
type Interaction struct {
	Email      string    // the person's address, lowercased
	Name       string    // the display name seen on this message, decoded; may be empty
	Direction  Direction // Outbound, Inbound or Mutual
	Channel    Channel
	At         time.Time // UTC
	Weight     float64   // 1 for full contact; less for weaker contact (a message to many)
	Recipients int       // people (other than the user) on the message
}

// Message is inference's conclusion about one message: its identity, its
// date, its class and the interactions it creates (none unless Personal).
type Message struct {
	Key          string    // Message-ID without brackets, or "h:"+hash of stable headers
	At           time.Time // Date header, or INTERNALDATE when the Date is missing, broken or absurd
	DateFallback bool      // At came from INTERNALDATE
	Subject      string    // decoded subject; kept only when the user configured it
	ThreadKey    string    // first References id, else In-Reply-To, else Key
	From         string    // the sender address, lowercased
	Class        Class
	Reason       string // why the class was chosen, e.g. "List-Id header"; empty for Personal
	Interactions []Interaction
}

// Folder is one mailbox folder as the server lists it.
type Folder struct {
	Name       string
	Delim      string
	SpecialUse []string // SPECIAL-USE attributes such as `\Sent`, `\All`, `\Trash`
	Selectable bool     // false for `\Noselect` and `\NonExistent` folders
}

// FolderStatus is what examining a folder tells before any fetch.
type FolderStatus struct {
	UIDValidity   uint32
	UIDNext       uint32 // 0 when the server did not say
	Messages      uint32
	HighestModSeq uint64 // 0 without CONDSTORE
}

// Touch is one interaction as scoring sees it. A meeting touch dated after
// "now" is a planned meeting, not contact yet.
type Touch struct {
	At         time.Time
	Direction  Direction
	Channel    Channel
	Weight     float64
	Subject    string // subject or meeting title; may be empty
	Email      string // the person's address this touch used
	Thread     string // thread key of the message (or the event's id)
	Recipients int    // other people on the message or meeting
}

// Move is evidence that a person left an organisation or changed address.
type Move struct {
	At          time.Time
	FromEmail   string // the old address (stays an alias)
	ToEmail     string // the new address; empty when unknown (a bounce)
	FromCompany string // organisation domain left; may be empty
	ToCompany   string // organisation domain joined; may be empty
	Kind        string // "new-domain", "bounce", "auto-reply"
	Evidence    string // one line a user can check, e.g. `bounce 5.1.1 "user unknown" on 2026-03-02`
}

// Moment is a recurring date that matters to a person.
type Moment struct {
	Kind  string // "birthday" or "anniversary"
	Month int    // 1-12
	Day   int    // 1-31
	Year  int    // 0 when unknown
}

// PersonHistory is one person with every interaction, oldest first, and
// what the user and the sources said about them.
type PersonHistory struct {
	ID      int64
	Name    string   // best known display name; may be empty
	Email   string   // primary address
	Emails  []string // every address of the person, primary first
	Touches []Touch

	Tier         string    // tier the user (or a config rule) assigned; "" for none
	Note         string    // the user's note
	SnoozedUntil time.Time // no reminders before this; zero for none
	Ignored      bool      // the user ignored this person or their domain
	Org          string    // organisation from the person's address-book card; may be empty
	Moves        []Move    // oldest first
	Moments      []Moment
}
