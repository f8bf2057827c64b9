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

	selMessage, insMessage            *sql.Stmt
	insLocation, insInteraction       *sql.Stmt
	selAddress, insPerson, insAddress *sql.Stmt
	updAddress, updPerson             *sql.Stmt

	raw     *rawConn  // the multi-row inserts of batch_save.go
	msgArgs []any     // reused by insertMessages
	shared  []msgArgs // by item of the batch being saved (saveAll)

	addrs  map[string]*address
	people map[int64]*named
}

func newBatchWriter(ctx context.Context, tx *sql.Tx, raw *rawConn) (*batchWriter, error) {
	w := &batchWriter{ctx: ctx, tx: tx, raw: raw, addrs: map[string]*address{}, people: map[int64]*named{}}
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
		prep(&w.selMessage, `SELECT id FROM messages WHERE key = ?`),
		prep(&w.insMessage, `INSERT INTO messages (key, at, date_fallback, class, reason, subject, sender, thread)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`),
		prep(&w.insLocation, `INSERT INTO locations (account, folder, uid, msg_id) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`),
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
}
