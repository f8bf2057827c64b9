// Package ics reads a calendar from an .ics file or an https URL (a
// published calendar, an export from Google, Outlook or Apple), whole, on
// each sync. Its cursor is a hash of the content plus the expansion horizon,
// so an unchanged file costs one read and changes nothing.
package ics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/tend-dev/tend/internal/icalendar"
	"github.com/tend-dev/tend/model"
)

// DefaultHorizon is how far ahead upcoming meetings are read.
const DefaultHorizon = 60 * 24 * time.Hour

// maxSize bounds what is read from a file or URL.
const maxSize = 64 << 20

// Options configure a Source. Nil fields have defaults.
type Options struct {
	Location   string           // a file path, or an http(s) URL
	Name       string           // display name; default: Location
	Horizon    time.Duration    // default DefaultHorizon
	Floating   *time.Location   // zone of times written without one; nil: UTC
	Clock      func() time.Time // nil: time.Now
	HTTPClient *http.Client     // nil: http.DefaultClient with a 60 s timeout
	Logger     *slog.Logger     // nil: discard
}

// Source is one .ics calendar. It is safe for concurrent use.
type Source struct {
	o  Options
	id string // Location, or for a URL its host and a hash (URLs of private calendars hold secrets)
}

// New returns a Source for opts.
func New(opts Options) *Source {
	id := opts.Location
	if isURL(id) {
		sum := sha256.Sum256([]byte(id))
		host := id
		if u, err := url.Parse(id); err == nil {
			host = u.Host
		}
		id = host + "#" + hex.EncodeToString(sum[:6])
	}
	if opts.Name == "" {
		opts.Name = id
	}
	if opts.Horizon <= 0 {
		opts.Horizon = DefaultHorizon
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Source{o: opts, id: id}
}

// Calendars returns the one calendar of the file.
func (s *Source) Calendars(context.Context) ([]model.Collection, error) {
	return []model.Collection{{ID: s.id, Name: s.o.Name}}, nil
}

// Events reads the whole file. When its content and the horizon day are
// those of cursor it returns no change; otherwise every event, with Reset.
func (s *Source) Events(ctx context.Context, cal model.Collection, cursor string) (model.EventChanges, error) {
	data, err := s.read(ctx)
	if err != nil {
		return model.EventChanges{}, err
	}
	until := s.o.Clock().Add(s.o.Horizon).UTC()
	sum := sha256.Sum256(data)
	next := hex.EncodeToString(sum[:16]) + "@" + until.Format("2006-01-02")
	if next == cursor {
		return model.EventChanges{Cursor: cursor}, nil
	}
	items, err := Parse(bytes.NewReader(data), icalendar.Options{Calendar: cal.ID, Until: until, Floating: s.o.Floating}, s.o.Logger)
	if err != nil {
		return model.EventChanges{}, fmt.Errorf("reading %s: %w", s.id, err)
	}
	return model.EventChanges{Items: items, Cursor: next, Reset: true}, nil
}

// Parse decodes an iCalendar stream (one or more VCALENDARs) into items,
// one per UID. Unreadable events are logged and skipped.
func Parse(r io.Reader, opts icalendar.Options, log *slog.Logger) ([]model.EventItem, error) {
	dec := ical.NewDecoder(r)
	var items []model.EventItem
	for n := 0; ; n++ {
		cal, err := dec.Decode()
		if err == io.EOF {
			if n == 0 {
				return nil, fmt.Errorf("no VCALENDAR found")
			}
			return items, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not an iCalendar file: %w", err)
		}
		series, problems := icalendar.Events(cal, opts)
		for _, p := range problems {
			log.Warn("skipping part of an event", "calendar", opts.Calendar, "err", p)
		}
		for _, s := range series {
			items = append(items, model.EventItem{ID: s.UID, Events: s.Events})
		}
	}
}

func (s *Source) read(ctx context.Context) ([]byte, error) {
	loc := s.o.Location
	if isURL(loc) {
		if strings.HasPrefix(loc, "webcal://") {
			loc = "https://" + strings.TrimPrefix(loc, "webcal://")
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
		if err != nil {
			return nil, fmt.Errorf("fetching calendar %s: bad URL", s.id)
		}
		resp, err := s.o.HTTPClient.Do(req)
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text holds the URL, which may hold a secret token
		}
		if err != nil {
			return nil, fmt.Errorf("fetching calendar %s: %w", s.id, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("fetching calendar %s: %s", s.id, resp.Status)
		}
		return readLimited(resp.Body)
	}
	f, err := os.Open(loc)
	if err != nil {
		return nil, fmt.Errorf("reading calendar: %w", err)
	}
	defer f.Close()
	return readLimited(f)
}

func isURL(s string) bool {
	for _, p := range []string{"https://", "http://", "webcal://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading calendar: %w", err)
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("reading calendar: larger than %d MB", maxSize>>20)
	}
	return data, nil
}
