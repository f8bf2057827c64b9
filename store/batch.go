package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// Item is one fetched message and what inference made of it.
type Item struct {
	UID uint32
	Msg model.Message
}

// Batch is what one transaction commits: items of one folder and the cursor
// that covers them.
type Batch struct {
	Account, Folder string
	UIDValidity     uint32
	LastUID         uint32 // new cursor: every UID <= LastUID of this folder is stored after commit
	ModSeq          uint64
	SyncedAt        time.Time
	Items           []Item
}

// SaveBatch commits the items of b and the folder cursor in one transaction,
// so re-running a batch neither loses nor duplicates anything:
//   - a location (account, folder, uid) already stored is ignored;
//   - a message is stored once by Key, whatever folders and accounts hold it;
//     the first copy stored decides its class and interactions;
//   - each interaction finds or creates its address (lowercased) and person;
//     a non-empty display name replaces the person's and the address's when it
//     is at least as recent as the name they had;
//   - the cursor moves to (UIDValidity, max(stored, LastUID), max(stored, ModSeq)).
//
// A message without a Key, or an interaction whose weight is not a number, is
// an error and nothing is saved; an interaction without an address is skipped.
// If UIDs are stored under another UIDVALIDITY the error wraps
// ErrUIDValidityChanged.
func (s *Store) SaveBatch(ctx context.Context, b Batch) error {
	t, err := s.BeginBatches(ctx)
	if err != nil {
		return fmt.Errorf("saving batch of folder %q of account %q: %w", b.Folder, b.Account, err)
	}
	defer t.Rollback()
	if err := t.Save(b); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("saving batch of folder %q of account %q: %w", b.Folder, b.Account, err)
	}
	return nil
}

// errBadItem marks an item refused before anything was written.
var errBadItem = errors.New("bad message")

func checkItem(it Item) error {
	if it.Msg.Key == "" {
		return fmt.Errorf("%w: message uid %d has no key", errBadItem, it.UID)
	}
	for _, in := range it.Msg.Interactions {
		if math.IsNaN(in.Weight) || math.IsInf(in.Weight, 0) {
			return fmt.Errorf("%w: message uid %d: interaction with %q has weight %v", errBadItem, it.UID, in.Email, in.Weight)
		}
	}
	return nil
}

// message finds the row of m by key, or stores it and reports it new.
func (w *batchWriter) message(m model.Message) (id int64, isNew bool, err error) {
	// Insert first: on an initial sync nearly every message is new, and one
	// statement per message instead of two is what keeps SQLite off the
	// critical path (see bench/). A key whose hash slot is taken inserts
	// nothing: it is stored already, or the slot holds another key.
	row := []any{m.Key, unix(m.At), m.DateFallback, string(m.Class), m.Reason, m.Subject, strings.ToLower(m.From), m.ThreadKey}
	res, err := w.insMessage.ExecContext(w.ctx, append(row, keyHash(m.Key))...)
	if err != nil {
		return 0, false, fmt.Errorf("storing message: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, false, fmt.Errorf("storing message: %w", err)
	} else if n == 1 {
		if id, err = res.LastInsertId(); err != nil {
			return 0, false, fmt.Errorf("storing message: %w", err)
		}
		return id, true, nil
	}
	if id, err = findKey(w.ctx, w.tx, m.Key); err != nil {
		return 0, false, fmt.Errorf("looking up message: %w", err)
	} else if id != 0 {
		return id, false, nil
	}
	if id, err = insertCollider(w.ctx, w.tx, row, m.Key); err != nil {
		return 0, false, fmt.Errorf("storing message: %w", err)
	}
	return id, true, nil
}

// named is a display name and when it was seen, cached for one batch.
type named struct {
	name  string
	at    int64
	dirty bool
}

// rename applies the name rule: a non-empty name at least as recent as the
// current one (or any name when there is none) wins.
func (n *named) rename(name string, at int64) {
	if n.name != "" && at < n.at {
		return
	}
	if n.name != name || n.at != at {
		n.name, n.at, n.dirty = name, at, true
	}
}

// address is an address row cached for one batch.
type address struct {
	named
	personID int64

	// email and person boxed once for every interaction row that names
	// the address (saveAll), as long as the address stays cached; nil
	// until first used.
	emailArg, personArg any
}

// address finds or creates the address row of email and its person.
func (w *batchWriter) address(email string) (*address, error) {
	if a, ok := w.addrs[email]; ok {
		return a, nil
	}
	a := &address{}
	var p named
	err := w.selAddress.QueryRowContext(w.ctx, email).Scan(&a.personID, &a.name, &a.at, &p.name, &p.at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := w.insPerson.ExecContext(w.ctx)
		if err != nil {
			return nil, fmt.Errorf("creating person for %q: %w", email, err)
		}
		if a.personID, err = res.LastInsertId(); err != nil {
			return nil, fmt.Errorf("creating person for %q: %w", email, err)
		}
		if _, err := w.insAddress.ExecContext(w.ctx, email, a.personID); err != nil {
			return nil, fmt.Errorf("creating address %q: %w", email, err)
		}
	case err != nil:
		return nil, fmt.Errorf("looking up address %q: %w", email, err)
	}
	if _, ok := w.people[a.personID]; !ok {
		w.people[a.personID] = &p
	}
	w.addrs[email] = a
	return a, nil
}

// flushNames writes the names changed during the batch.
func (w *batchWriter) flushNames() error {
	if w.raw != nil {
		return w.flushNamesBulk()
	}
	for email, a := range w.addrs {
		if !a.dirty {
			continue
		}
		if _, err := w.updAddress.ExecContext(w.ctx, a.name, a.at, email); err != nil {
			return fmt.Errorf("renaming address %q: %w", email, err)
		}
	}
	for id, p := range w.people {
		if !p.dirty {
			continue
		}
		if _, err := w.updPerson.ExecContext(w.ctx, p.name, p.at, id); err != nil {
			return fmt.Errorf("renaming person %d: %w", id, err)
		}
	}
	return nil
}

// flushNamesBulk is flushNames for a batch transaction: the names go in
// multi-row UPDATEs, bulkRows at a time. An initial sync renames most of
// its addresses and people in every transaction (each newer message moves
// a name's time), and one statement per name was a tenth of the writer's
// time. Like the inserts, they are UPDATE OR FAIL (no statement journal).
func (w *batchWriter) flushNamesBulk() error {
	addrs := newBulkInsert(w.raw, `UPDATE OR FAIL addresses SET name = v.column2, name_at = v.column3 FROM (`,
		`) AS v WHERE addresses.email = v.column1`, 3)
	people := newBulkInsert(w.raw, `UPDATE OR FAIL people SET name = v.column2, name_at = v.column3 FROM (`,
		`) AS v WHERE people.id = v.column1`, 3)
	var err error
	for email, a := range w.addrs {
		if a.dirty && err == nil {
			err = addrs.add(email, a.name, a.at)
		}
	}
	for id, p := range w.people {
		if p.dirty && err == nil {
			err = people.add(id, p.name, p.at)
		}
	}
	if err == nil {
		err = errors.Join(addrs.flush(), people.flush())
	}
	if err != nil {
		return fmt.Errorf("renaming addresses and people: %w", err)
	}
	return nil
}
