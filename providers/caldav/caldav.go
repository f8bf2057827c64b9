// Package caldav reads meetings from a CalDAV server (Fastmail, iCloud,
// Nextcloud, Radicale, ...), read-only. It discovers the calendars from the
// well-known URL, the current user's principal and its calendar home set (a
// calendar's own URL works too), and syncs each incrementally: RFC 6578
// sync-collection where the server has it, else a listing of etags, and in
// both cases fetches only the resources that changed. Recurring events are
// expanded by internal/icalendar up to now plus a horizon; when the horizon
// moves by a day, resources with occurrences beyond it are read again, so a
// weekly meeting keeps producing occurrences with no change on the server.
package caldav

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/emersion/go-webdav/caldav"

	"github.com/tend-dev/tend/providers/internal/dav"
)

// DefaultHorizon is how far ahead upcoming meetings are read.
const DefaultHorizon = 60 * 24 * time.Hour

// Options configure a Source. Nil fields have defaults.
type Options struct {
	URL      string // the server, a principal, a calendar home set or one calendar
	Username string
	Password string // sent only as basic auth to URL's host; never logged
	CAFile   string // PEM certificates to trust (self-signed servers)
	// Calendars selects calendars by display name or path; empty: all that
	// hold events.
	Calendars []string
	Horizon   time.Duration    // default DefaultHorizon
	Floating  *time.Location   // zone of times written without one; nil: UTC
	Clock     func() time.Time // nil: time.Now
	Timeout   time.Duration    // per request; 0: 60 s
	Transport http.RoundTripper
	Logger    *slog.Logger // nil: discard
}

// Source is one CalDAV account. It is safe for concurrent use.
type Source struct {
	o   Options
	dav *dav.Client
	cd  *caldav.Client
}

// New checks opts and returns a Source; it does not connect.
func New(opts Options) (*Source, error) {
	c, err := dav.New(dav.Options{URL: opts.URL, Username: opts.Username, Password: opts.Password,
		CAFile: opts.CAFile, Timeout: opts.Timeout, Transport: opts.Transport})
	if err != nil {
		return nil, fmt.Errorf("caldav: %w", err)
	}
	cd, err := caldav.NewClient(c, c.Base().String())
	if err != nil {
		return nil, fmt.Errorf("caldav: %w", err)
	}
	if opts.Horizon <= 0 {
		opts.Horizon = DefaultHorizon
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Source{o: opts, dav: c, cd: cd}, nil
}
