package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Account kinds for standards-based calendars and address books.
const (
	KindICS     = "ics"     // an .ics file or an http(s) URL, read whole on each sync
	KindCalDAV  = "caldav"  // calendars on a CalDAV server, synced incrementally
	KindCardDAV = "carddav" // address books on a CardDAV server, synced incrementally
	KindVCard   = "vcard"   // a local .vcf address book, read whole on each sync
)

// Calendar holds the keys of calendar and address-book accounts (kind
// "ics"). It is embedded in Account, so its keys sit beside the other
// account keys; calendars and max_attendees are shared with Google's (google.go).
type Calendar struct {
	// URL is an https (or webcal) address of a published calendar.
	URL string `toml:"url"`
	// Path is a local file.
	Path string `toml:"path"`
	// Horizon is how far ahead upcoming meetings are read (default 60 days,
	// "1440h"); they hold back reminders for people you are about to meet.
	Horizon Duration `toml:"horizon"`
	// AddressBooks selects CardDAV address books by name or path (default all).
	AddressBooks []string `toml:"address_books"`
	// IncludeNotes imports the notes of contact cards (carddav, vcard;
	// default false: they often hold private remarks).
	IncludeNotes bool `toml:"include_notes"`
}

// IsCalendarFile reports whether the account reads a calendar file or URL.
func (a Account) IsCalendarFile() bool { return a.Kind == KindICS }

// IsStandards reports whether the account reads calendars or address books
// over open standards: ics, caldav, carddav or vcard.
func (a Account) IsStandards() bool {
	switch a.Kind {
	case KindICS, KindCalDAV, KindCardDAV, KindVCard:
		return true
	}
	return false
}

// IsContacts reports whether the account reads an address book (carddav,
// vcard) rather than calendars.
func (a Account) IsContacts() bool { return a.Kind == KindCardDAV || a.Kind == KindVCard }

// defaultCalendar fills the defaults of a calendar account.
func defaultCalendar(a *Account) {
	if !a.IsStandards() {
		return
	}
	a.Path = ExpandHome(a.Path)
	if a.Horizon.Duration == 0 {
		a.Horizon.Duration = 60 * 24 * time.Hour
	}
	if a.MaxAttendees == 0 {
		a.MaxAttendees = 25
	}
}

// validateCalendarAccount checks an ics, caldav, carddav or vcard account.
func (c *Config) validateCalendarAccount(i int) error {
	a := &c.Accounts[i]
	defaultCalendar(a)
	bad := func(k, format string, args ...any) error {
		return &Error{File: c.File, Key: fmt.Sprintf("accounts[%d].%s", i, k), Msg: fmt.Sprintf(format, args...)}
	}
	switch a.Kind {
	case KindCalDAV, KindCardDAV:
		return c.validateDAVAccount(i)
	case KindVCard:
		if a.Path == "" {
			return bad("path", "required: the .vcf file to read")
		}
		if a.URL != "" {
			return bad("url", `a vcard account reads a local file; for a server use kind = "carddav"`)
		}
		return nil
	}
	switch {
	case a.URL != "" && a.Path != "":
		return bad("url", "set url or path, not both")
	case a.URL == "" && a.Path == "":
		return bad("path", "required: the .ics file to read (or url = an https address of a published calendar)")
	case a.URL != "":
		u, err := url.Parse(a.URL)
		if err != nil || u.Host == "" {
			return bad("url", "not a URL")
		}
		switch strings.ToLower(u.Scheme) {
		case "https", "webcal":
		case "http":
			if !IsLoopback(u.Hostname()) {
				return bad("url", "must be https (plain http is allowed only for a loopback host)")
			}
		default:
			return bad("url", "must be an https address (got scheme %q)", u.Scheme)
		}
	}
	if a.Horizon.Duration < 0 {
		return bad("horizon", "must be positive")
	}
	if a.MaxAttendees < 1 {
		return bad("max_attendees", "must be at least 1 (got %d)", a.MaxAttendees)
	}
	for j, addr := range a.Addresses {
		if !validAddress(strings.TrimSpace(addr)) {
			return bad(fmt.Sprintf("addresses[%d]", j), "not an email address: %q", addr)
		}
	}
	return nil
}
