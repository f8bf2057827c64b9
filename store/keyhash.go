package store

import (
	"context"
	"database/sql"
	"fmt"
)

// A message is found by its key (its Message-ID, or a source's id) through
// a 63-bit hash of the key, messages.key_hash, which is UNIQUE: the key
// itself is not indexed. Messages arrive in random key order, and keeping
// an index of the keys' text cost an initial sync a tenth of its time (the
// text compares, and four times the pages of an integer index).
//
// Two keys whose hashes are equal (about one pair in 10^9 at 100,000
// messages, or a crafted Message-ID) are both stored: the first holds the
// hash, the second its collision slot, -hash-1 (negative, so never a
// hash). A lookup reads both slots and compares the keys. When a message
// in a hash slot is deleted, a trigger moves the message in its collision
// slot there (migration 6), so a key never has to be looked for elsewhere.
// A third key with the same hash cannot be stored: its batch fails with an
// error that names it.

// keyHash is the slot of key: FNV-1a, 64 bits, less the lowest bit. It is
// a variable so that tests can make keys collide.
var keyHash = func(key string) int64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return int64(h >> 1)
}

// collisionSlot is where the second key of a hash is stored.
func collisionSlot(hash int64) int64 { return -hash - 1 }

// errKeySlots is returned when a third key shares a hash.
func errKeySlots(key string, hash int64) error {
	return fmt.Errorf("message %q: both slots of its key hash %d hold other messages", key, hash)
}

// findKey returns the id of the message stored under key, or 0.
func findKey(ctx context.Context, tx *sql.Tx, key string) (int64, error) {
	h := keyHash(key)
	rows, err := tx.QueryContext(ctx, `SELECT id, key FROM messages WHERE key_hash IN (?, ?)`, h, collisionSlot(h))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return 0, err
		}
		if k == key {
			return id, nil
		}
	}
	return 0, rows.Err()
}

// insertCollider stores a message's row (key, at, date_fallback, class,
// reason, subject, sender, thread: row's first eight values) in the
// collision slot of its key's hash and returns its id. The hash slot must
// hold another key.
func insertCollider(ctx context.Context, tx *sql.Tx, row []any, key string) (int64, error) {
	h := keyHash(key)
	res, err := tx.ExecContext(ctx, `INSERT INTO messages
		(key, at, date_fallback, class, reason, subject, sender, thread, key_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING`, append(row[:8:8], collisionSlot(h))...)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		return 0, errKeySlots(key, h)
	}
	return res.LastInsertId()
}

// checkKeyHashes reports messages whose key_hash is neither slot of their
// key, and keys stored twice (IntegrityCheck).
func checkKeyHashes(ctx context.Context, db *sql.DB) ([]string, error) {
	var problems []string
	rows, err := db.QueryContext(ctx, `SELECT key, key_hash FROM messages`)
	if err != nil {
		return nil, fmt.Errorf("checking message keys: %w", err)
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		var hash int64
		var key string
		if err := rows.Scan(&key, &hash); err != nil {
			return nil, fmt.Errorf("checking message keys: %w", err)
		}
		if h := keyHash(key); hash != h && hash != collisionSlot(h) {
			bad++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("checking message keys: %w", err)
	}
	if bad > 0 {
		problems = append(problems, fmt.Sprintf("%d messages are not in a slot of their key's hash", bad))
	}
	var dup int64
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT key FROM messages GROUP BY key HAVING count(*) > 1)`).Scan(&dup); err != nil {
		return nil, fmt.Errorf("checking message keys: %w", err)
	}
	if dup > 0 {
		problems = append(problems, fmt.Sprintf("%d message keys are stored twice", dup))
	}
	return problems, nil
}
