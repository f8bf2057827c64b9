package store

// schemaDigests is the migration step for digests and weekly picks: one row
// per digest period with its send state (see digests.go), and the daemon's
// per-task retry state shown by `tend status` (digests_daemon.go).
const schemaDigests = `
CREATE TABLE digests (
	period     TEXT    PRIMARY KEY,   -- "2026-W48" or "2026-11-25"
	state      TEXT    NOT NULL,      -- pending, sending, sent, unknown, skipped
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL,
	sent_at    INTEGER NOT NULL DEFAULT 0,
	pick       TEXT    NOT NULL DEFAULT '' -- address of this period's pick
) STRICT;

CREATE TABLE daemon_tasks (
	name       TEXT    PRIMARY KEY,   -- "sync work", "digest"
	failures   INTEGER NOT NULL,
	next_run   INTEGER NOT NULL,
	last_error TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
`
