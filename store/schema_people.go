package store

// schemaPeople is the migration step for people: identity rules, the user's
// own data, the user's own addresses and moves. Everything the user said is
// keyed by address (never by person id), so it survives merges, splits and a
// rebuilt index.
const schemaPeople = `
-- tend merge / tend split: a pair of addresses that are (or are not) one
-- person. a < b. Automatic merging always obeys these.
CREATE TABLE identity_rules (
	a    TEXT    NOT NULL,
	b    TEXT    NOT NULL,
	rule TEXT    NOT NULL CHECK (rule IN ('same', 'different')),
	at   INTEGER NOT NULL,
	PRIMARY KEY (a, b)
) STRICT, WITHOUT ROWID;

-- The user's data about a person, one row per address and field; a person's
-- value is the most recent among their addresses.
CREATE TABLE user_data (
	email TEXT    NOT NULL,
	field TEXT    NOT NULL CHECK (field IN ('tier', 'note', 'snooze', 'ignore')),
	value TEXT    NOT NULL,
	at    INTEGER NOT NULL,
	PRIMARY KEY (email, field)
) STRICT, WITHOUT ROWID;

-- tend ignore DOMAIN: the domain and its subdomains.
CREATE TABLE ignored_domains (
	domain TEXT    PRIMARY KEY,
	at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Addresses of the user found in the index (refreshed by ResolveIdentities);
-- they are never contacts.
CREATE TABLE own_addresses (
	email TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Evidence that a person moved; attached to whoever owns from_email.
CREATE TABLE moves (
	id           INTEGER PRIMARY KEY,
	kind         TEXT    NOT NULL,
	from_email   TEXT    NOT NULL,
	to_email     TEXT    NOT NULL,
	from_company TEXT    NOT NULL,
	to_company   TEXT    NOT NULL,
	at           INTEGER NOT NULL,
	evidence     TEXT    NOT NULL,
	UNIQUE (kind, from_email, to_email, at)
) STRICT;
CREATE INDEX moves_from ON moves(from_email);

-- Histories also reads recipients and the thread. The thread is copied from
-- the message (by trigger, whoever inserts), so the Histories scan stays on
-- one covering index instead of a random lookup per touch.
ALTER TABLE interactions ADD COLUMN thread TEXT NOT NULL DEFAULT '';
UPDATE interactions SET thread = (SELECT m.thread FROM messages m WHERE m.id = interactions.msg_id);
CREATE TRIGGER interactions_thread AFTER INSERT ON interactions WHEN NEW.thread = '' BEGIN
	UPDATE interactions SET thread = (SELECT m.thread FROM messages m WHERE m.id = NEW.msg_id) WHERE id = NEW.id;
END;
CREATE TRIGGER messages_thread AFTER UPDATE OF thread ON messages BEGIN
	UPDATE interactions SET thread = NEW.thread WHERE msg_id = NEW.id;
END;
DROP INDEX IF EXISTS interactions_person_at;
CREATE INDEX interactions_history ON interactions
	(person_id, at, id, email, direction, channel, weight, recipients, subject, thread);
`
