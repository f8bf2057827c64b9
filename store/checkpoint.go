package store

import (
	"context"
	"database/sql"
	"sync"
)

// checkpointer copies committed pages from the write-ahead log into the
// database file in the background, after each batch commit and index
// rebuild, while the sync goes on fetching. Without it, the writer copied
// them itself once the log passed 1,000 pages, and whatever was left (all of
// a 10,000-message sync) was copied when the index closed: 20-30 ms that a
// `tend sync` spent after its last write. The batch connection does not
// checkpoint on its own (tuneWriter); the other connections keep SQLite's
// automatic checkpoints, and closing the index copies what is left.
//
// A PASSIVE checkpoint waits for no one: it copies what the writer has
// committed, while the writer appends. SQLite starts the log over from its
// beginning only for a transaction that began after a checkpoint copied
// everything (walRestartLog needs read lock 0). During an initial sync the
// writer begins its next transaction as soon as it commits, so the log
// grows to about the sync's size (55 MB for 100,000 messages) and closing
// the index deletes it. Waiting for the checkpoint before each transaction
// would keep the log small but cost more wall time than it saves
// (bench/PERFORMANCE.md).
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	done chan struct{}

	mu     sync.Mutex
	closed bool
}

func newCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	for range c.kick {
		// An error (a busy lock, a full disk) leaves the pages in the log,
		// for the next checkpoint or the close: nothing is lost.
		var busy, frames, copied int64
		_ = c.db.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
	}
}

// request asks for a checkpoint soon; requests made while one is pending
// are one.
func (c *checkpointer) request() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// stop waits for a running checkpoint to end; later requests do nothing.
func (c *checkpointer) stop() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.kick)
	}
	c.mu.Unlock()
	<-c.done
}
