package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrateKeyHash rebuilds messages without the UNIQUE index of its keys'
// text, with the UNIQUE hash slot instead (keyhash.go). The triggers on
// messages go with the old table and are made again, with the one that
// keeps a key in its hash slot when the slot's message is deleted.
func migrateKeyHash(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `
DROP TRIGGER IF EXISTS interactions_thread;
DROP TRIGGER IF EXISTS messages_thread;
CREATE TABLE messages_v6 (
	id            INTEGER PRIMARY KEY,
	key           TEXT    NOT NULL,
	at            INTEGER NOT NULL,
	date_fallback INTEGER NOT NULL,
	class         TEXT    NOT NULL,
	reason        TEXT    NOT NULL,
	subject       TEXT    NOT NULL,
	sender        TEXT    NOT NULL,
	thread        TEXT    NOT NULL,
	key_hash      INTEGER NOT NULL UNIQUE -- keyhash.go
) STRICT;`); err != nil {
		return err
	}
	if err := copyMessagesHashed(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
DROP TABLE messages;
ALTER TABLE messages_v6 RENAME TO messages;
CREATE TRIGGER interactions_thread AFTER INSERT ON interactions WHEN NEW.thread = '' BEGIN
	UPDATE interactions SET thread = (SELECT m.thread FROM messages m WHERE m.id = NEW.msg_id) WHERE id = NEW.id;
END;
CREATE TRIGGER messages_thread AFTER UPDATE OF thread ON messages BEGIN
	UPDATE interactions SET thread = NEW.thread WHERE msg_id = NEW.id;
END;
CREATE TRIGGER messages_key_slot AFTER DELETE ON messages WHEN OLD.key_hash >= 0 BEGIN
	UPDATE messages SET key_hash = OLD.key_hash WHERE key_hash = -OLD.key_hash - 1;
END;`)
	return err
}

// copyMessagesHashed copies every message into messages_v6 with its key's
// hash slot, in id order, so that of two keys sharing a hash the older
// holds it.
func copyMessagesHashed(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, key, at, date_fallback, class, reason, subject, sender, thread
		FROM messages ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO messages_v6
		(id, key, at, date_fallback, class, reason, subject, sender, thread, key_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for rows.Next() {
		var id, at, fallback int64
		var key, class, reason, subject, sender, thread string
		if err := rows.Scan(&id, &key, &at, &fallback, &class, &reason, &subject, &sender, &thread); err != nil {
			return err
		}
		h := keyHash(key)
		stored := false
		for _, slot := range []int64{h, collisionSlot(h)} {
			res, err := ins.ExecContext(ctx, id, key, at, fallback, class, reason, subject, sender, thread, slot)
			if err != nil {
				return fmt.Errorf("copying message %d: %w", id, err)
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				stored = true
				break
			}
		}
		if !stored {
			return errKeySlots(key, h)
		}
	}
	return rows.Err()
}
