package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
)

// sourceWriter holds one SaveSource transaction's statements. It reuses the
// mail batch writer for messages, addresses, people and names.
type sourceWriter struct {
	ctx             context.Context
	tx              *sql.Tx
	account, source string
	syncedAt        int64
	bw              *batchWriter
}

func newSourceWriter(ctx context.Context, tx *sql.Tx, account, source string, syncedAt time.Time) (*sourceWriter, error) {
	bw, err := newBatchWriter(ctx, tx, nil, map[string]*address{}, map[int64]*named{})
	if err != nil {
		return nil, err
	}
	return &sourceWriter{ctx: ctx, tx: tx, account: account, source: source, syncedAt: unix(syncedAt), bw: bw}, nil
}

func (w *sourceWriter) close() { w.bw.close() }

func (w *sourceWriter) exec(query string, args ...any) error {
	_, err := w.tx.ExecContext(w.ctx, query, args...)
	return err
}

// itemMsgs returns the messages an item holds (all items when id is "").
func (w *sourceWriter) itemMsgs(id string) ([]int64, error) {
	q := `SELECT msg_id FROM source_items WHERE account = ? AND source = ? AND item = ?`
	args := []any{w.account, w.source, id}
	if id == "" {
		q, args = `SELECT msg_id FROM source_items WHERE account = ? AND source = ?`, args[:2]
	}
	rows, err := w.tx.QueryContext(w.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// dropOrphans deletes those of ids that no folder and no source item holds
// any more; interactions go by cascade.
func (w *sourceWriter) dropOrphans(ids []int64) error {
	for _, id := range ids {
		err := w.exec(`DELETE FROM messages WHERE id = ?1
			AND NOT EXISTS (SELECT 1 FROM locations WHERE msg_id = ?1)
			AND NOT EXISTS (SELECT 1 FROM source_items WHERE msg_id = ?1)`, id)
		if err != nil {
			return fmt.Errorf("deleting message: %w", err)
		}
	}
	return nil
}

// forgetAll forgets every item and card of the source.
func (w *sourceWriter) forgetAll() error {
	ids, err := w.itemMsgs("")
	if err != nil {
		return err
	}
	if err := w.exec(`DELETE FROM source_items WHERE account = ? AND source = ?`, w.account, w.source); err != nil {
		return err
	}
	if err := w.dropOrphans(ids); err != nil {
		return err
	}
	return w.exec(`DELETE FROM cards WHERE account = ? AND source = ?`, w.account, w.source)
}

// deleteItem forgets one item or card.
func (w *sourceWriter) deleteItem(id string) error {
	ids, err := w.itemMsgs(id)
	if err != nil {
		return err
	}
	if err := w.exec(`DELETE FROM source_items WHERE account = ? AND source = ? AND item = ?`, w.account, w.source, id); err != nil {
		return err
	}
	if err := w.dropOrphans(ids); err != nil {
		return err
	}
	return w.exec(`DELETE FROM cards WHERE account = ? AND source = ? AND item = ?`, w.account, w.source, id)
}

// upsertItem replaces what an item holds with it.Msgs.
func (w *sourceWriter) upsertItem(it SourceItem) error {
	old, err := w.itemMsgs(it.ID)
	if err != nil {
		return err
	}
	if err := w.exec(`DELETE FROM source_items WHERE account = ? AND source = ? AND item = ?`, w.account, w.source, it.ID); err != nil {
		return err
	}
	for _, m := range it.Msgs {
		id, err := w.replaceMessage(m)
		if err != nil {
			return err
		}
		if err := w.exec(`INSERT INTO source_items (account, source, item, msg_id) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, w.account, w.source, it.ID, id); err != nil {
			return fmt.Errorf("storing item: %w", err)
		}
	}
	return w.dropOrphans(old)
}

// replaceMessage stores m by key, or updates the stored one and replaces its
// interactions.
func (w *sourceWriter) replaceMessage(m model.Message) (int64, error) {
	id, isNew, err := w.bw.message(m)
	if err != nil {
		return 0, err
	}
	if !isNew {
		if err := w.exec(`UPDATE messages SET at = ?, date_fallback = ?, class = ?, reason = ?, subject = ?,
			sender = ?, thread = ? WHERE id = ?`, unix(m.At), m.DateFallback, string(m.Class), m.Reason,
			m.Subject, strings.ToLower(m.From), m.ThreadKey, id); err != nil {
			return 0, fmt.Errorf("updating message: %w", err)
		}
		if err := w.exec(`DELETE FROM interactions WHERE msg_id = ?`, id); err != nil {
			return 0, fmt.Errorf("replacing interactions: %w", err)
		}
	}
	for _, in := range m.Interactions {
		email := strings.ToLower(strings.TrimSpace(in.Email))
		if email == "" {
			continue
		}
		a, err := w.bw.address(email)
		if err != nil {
			return 0, err
		}
		at := unix(in.At)
		if in.Name != "" {
			// A future meeting's name is as recent as the sync, not newer.
			nameAt := at
			if w.syncedAt != 0 && nameAt > w.syncedAt {
				nameAt = w.syncedAt
			}
			a.rename(in.Name, nameAt)
			w.bw.people[a.personID].rename(in.Name, nameAt)
		}
		if _, err := w.bw.insInteraction.ExecContext(w.ctx, id, a.personID, email, string(in.Direction),
			string(in.Channel), at, in.Weight, int64(in.Recipients), m.Subject); err != nil {
			return 0, fmt.Errorf("storing interaction with %q: %w", email, err)
		}
	}
	return id, nil
}
