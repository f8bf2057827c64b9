// Package demo generates a realistic, deterministic mailbox for `tend demo`
// and for end-to-end tests, and serves it over IMAP from an in-process
// go-imap memory server on 127.0.0.1.
//
// Generate returns the messages together with the ground truth the generator
// planted (who is active, lapsed, due, a stranger, a robot, ...), so tests can
// check that tend infers what was meant. Serve puts a Mailbox on a local IMAP
// server that tend syncs like any other account.
package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Folder names of a generated mailbox.
const (
	FolderInbox   = "INBOX"
	FolderSent    = "Sent"
	FolderArchive = "Archive"
	FolderTrash   = "Trash"
	FolderJunk    = "Junk"
)

// Kinds of correspondents in Truth.Kind.
const (
	KindActive     = "active"     // steady regular, every 1–3 weeks, still in touch
	KindLapsed     = "lapsed"     // strong relationship that went quiet 4–10 months ago
	KindDue        = "due"        // monthly or quarterly contact, slightly overdue
	KindPeriodic   = "periodic"   // monthly or quarterly contact, on schedule
	KindNew        = "new"        // first contact in the last weeks
	KindColleague  = "colleague"  // works at the user's company
	KindOneOff     = "one-off"    // stranger who wrote once and got no reply
	KindUnanswered = "unanswered" // the user wrote twice and got no reply
	KindBounced    = "bounced"    // an address that no longer exists (the user's mail bounced)
	KindNewsletter = "newsletter" // bulk sender; no personal contact
	KindRobot      = "robot"      // notifications, calendar, mailer-daemon; no personal contact
	KindList       = "list"       // posts only to a mailing list the user reads; no personal contact
	KindMovedFrom  = "moved-from" // a job changer's old work address: long history, then silence (see Facts.JobChanges)
	KindMovedTo    = "moved-to"   // the same person's new company address, in touch again after the silence
	KindLeft       = "left"       // left their company: the user's last mail got a "no longer with" auto-reply
	KindCooling    = "cooling"    // weekly for a long time, then twice in the last months: going cold, still active
	KindWaiting    = "waiting"    // regular contact whose latest one-to-one message the user never answered
)

// Options configure generation. Zero fields have defaults.
type Options struct {
	Seed  int64     // default 1; same Seed+Now => byte-identical mailbox
	Now   time.Time // "today"; required (zero means 2026-01-15 12:00 UTC so Generate never fails)
	Years int       // default 2: history span
}

// Message is one generated message.
type Message struct {
	Folder       string
	Raw          []byte // CRLF line endings
	InternalDate time.Time
	Flags        []imap.Flag
}

// Truth is what the generator planted for one correspondent.
//
// Counting rules (the same as tend's inference): a message the user sent counts
// for every To/Cc recipient unless it went to more than 15 people (the mass
// announcement counts for nobody); a message the user received counts for its
// sender only, and only when the user is in To or Cc. Noise (newsletters,
// robots, mailing lists, auto-replies, bounces), Trash and Junk count for
// nobody; the Archive/Trash duplicate counts once.
type Truth struct {
	Name, Email string
	Company     string    // registrable domain ("globex.example" for eu.globex.example); "" for freemail
	Kind        string    // one of the Kind constants
	LastContact time.Time // the latest personal interaction with the user, UTC (zero for robots/newsletters/lists)
	Sent        int       // personal messages user->them
	Received    int       // personal messages them->user
}

// Mailbox is a generated mailbox and its ground truth.
type Mailbox struct {
	User     string    // the user's address, "sam@lumen.example"
	UserName string    // "Sam Rivera"
	Messages []Message // ordered by folder (INBOX, Sent, Archive, Trash, Junk) then InternalDate
	Truth    []Truth   // ordered by Email
	Facts    Facts     // planted facts about people and companies, for model-quality tests
}

// Folders returns the folders of a generated mailbox in Messages order.
func Folders() []string {
	return []string{FolderInbox, FolderSent, FolderArchive, FolderTrash, FolderJunk}
}

// The user of every generated mailbox.
const (
	userName  = "Sam Rivera"
	userEmail = "sam@lumen.example"
)

// Generate builds the mailbox described by opts. It is deterministic: the same
// Seed and Now give byte-identical messages. It never reads the clock.
func Generate(opts Options) *Mailbox {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	}
	if opts.Years <= 0 {
		opts.Years = 2
	}
	g := &gen{
		rng:  rand.New(rand.NewPCG(uint64(opts.Seed), 0x7465_6e64)), // "tend"
		now:  opts.Now.Truncate(time.Second),
		span: opts.Years * 365,
		user: addr{name: userName, email: userEmail},
	}
	g.people = roster()
	g.byEmail = make(map[string]*person, len(g.people))
	for _, p := range g.people {
		g.byEmail[p.email] = p
	}
	g.personal()
	g.noise()
	g.placeFolders()

	mb := &Mailbox{User: userEmail, UserName: userName, Truth: g.truth()}
	mb.Facts = g.facts(mb.Truth)
	order := map[string]int{}
	for i, f := range Folders() {
		order[f] = i
	}
	for _, d := range g.drafts {
		mb.Messages = append(mb.Messages, Message{
			Folder:       d.folder,
			Raw:          d.raw(),
			InternalDate: d.arrival.UTC(),
			Flags:        d.flags,
		})
	}
	slices.SortStableFunc(mb.Messages, func(a, b Message) int {
		if c := cmp.Compare(order[a.Folder], order[b.Folder]); c != 0 {
			return c
		}
		return a.InternalDate.Compare(b.InternalDate)
	})
	return mb
}
