// Package carddav reads contacts from a CardDAV server (Fastmail, iCloud,
// Nextcloud, Radicale, ...), read-only: names, every email address of a
// card (one person), organisation, birthdays and anniversaries, and notes
// when asked for. It discovers the address books from the well-known URL,
// the current user's principal and its addressbook-home-set (an address
// book's own URL works too) and syncs each incrementally: RFC 6578
// sync-collection where the server has it, else a listing of etags; only
// changed cards are fetched. Cards are read by providers/vcard.
package carddav

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/emersion/go-webdav/carddav"

	"github.com/tend-dev/tend/providers/internal/dav"
)

// Options configure a Source. Nil fields have defaults.
type Options struct {
	URL      string // the server, a principal, a home set or one address book
	Username string
	Password string // sent only as basic auth to URL's host; never logged
	CAFile   string // PEM certificates to trust (self-signed servers)
	// AddressBooks selects address books by display name or path; empty: all.
	AddressBooks []string
	IncludeNotes bool
	Timeout      time.Duration // per request; 0: 60 s
	Transport    http.RoundTripper
	Logger       *slog.Logger // nil: discard
}

// Source is one CardDAV account. It is safe for concurrent use.
type Source struct {
	o   Options
	dav *dav.Client
	cd  *carddav.Client
}

// New checks opts and returns a Source; it does not connect.
func New(opts Options) (*Source, error) {
	c, err := dav.New(dav.Options{URL: opts.URL, Username: opts.Username, Password: opts.Password,
		CAFile: opts.CAFile, Timeout: opts.Timeout, Transport: opts.Transport})
	if err != nil {
		return nil, fmt.Errorf("carddav: %w", err)
	}
	cd, err := carddav.NewClient(c, c.Base().String())
	if err != nil {
		return nil, fmt.Errorf("carddav: %w", err)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Source{o: opts, dav: c, cd: cd}, nil
}
