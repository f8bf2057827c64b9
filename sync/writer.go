package sync

import (
	"context"
	"fmt"

	"github.com/tend-dev/tend/store"
)

// writer is the single goroutine that commits batches, so that fetching the
// next batch overlaps with writing the previous one.
type writer struct {
	st      Store
	account string
	opts    Options
	in      chan batchReq
	done    chan error
	fail    context.CancelCauseFunc // stops the fetchers when a commit fails
}

type batchReq = store.Batch

func newWriter(st Store, account string, opts Options, fail context.CancelCauseFunc) *writer {
	return &writer{st: st, account: account, opts: opts, in: make(chan batchReq, 2), done: make(chan error, 1), fail: fail}
}

// run commits batches until the input closes. Batches already handed over
// are committed even after ctx ends: each is a consistent unit.
func (w *writer) run(ctx context.Context) {
	var err error
	for b := range w.in {
		if err != nil {
			continue // drain
		}
		if b.SyncedAt.IsZero() {
			b.SyncedAt = w.opts.Clock()
		}
		if serr := w.st.SaveBatch(context.WithoutCancel(ctx), b); serr != nil {
			err = fmt.Errorf("saving folder %q: %w", b.Folder, serr)
			w.fail(err)
		}
	}
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
