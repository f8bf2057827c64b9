package carddav

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/internal/dav"
)

// AddressBooks discovers the account's address books and applies the
// selection of Options.AddressBooks: the URL itself when it is an address
// book or a home set, else via /.well-known/carddav, the current user's
// principal and its addressbook-home-set.
func (s *Source) AddressBooks(ctx context.Context) ([]model.Collection, error) {
	books, err := s.discover(ctx)
	if err != nil {
		return nil, err
	}
	var found []model.Collection
	for _, b := range books {
		found = append(found, model.Collection{ID: b.Path, Name: b.Name})
	}
	return dav.Select(found, s.o.AddressBooks)
}

func (s *Source) discover(ctx context.Context) ([]carddav.AddressBook, error) {
	base := s.dav.Base().EscapedPath()
	if books, err := s.cd.FindAddressBooks(ctx, base); err == nil && len(books) > 0 {
		return books, nil
	} else if isAuth(err) {
		return nil, fmt.Errorf("discovering address books: %w", dav.ErrUnauthorized)
	}
	start := base
	if base == "/" {
		if p := s.dav.WellKnown(ctx, "carddav"); p != "" {
			start = p
		}
	}
	u, err := s.dav.Resolve(start)
	if err != nil {
		return nil, fmt.Errorf("discovering address books: %w", err)
	}
	wc, err := webdav.NewClient(s.dav, u.String())
	if err != nil {
		return nil, fmt.Errorf("discovering address books: %w", err)
	}
	principal, err := wc.FindCurrentUserPrincipal(ctx)
	if err != nil {
		if isAuth(err) {
			return nil, fmt.Errorf("discovering address books: %w", dav.ErrUnauthorized)
		}
		return nil, fmt.Errorf("finding the current user's principal at %s: %w", start, err)
	}
	home, err := s.cd.FindAddressBookHomeSet(ctx, principal)
	if err != nil {
		return nil, fmt.Errorf("finding the address book home of %s: %w", principal, err)
	}
	books, err := s.cd.FindAddressBooks(ctx, home)
	if err != nil {
		return nil, fmt.Errorf("listing address books in %s: %w", home, err)
	}
	return books, nil
}

// isAuth reports whether a go-webdav error is an HTTP 401.
func isAuth(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "webdav: unauthenticated"))
}
