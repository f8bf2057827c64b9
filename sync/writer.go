package sync

import (
	"context"
	"fmt"
	"time"

	"github.com/tend-dev/tend/internal/freelist"
	"github.com/tend-dev/tend/store"
)

// Group commit: the writer keeps one transaction open across batches and
// commits it once it holds a limit of messages or is commitAfter old,
// whichever comes first, and when the input ends. The limit starts at one
// batch and doubles with each commit up to commitMessages: commits are cheap
// while the index is small, and dear once it is large (every commit rewrites
// each index page it touched, and message keys and addresses land all over
// their indexes), so a large initial sync makes few of them. Each batch
// still commits with its cursor, in the same transaction; a crash loses at
// most the open transaction, which the next sync fetches again.
const (
	commitMessages = 32000
	commitAfter    = 2 * time.Second
)

// batchTxStore is the optional Store capability of saving several batches
// in one transaction (store.Store has it). Without it each batch commits on
// its own.
type batchTxStore interface {
	BeginBatches(ctx context.Context) (*store.BatchTx, error)
}

// bulkLoader is the optional Store capability of preparing the index for a
// large initial sync (store.Store has it): see store.BeginBulkLoad.
type bulkLoader interface {
	BeginBulkLoad(ctx context.Context, expected int64) (end func(context.Context) error, err error)
}

// writer is the single goroutine that commits batches, so that fetching the
// next batch overlaps with writing the previous one.
type writer struct {
	st      Store
	account string
	opts    Options
	in      chan batchReq
	done    chan error
	fail    context.CancelCauseFunc // stops the fetchers when a commit fails
	hold    func(store.Batch) store.Batch
	// items keeps the item lists of saved batches for new ones: a new
	// list for every batch was a tenth of what an initial sync allocated.
	items *freelist.Slices[store.Item]
}

// batchReq is a batch of one piece whose messages are all stored once it
// is: every UID of the piece up to upTo. Its cursor is set by the writer,
// which alone knows which pieces are stored.
type batchReq struct {
	store.Batch
	piece *piece
	upTo  uint32
}

// newWriter starts no goroutine (run does). hold may lower a batch's cursor
// further (the evidence log keeps it below unread bounces).
func newWriter(st Store, account string, opts Options, fail context.CancelCauseFunc, hold func(store.Batch) store.Batch) *writer {
	return &writer{st: st, account: account, opts: opts, in: make(chan batchReq, 2), done: make(chan error, 1), fail: fail, hold: hold,
		items: freelist.New[store.Item](4, opts.BatchSize)}
}

// cursor sets r's cursor from its piece's progress, as of r being stored.
func (w *writer) cursor(r batchReq) store.Batch {
	b := r.Batch
	b.LastUID = r.piece.progress.advance(r.piece.index, r.upTo)
	return w.hold(b)
}

// run commits batches until the input closes. Batches already handed over
// are committed even after ctx ends: each is a consistent unit.
func (w *writer) run(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	gs, grouped := w.st.(batchTxStore)
	var (
		err   error
		tx    *store.BatchTx
		first string // folder of the open transaction's first batch
		limit int    // messages that close the open transaction; 0 until the first batch
	)
	timer := time.NewTimer(commitAfter)
	timer.Stop()
	defer timer.Stop()
	commit := func() {
		if tx == nil {
			return
		}
		if cerr := tx.Commit(); cerr != nil && err == nil {
			err = fmt.Errorf("saving folder %q: %w", first, cerr)
			w.fail(err)
		}
		tx = nil
		timer.Stop()
		limit = min(2*limit, commitMessages)
	}
	for {
		var r batchReq
		var ok bool
		if tx != nil {
			select {
			case r, ok = <-w.in:
			case <-timer.C:
				commit()
				continue
			}
		} else {
			r, ok = <-w.in
		}
		if !ok {
			break
		}
		if err != nil {
			continue // drain
		}
		b := w.cursor(r)
		if b.SyncedAt.IsZero() {
			b.SyncedAt = w.opts.Clock()
		}
		if !grouped {
			if serr := w.st.SaveBatch(ctx, b); serr != nil {
				err = fmt.Errorf("saving folder %q: %w", b.Folder, serr)
				w.fail(err)
			}
			w.items.Put(b.Items)
			continue
		}
		if tx == nil {
			if tx, err = gs.BeginBatches(ctx); err != nil {
				err = fmt.Errorf("saving folder %q: %w", b.Folder, err)
				w.fail(err)
				continue
			}
			first = b.Folder
			timer.Reset(commitAfter)
		}
		serr := tx.Save(b)
		w.items.Put(b.Items) // the store keeps none of it
		if serr != nil {
			tx.Rollback()
			tx = nil
			err = fmt.Errorf("saving folder %q: %w", b.Folder, serr)
			w.fail(err)
			continue
		}
		if limit == 0 {
			limit = max(tx.Messages(), 1) // the first commit holds one batch
		}
		if tx.Messages() >= limit {
			commit()
		}
	}
	commit()
	w.done <- err
}

// send queues a batch; it blocks while two batches are already queued.
func (w *writer) send(ctx context.Context, b batchReq) error {
	select {
	case w.in <- b:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// close waits for queued batches to commit and returns the first error.
func (w *writer) close() error {
	close(w.in)
	return <-w.done
}
