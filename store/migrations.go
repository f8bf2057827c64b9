package store

import (
	"context"
	"database/sql"
	"fmt"
)

// step is one migration; most are SQL (sqlStep).
type step func(ctx context.Context, tx *sql.Tx) error

func sqlStep(q string) step {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
}

// migrations returns the ordered schema history: step i brings the schema
// from user_version i to i+1. Append only; never edit a released step.
func migrations() []step {
	return []step{
		// 1: the initial schema.
		sqlStep(`
CREATE TABLE people (
	id      INTEGER PRIMARY KEY,
	name    TEXT    NOT NULL DEFAULT '',
	name_at INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE addresses (
	email     TEXT    PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	name      TEXT    NOT NULL DEFAULT '',
	name_at   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX addresses_person ON addresses(person_id);

CREATE TABLE messages (
	id            INTEGER PRIMARY KEY,
	key           TEXT    NOT NULL UNIQUE,
	at            INTEGER NOT NULL,
	date_fallback INTEGER NOT NULL,
	class         TEXT    NOT NULL,
	reason        TEXT    NOT NULL,
	subject       TEXT    NOT NULL,
	sender        TEXT    NOT NULL,
	thread        TEXT    NOT NULL
) STRICT;
CREATE INDEX messages_thread ON messages(thread);

CREATE TABLE locations (
	account TEXT    NOT NULL,
	folder  TEXT    NOT NULL,
	uid     INTEGER NOT NULL,
	msg_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	PRIMARY KEY (account, folder, uid)
) STRICT, WITHOUT ROWID;
CREATE INDEX locations_msg ON locations(msg_id);

CREATE TABLE interactions (
	id         INTEGER PRIMARY KEY,
	msg_id     INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people(id),
	email      TEXT    NOT NULL REFERENCES addresses(email),
	direction  TEXT    NOT NULL,
	channel    TEXT    NOT NULL,
	at         INTEGER NOT NULL,
	weight     REAL    NOT NULL,
	recipients INTEGER NOT NULL,
	subject    TEXT    NOT NULL, -- the message's, so Histories reads no message rows
	UNIQUE (msg_id, email, direction)
) STRICT;
-- Covers the Histories scan, so it reads no table rows.
CREATE INDEX interactions_person_at ON interactions
	(person_id, at, id, email, direction, channel, weight, subject);
CREATE INDEX interactions_email ON interactions(email);

CREATE TABLE folders (
	account     TEXT    NOT NULL,
	folder      TEXT    NOT NULL,
	uidvalidity INTEGER NOT NULL,
	last_uid    INTEGER NOT NULL,
	modseq      INTEGER NOT NULL,
	last_sync   INTEGER NOT NULL,
	PRIMARY KEY (account, folder)
) STRICT;

CREATE TABLE accounts (
	account    TEXT    PRIMARY KEY,
	last_sync  INTEGER NOT NULL,
	last_ok    INTEGER NOT NULL,
	last_error TEXT    NOT NULL
) STRICT;
`),
		// 2: people, identity links, the user's own data, moves (schema_people.go).
		sqlStep(schemaPeople),
		// 3: keyed sources: Gmail, calendars, cards (schema_sources.go).
		sqlStep(schemaSources),
		// 4: digests sent and picks (schema_digests.go).
		sqlStep(schemaDigests),
		// 5: narrower indexes (schema_indexes.go).
		sqlStep(schemaIndexes),
		// 6: messages found by a hash of their key (schema_keyhash.go).
		migrateKeyHash,
		// 7: no thread trigger on interactions (schema_triggers.go).
		sqlStep(schemaThreadTrigger),
		// 8: locations keyed by one integer (schema_locations.go).
		sqlStep(schemaLocations),
		// 9: locations clustered on their id (schema_locations.go).
		sqlStep(schemaLocationsClustered),
	}
}

// migrate applies every pending migration to the index at path, all in
// one transaction: a new index is created with one commit instead of one
// per step, and a failed upgrade leaves the index as it was. db, the
// index's pool, tells whether any is pending; they run on a connection of
// their own without foreign key enforcement, since a table rebuilt (step
// 6) is dropped, which with it on would delete every row referencing it.
// The foreign keys are checked before the commit instead.
func migrate(ctx context.Context, db *sql.DB, path string) error {
	steps := migrations()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version > len(steps) {
		return fmt.Errorf("%w (schema version %d, this build knows up to %d)", ErrNewerIndex, version, len(steps))
	}
	if version == len(steps) {
		return nil
	}
	mdb, err := sql.Open(driverName, uri(path, "_foreign_keys=off"))
	if err != nil {
		return fmt.Errorf("migrating schema to version %d: %w", len(steps), err)
	}
	defer mdb.Close()
	tx, err := mdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating schema to version %d: %w", len(steps), err)
	}
	defer tx.Rollback()
	// Read again under the write lock: another process may have migrated.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	if version >= len(steps) {
		return nil
	}
	for i := version; i < len(steps); i++ {
		if err := steps[i](ctx, tx); err != nil {
			return fmt.Errorf("migrating schema to version %d: %w", i+1, err)
		}
	}
	var broken int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&broken); err != nil {
		return fmt.Errorf("migrating schema to version %d: %w", len(steps), err)
	} else if broken > 0 {
		return fmt.Errorf("migrating schema to version %d: %d rows would violate foreign keys", len(steps), broken)
	}
	// PRAGMA takes no bound parameters; the version is an int we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(steps))); err != nil {
		return fmt.Errorf("migrating schema to version %d: %w", len(steps), err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrating schema to version %d: %w", len(steps), err)
	}
	return nil
}
