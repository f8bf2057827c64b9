package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// ContactSource is one open connection to an address-book account.
type ContactSource interface {
	// AddressBooks lists the address books to sync.
	AddressBooks(ctx context.Context) ([]model.Collection, error)
	// Cards returns what changed in a book since cursor ("" for everything).
	Cards(ctx context.Context, book model.Collection, cursor string) (CardChanges, error)
}

// CardChanges is the model's.
type CardChanges = model.CardChanges

// ContactAccount is one address-book account as the engine sees it.
type ContactAccount struct {
	Name string
	Dial func(ctx context.Context) (ContactSource, error)
}

// ContactSourcePrefix starts the store's source name of an address book.
const ContactSourcePrefix = "book:"

// SyncContacts syncs every address book of one account once, saving each
// book's changes with its cursor in one transaction; the store links each
// card's addresses to one person. The outcome is recorded in the store.
func SyncContacts(ctx context.Context, st SourceStore, acct ContactAccount, opts Options) (Result, error) {
	return recorded(ctx, st, acct.Name, opts, func(opts Options) (Result, error) {
		return syncContacts(ctx, st, acct, opts)
	})
}

func syncContacts(ctx context.Context, st SourceStore, acct ContactAccount, opts Options) (Result, error) {
	var res Result
	log := opts.Logger.With("account", acct.Name)
	src, err := acct.Dial(ctx)
	if err != nil {
		return res, fmt.Errorf("connecting: %w", err)
	}
	if c, ok := src.(interface{ Close() error }); ok {
		defer c.Close()
	}
	books, err := src.AddressBooks(ctx)
	if err != nil {
		return res, fmt.Errorf("listing address books: %w", err)
	}
	if err := dropGone(ctx, st, acct.Name, ContactSourcePrefix, books, opts); err != nil {
		return res, err
	}
	for _, book := range books {
		res.Folders++
		source := ContactSourcePrefix + book.ID
		cursor, _, err := st.SourceCursor(ctx, acct.Name, source)
		if err != nil {
			return res, err
		}
		ch, err := src.Cards(ctx, book, cursor)
		if errors.Is(err, ErrCursorInvalid) && cursor != "" {
			log.Info("sync cursor expired; re-reading address book", "book", book.ID)
			ch, err = src.Cards(ctx, book, "")
			ch.Reset = true
		}
		if err != nil {
			return res, fmt.Errorf("address book %q: %w", book.ID, err)
		}
		res.Fetched += len(ch.Cards)
		b := store.SourceBatch{Account: acct.Name, Source: source, Cursor: ch.Cursor, Reset: ch.Reset,
			Cards: ch.Cards, Deletes: ch.Deleted, SyncedAt: opts.Clock()}
		if err := st.SaveSource(ctx, b); err != nil {
			return res, fmt.Errorf("saving address book %q: %w", book.ID, err)
		}
		log.Debug("address book synced", "book", book.ID, "changed", len(ch.Cards), "deleted", len(ch.Deleted), "reset", ch.Reset)
	}
	return res, nil
}
