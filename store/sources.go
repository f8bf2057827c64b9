package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tend-dev/tend/model"
)

// SourceItem is one item of a keyed source and the messages it holds: a
// Gmail message (one message), a calendar event resource (one message per
// occurrence; a recurring event has many), or nothing at all.
type SourceItem struct {
	ID   string
	Msgs []model.Message
}

// SourceBatch is what one transaction commits for one source of an account
// (a calendar, an address book, a Gmail mailbox): changed items, deleted
// items and the cursor that covers them.
type SourceBatch struct {
	Account, Source string
	Cursor          string // the provider's cursor after this batch (sync token, historyId, content hash)
	// Reset forgets every item and card of the source first (the provider
	// said the cursor is no longer valid, or the source is re-read whole).
	Reset    bool
	Upserts  []SourceItem // items new or changed; an item's messages replace what it held
	Cards    []model.Card // cards new or changed (by Card.ID)
	Deletes  []string     // ids of items or cards gone from the source
	SyncedAt time.Time
}

// SourceState is one source's cursor and counts, as `tend status` shows them.
type SourceState struct {
	Account, Source string
	Cursor          string
	Items           int64 // items stored (events, messages)
	Messages        int64 // messages those items hold (e.g. occurrences)
	Cards           int64
	LastSync        time.Time // zero if never
}

// SaveSource commits b in one transaction, so re-running a batch neither
// loses nor duplicates anything:
//   - with Reset, every item and card of the source is forgotten first;
//   - an upserted item's messages replace the ones it held: each message is
//     found by Key (or stored), its date, class and subject are updated, and
//     its interactions are replaced — an edited event counts as edited;
//   - a message no longer held by any item of any source nor by any mail
//     folder is deleted with its interactions (people and addresses stay);
//   - a card's addresses are linked to one person (see LinkAddresses), and
//     its name, organisation, note and moments are stored;
//   - the source's cursor becomes b.Cursor.
//
// A message without a Key, an item without an id, or an interaction whose
// weight is not a number is an error and nothing is saved.
func (s *Store) SaveSource(ctx context.Context, b SourceBatch) error {
	if err := checkSourceBatch(b); err != nil {
		return fmt.Errorf("saving source %q of account %q: %w", b.Source, b.Account, err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := newSourceWriter(ctx, tx, b.Account, b.Source, b.SyncedAt)
		if err != nil {
			return err
		}
		defer w.close()
		if b.Reset {
			if err := w.forgetAll(); err != nil {
				return err
			}
		}
		for _, id := range b.Deletes {
			if err := w.deleteItem(id); err != nil {
				return fmt.Errorf("deleting item %q: %w", id, err)
			}
		}
		for _, it := range b.Upserts {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := w.upsertItem(it); err != nil {
				return fmt.Errorf("item %q: %w", it.ID, err)
			}
		}
		for _, c := range b.Cards {
			if err := w.upsertCard(c); err != nil {
				return fmt.Errorf("card %q: %w", c.ID, err)
			}
		}
		if err := w.bw.flushNames(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO sources (account, source, cursor, last_sync) VALUES (?, ?, ?, ?)
			ON CONFLICT (account, source) DO UPDATE SET cursor = excluded.cursor, last_sync = excluded.last_sync`,
			b.Account, b.Source, b.Cursor, unix(b.SyncedAt))
		return err
	}, "saving source %q of account %q", b.Source, b.Account)
}

func checkSourceBatch(b SourceBatch) error {
	if b.Account == "" || b.Source == "" {
		return errors.New("empty account or source name")
	}
	for _, it := range b.Upserts {
		if it.ID == "" {
			return errors.New("item without an id")
		}
		for _, m := range it.Msgs {
			if err := checkItem(Item{Msg: m}); err != nil {
				return fmt.Errorf("item %q: %w", it.ID, err)
			}
		}
	}
	for _, c := range b.Cards {
		if c.ID == "" {
			return errors.New("card without an id")
		}
	}
	return nil
}

// SourceCursor returns the cursor of a source and when it was last synced;
// "" and the zero time for a source never synced.
func (s *Store) SourceCursor(ctx context.Context, account, source string) (cursor string, synced time.Time, err error) {
	var at int64
	err = s.db.QueryRowContext(ctx, `SELECT cursor, last_sync FROM sources WHERE account = ? AND source = ?`,
		account, source).Scan(&cursor, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("reading cursor of source %q of account %q: %w", source, account, err)
	}
	return cursor, fromUnix(at), nil
}

// SourceStates returns every source of account, ordered by name.
func (s *Store) SourceStates(ctx context.Context, account string) ([]SourceState, error) {
	var out []SourceState
	err := s.scan(ctx, `
		SELECT s.source, s.cursor, s.last_sync,
			(SELECT count(DISTINCT item) FROM source_items i WHERE i.account = s.account AND i.source = s.source),
			(SELECT count(*) FROM source_items i WHERE i.account = s.account AND i.source = s.source),
			(SELECT count(*) FROM cards c WHERE c.account = s.account AND c.source = s.source)
		FROM sources s WHERE s.account = ? ORDER BY s.source`, func(sc func(...any) error) error {
		st := SourceState{Account: account}
		var at int64
		if err := sc(&st.Source, &st.Cursor, &at, &st.Items, &st.Messages, &st.Cards); err != nil {
			return err
		}
		st.LastSync = fromUnix(at)
		out = append(out, st)
		return nil
	}, account)
	if err != nil {
		return nil, fmt.Errorf("reading sources of account %q: %w", account, err)
	}
	return out, nil
}

// DropSource forgets a source that no longer exists (a deleted calendar):
// its items, the messages only it held, its cards and its cursor.
func (s *Store) DropSource(ctx context.Context, account, source string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := newSourceWriter(ctx, tx, account, source, time.Time{})
		if err != nil {
			return err
		}
		defer w.close()
		if err := w.forgetAll(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sources WHERE account = ? AND source = ?`, account, source)
		return err
	}, "dropping source %q of account %q", source, account)
}
