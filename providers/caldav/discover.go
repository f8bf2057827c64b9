package caldav

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/internal/dav"
)

// Calendars discovers the account's calendars that hold events and applies
// the selection of Options.Calendars: the URL itself when it is a calendar
// or a calendar home set, else via /.well-known/caldav, the current user's
// principal and its calendar-home-set.
func (s *Source) Calendars(ctx context.Context) ([]model.Collection, error) {
	all, err := s.discover(ctx)
	if err != nil {
		return nil, err
	}
	var found []model.Collection
	for _, c := range all {
		if len(c.SupportedComponentSet) > 0 && !slices.ContainsFunc(c.SupportedComponentSet,
			func(n string) bool { return strings.EqualFold(n, "VEVENT") }) {
			continue // a task list
		}
		found = append(found, model.Collection{ID: c.Path, Name: c.Name})
	}
	return dav.Select(found, s.o.Calendars)
}

func (s *Source) discover(ctx context.Context) ([]caldav.Calendar, error) {
	base := s.dav.Base().EscapedPath()
	if cals, err := s.cd.FindCalendars(ctx, base); err == nil && len(cals) > 0 {
		return cals, nil // a calendar or a calendar home set
	} else if err != nil && isAuth(err) {
		return nil, fmt.Errorf("discovering calendars: %w", dav.ErrUnauthorized)
	}
	start := base
	if base == "/" {
		if p := s.dav.WellKnown(ctx, "caldav"); p != "" {
			start = p
		}
	}
	u, err := s.dav.Resolve(start)
	if err != nil {
		return nil, fmt.Errorf("discovering calendars: %w", err)
	}
	wc, err := webdav.NewClient(s.dav, u.String())
	if err != nil {
		return nil, fmt.Errorf("discovering calendars: %w", err)
	}
	principal, err := wc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		if isAuth(err) {
			return nil, fmt.Errorf("discovering calendars: %w", dav.ErrUnauthorized)
		}
		return nil, fmt.Errorf("finding the current user's principal at %s: %w", start, err)
	}
	home, err := s.cd.FindCalendarHomeSet(ctx, principal)
	if err != nil {
		return nil, fmt.Errorf("finding the calendar home of %s: %w", principal, err)
	}
	cals, err := s.cd.FindCalendars(ctx, home)
	if err != nil {
		return nil, fmt.Errorf("listing calendars in %s: %w", home, err)
	}
	return cals, nil
}

// isAuth reports whether a go-webdav error is an HTTP 401.
func isAuth(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "webdav: unauthenticated"))
}
