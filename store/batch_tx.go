package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// BatchTx is one write transaction that saves several batches, of any
// folders and accounts, each with its cursor, as SaveBatch would one after
// the other; Commit makes them durable together. A sync's writer keeps one
// open for a second or for many batches: every commit rewrites each index
// page it touched, and message keys, addresses and threads land all over
// their indexes, so a few large transactions write far fewer pages than many
// small ones. Until Commit other writers wait (busy timeout).
//
// A BatchTx is not safe for concurrent use. After Save fails, only Rollback
// remains: the transaction may hold part of that batch.
type BatchTx struct {
	ctx    context.Context
	conn   *sql.Conn // the bulk connection, held until the transaction ends
	tx     *sql.Tx
	raw    *rawConn
	ckpt   *checkpointer
	cache  *writeCache
	w      *batchWriter
	msgs   int
	failed error
}

// BeginBatches starts a write transaction for batches. It runs on the bulk
// connection (see bulkDSN); a second BeginBatches waits for the first
// transaction to end.
func (s *Store) BeginBatches(ctx context.Context) (*BatchTx, error) {
	conn, err := s.bulk.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting a write: %w", err)
	}
	// Without ctx's cancellation: database/sql would roll back from another
	// goroutine when ctx ends, and the raw statements that follow would then
	// commit on their own. Cancellation still fails the next statement (and
	// interrupts a running one), after which only Rollback remains.
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("starting a write: %w", err)
	}
	t := &BatchTx{ctx: ctx, conn: conn, tx: tx, raw: newRawConn(ctx, conn), ckpt: s.ckpt, cache: &s.cache}
	if err := tuneWriter(ctx, tx); err != nil {
		t.Rollback()
		return nil, err
	}
	addrs, people, err := s.cache.take(ctx, tx)
	if err != nil {
		t.Rollback()
		return nil, err
	}
	if t.w, err = newBatchWriter(ctx, tx, t.raw, addrs, people); err != nil {
		t.Rollback()
		return nil, err
	}
	return t, nil
}

// Save adds b and its cursor to the transaction (see SaveBatch for the
// rules and errors).
func (t *BatchTx) Save(b Batch) error {
	if t.failed != nil {
		return fmt.Errorf("saving batch of folder %q of account %q: an earlier batch failed: %w", b.Folder, b.Account, t.failed)
	}
	err := t.save(b)
	if err != nil {
		err = fmt.Errorf("saving batch of folder %q of account %q: %w", b.Folder, b.Account, err)
		if !errors.Is(err, errBadItem) {
			t.failed = err // part of b may be written
		}
	}
	return err
}

func (t *BatchTx) save(b Batch) error {
	for _, it := range b.Items {
		if err := checkItem(it); err != nil {
			return err
		}
	}
	folder, err := upsertFolder(t.ctx, t.tx, b.Account, b.Folder, b.UIDValidity, b.LastUID, b.ModSeq, b.SyncedAt)
	if err != nil {
		return err
	}
	if err := t.w.saveAll(folder, b.Items); err != nil {
		return err
	}
	t.msgs += len(b.Items)
	return nil
}

// Messages returns how many messages the saved batches held.
func (t *BatchTx) Messages() int { return t.msgs }

// Commit writes the names collected and commits every saved batch.
func (t *BatchTx) Commit() error {
	if t.failed != nil {
		t.Rollback()
		return t.failed
	}
	if err := t.ctx.Err(); err != nil {
		t.Rollback()
		return fmt.Errorf("committing: %w", err)
	}
	if err := t.w.flushNames(); err != nil {
		t.Rollback()
		return err
	}
	t.release()
	err := t.tx.Commit()
	if err == nil {
		t.cache.keep(t.w.addrs, t.w.people)
	}
	t.conn.Close()
	if err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	t.ckpt.request()
	return nil
}

// Rollback abandons the saved batches; after Commit it does nothing.
func (t *BatchTx) Rollback() {
	t.release()
	t.tx.Rollback()
	t.conn.Close()
}

// release finalizes the transaction's statements.
func (t *BatchTx) release() {
	if t.w != nil {
		t.w.close()
	}
	t.raw.closeAll()
}
