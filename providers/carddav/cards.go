package carddav

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/internal/dav"
	"github.com/tend-dev/tend/providers/vcard"
)

// cursor is what an address book's sync left behind, stored as JSON.
type cursor struct {
	Token string            `json:"t,omitempty"` // sync-collection token
	ETags map[string]string `json:"e,omitempty"` // etag mode: every card's etag
	Notes bool              `json:"n,omitempty"` // notes were read
}

// Cards returns what changed in book since cur ("" for everything, with
// Reset). An expired sync token is model.ErrCursorInvalid, and so is a
// change of include_notes (the book is read again).
func (s *Source) Cards(ctx context.Context, book model.Collection, cur string) (model.CardChanges, error) {
	var prev cursor
	if cur != "" {
		if err := json.Unmarshal([]byte(cur), &prev); err != nil || prev.Notes != s.o.IncludeNotes {
			return model.CardChanges{}, fmt.Errorf("%w: carddav cursor unreadable or include_notes changed", model.ErrCursorInvalid)
		}
	}
	next := cursor{Notes: s.o.IncludeNotes}
	out := model.CardChanges{Reset: cur == ""}
	var fetch []string
	if cur == "" || prev.Token != "" {
		ch, err := s.dav.SyncCollection(ctx, book.ID, prev.Token)
		switch {
		case errors.Is(err, dav.ErrNoSyncCollection) && cur == "":
			s.o.Logger.Debug("no sync-collection; listing etags", "book", book.ID)
		case err != nil:
			return model.CardChanges{}, err
		default:
			next.Token = ch.Token
			fetch = slices.Sorted(maps.Keys(ch.Updated))
			out.Deleted = ch.Deleted
			return s.fetch(ctx, book, next, fetch, out)
		}
	}
	tags, err := s.dav.ETags(ctx, book.ID)
	if err != nil {
		return model.CardChanges{}, err
	}
	for h, tag := range tags {
		if old, ok := prev.ETags[h]; !ok || old != tag || tag == "" {
			fetch = append(fetch, h)
		}
	}
	for h := range prev.ETags {
		if _, ok := tags[h]; !ok {
			out.Deleted = append(out.Deleted, h)
		}
	}
	slices.Sort(fetch)
	slices.Sort(out.Deleted)
	next.ETags = tags
	return s.fetch(ctx, book, next, fetch, out)
}

// fetch reads the cards in hrefs. A card that cannot be read or has no
// address is logged and dropped (deleting what it held before).
func (s *Source) fetch(ctx context.Context, book model.Collection, next cursor, hrefs []string, out model.CardChanges) (model.CardChanges, error) {
	got, missing, err := s.dav.MultiGet(ctx, dav.AddressData, book.ID, hrefs)
	if err != nil {
		return model.CardChanges{}, err
	}
	for _, h := range missing {
		out.Deleted = append(out.Deleted, h)
		delete(next.ETags, h)
	}
	for _, r := range got {
		cards, skipped := vcard.Parse(strings.NewReader(r.Data), s.o.IncludeNotes)
		for _, err := range skipped {
			if !errors.Is(err, vcard.ErrNoEmail) {
				s.o.Logger.Warn("skipping unreadable card", "book", book.ID, "href", r.Href, "err", err)
			}
		}
		if len(cards) == 0 {
			out.Deleted = append(out.Deleted, r.Href)
			continue
		}
		card := cards[0]
		card.ID = r.Href
		out.Cards = append(out.Cards, card)
	}
	b, _ := json.Marshal(next)
	out.Cursor = string(b)
	return out, nil
}
