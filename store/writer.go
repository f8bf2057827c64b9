package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// batchWriter holds the prepared statements and the name cache of one
// SaveBatch transaction. It is not safe for concurrent use.
type batchWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts []*sql.Stmt

	insMessage                        *sql.Stmt
	insInteraction                    *sql.Stmt
	selAddress, insPerson, insAddress *sql.Stmt
	updAddress, updPerson             *sql.Stmt

	raw     *rawConn             // the multi-row inserts of batch_save.go
	msgArgs []any                // reused by insertMessages
	shared  []msgArgs            // by item of the batch being saved (saveAll)
	lookups map[string]*sql.Stmt // lookupIn's, by query

	addrs  map[string]*address
	people map[int64]*named
}

// newBatchWriter prepares a writer for tx, starting with the addresses and
// people cached (writeCache).
func newBatchWriter(ctx context.Context, tx *sql.Tx, raw *rawConn, addrs map[string]*address, people map[int64]*named) (*batchWriter, error) {
	w := &batchWriter{ctx: ctx, tx: tx, raw: raw, addrs: addrs, people: people}
	prep := func(dst **sql.Stmt, query string) error {
		st, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return fmt.Errorf("preparing statement: %w", err)
		}
		w.stmts = append(w.stmts, st)
		*dst = st
		return nil
	}
	err := errors.Join(
		prep(&w.insMessage, `INSERT INTO messages (key, at, date_fallback, class, reason, subject, sender, thread, key_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING`),
		prep(&w.insInteraction, `INSERT INTO interactions
			(msg_id, person_id, email, direction, channel, at, weight, recipients, subject, thread)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT thread FROM messages WHERE id = ?1))
			ON CONFLICT DO NOTHING`),
		prep(&w.selAddress, `SELECT a.person_id, a.name, a.name_at, p.name, p.name_at
			FROM addresses a JOIN people p ON p.id = a.person_id WHERE a.email = ?`),
		prep(&w.insPerson, `INSERT INTO people DEFAULT VALUES`),
		prep(&w.insAddress, `INSERT INTO addresses (email, person_id) VALUES (?, ?)`),
		prep(&w.updAddress, `UPDATE addresses SET name = ?, name_at = ? WHERE email = ?`),
		prep(&w.updPerson, `UPDATE people SET name = ?, name_at = ? WHERE id = ?`),
	)
	if err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *batchWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
	for _, st := range w.lookups {
		st.Close()
	}
}

// prepared returns query prepared on the writer's transaction, preparing
// it the first time.
func (w *batchWriter) prepared(query string) (*sql.Stmt, error) {
	if st := w.lookups[query]; st != nil {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	if w.lookups == nil {
		w.lookups = map[string]*sql.Stmt{}
	}
	w.lookups[query] = st
	return st, nil
}

// writeCache keeps the batch writer's addresses and people from one batch
// transaction to the next, so that each does not read again every address
// it meets (in an initial sync, most of them in every transaction). It is
// valid only while no other connection has written the index since the
// last commit, which PRAGMA data_version tells: anyone else's change (a
// merge, a rename, another process) drops it. The bulk connection, held by
// one transaction at a time, guards it.
type writeCache struct {
	addrs   map[string]*address
	people  map[int64]*named
	version int64 // data_version as the transaction that kept it began (its own commit leaves it)
	valid   bool
}

// writeCacheMax bounds the addresses kept between transactions.
const writeCacheMax = 100000

// take returns the cached maps when still valid for tx, else empty ones;
// either way the cache is invalid until keep.
func (c *writeCache) take(ctx context.Context, tx *sql.Tx) (map[string]*address, map[int64]*named, error) {
	var version int64
	if err := tx.QueryRowContext(ctx, "PRAGMA data_version").Scan(&version); err != nil {
		return nil, nil, fmt.Errorf("starting a write: %w", err)
	}
	addrs, people := c.addrs, c.people
	if !c.valid || version != c.version {
		addrs, people = map[string]*address{}, map[int64]*named{}
	}
	*c = writeCache{version: version}
	return addrs, people, nil
}

// keep caches what a committed transaction's writer knew; its names are
// written (flushNames), so none is dirty any more.
func (c *writeCache) keep(addrs map[string]*address, people map[int64]*named) {
	if len(addrs) > writeCacheMax {
		return
	}
	for _, a := range addrs {
		a.dirty = false
	}
	for _, p := range people {
		p.dirty = false
	}
	c.addrs, c.people, c.valid = addrs, people, true
}
