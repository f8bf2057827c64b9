package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrUIDValidityChanged is returned when a folder is saved or touched with a
// UIDVALIDITY other than the stored one while UIDs are stored under the old
// one: the caller must ResetFolder first.
var ErrUIDValidityChanged = errors.New("folder uidvalidity changed")

// FolderState is the per-folder sync cursor and counters.
type FolderState struct {
	Account, Folder string
	UIDValidity     uint32
	LastUID         uint32    // highest UID stored; 0 = none
	ModSeq          uint64    // highest mod-sequence recorded; 0 without CONDSTORE
	Messages        int64     // messages seen in this folder (rows in its locations)
	LastSync        time.Time // zero if never
}

// FolderStates returns the state of every folder of account, ordered by
// folder name. An account never synced has none.
func (s *Store) FolderStates(ctx context.Context, account string) ([]FolderState, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT f.folder, f.uidvalidity, f.last_uid, f.modseq, f.last_sync,
			(SELECT count(*) FROM locations l WHERE l.id BETWEEN f.id << 32 AND (f.id << 32) | 0xFFFFFFFF)
		FROM folders f WHERE f.account = ? ORDER BY f.folder`, account)
	if err != nil {
		return nil, fmt.Errorf("reading folders of account %q: %w", account, err)
	}
	defer rows.Close()
	var out []FolderState
	for rows.Next() {
		st := FolderState{Account: account}
		var validity, lastUID, modSeq, lastSync int64
		if err := rows.Scan(&st.Folder, &validity, &lastUID, &modSeq, &lastSync, &st.Messages); err != nil {
			return nil, fmt.Errorf("reading folders of account %q: %w", account, err)
		}
		st.UIDValidity, st.LastUID = uint32(validity), uint32(lastUID)
		st.ModSeq, st.LastSync = uint64(modSeq), fromUnix(lastSync)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading folders of account %q: %w", account, err)
	}
	return out, nil
}

// TouchFolder records a sync of a folder that found nothing new: it updates
// LastSync and the mod-sequence, creating the folder's row if missing.
func (s *Store) TouchFolder(ctx context.Context, account, folder string, uidValidity uint32, modSeq uint64, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := upsertFolder(ctx, tx, account, folder, uidValidity, 0, modSeq, at)
		return err
	}, "touching folder %q of account %q", folder, account)
}

// upsertFolder advances a folder's cursor inside tx and returns the
// folder's id. lastUID and modSeq only ever grow; a changed uidValidity is
// refused while UIDs are stored under the old one.
func upsertFolder(ctx context.Context, tx *sql.Tx, account, folder string, uidValidity, lastUID uint32, modSeq uint64, at time.Time) (int64, error) {
	if account == "" || folder == "" {
		return 0, errors.New("empty account or folder name")
	}
	if modSeq > math.MaxInt64 {
		return 0, fmt.Errorf("mod-sequence %d out of range", modSeq)
	}
	var oldValidity, oldLast int64
	err := tx.QueryRowContext(ctx, `SELECT uidvalidity, last_uid FROM folders WHERE account = ? AND folder = ?`,
		account, folder).Scan(&oldValidity, &oldLast)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, err
	case uint32(oldValidity) != uidValidity && oldLast > 0:
		return 0, fmt.Errorf("%w: stored %d, now %d; reset the folder first", ErrUIDValidityChanged, oldValidity, uidValidity)
	case uint32(oldValidity) != uidValidity:
		// Nothing stored under the old validity: start its mod-sequence over.
		if _, err := tx.ExecContext(ctx, `UPDATE folders SET modseq = 0 WHERE account = ? AND folder = ?`, account, folder); err != nil {
			return 0, err
		}
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO folders (account, folder, uidvalidity, last_uid, modseq, last_sync) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, folder) DO UPDATE SET
			uidvalidity = excluded.uidvalidity,
			last_uid = max(last_uid, excluded.last_uid),
			modseq = max(modseq, excluded.modseq),
			last_sync = excluded.last_sync
		RETURNING id`,
		account, folder, int64(uidValidity), int64(lastUID), int64(modSeq), unix(at)).Scan(&id)
	return id, err
}

// ResetFolder forgets every location of the folder (its UIDVALIDITY changed),
// deletes the messages that no longer live anywhere together with their
// interactions, and sets the cursor to (uidValidity, 0), in one transaction.
// People and addresses are kept.
func (s *Store) ResetFolder(ctx context.Context, account, folder string, uidValidity uint32) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := forgetFolder(ctx, tx, account, folder); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO folders (account, folder, uidvalidity, last_uid, modseq, last_sync) VALUES (?, ?, ?, 0, 0, 0)
			ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = 0, modseq = 0`,
			account, folder, int64(uidValidity))
		return err
	}, "resetting folder %q of account %q", folder, account)
}

// DropFolder forgets a folder that no longer exists: like ResetFolder, and
// its state row goes too.
func (s *Store) DropFolder(ctx context.Context, account, folder string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := forgetFolder(ctx, tx, account, folder); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM folders WHERE account = ? AND folder = ?`, account, folder)
		return err
	}, "dropping folder %q of account %q", folder, account)
}

// forgetFolder deletes the folder's locations and the messages (and, by
// cascade, interactions) that lived only there.
func forgetFolder(ctx context.Context, tx *sql.Tx, account, folder string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM folders WHERE account = ? AND folder = ?`, account, folder).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // never saved: no location
	}
	if err != nil {
		return err
	}
	first, last := folderRange(id)
	_, err = tx.ExecContext(ctx, `
		DELETE FROM messages
		WHERE id IN (SELECT msg_id FROM locations WHERE id BETWEEN ?1 AND ?2)
		AND NOT EXISTS (SELECT 1 FROM locations l
			WHERE l.msg_id = messages.id AND l.id NOT BETWEEN ?1 AND ?2)`, first, last)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM locations WHERE id BETWEEN ? AND ?`, first, last)
	return err
}

// inTx runs fn in one immediate transaction, committing if it returns nil.
// Errors are wrapped with the formatted context.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error, format string, args ...any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	return nil
}
