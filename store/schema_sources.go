package store

// schemaSources is the migration step for keyed sources: sources whose items
// have string ids and whose cursor is text (Gmail message ids and historyId,
// calendar events and sync tokens, address-book cards and sync tokens).
// Their messages and interactions live in the same tables as mail's.
const schemaSources = `
-- One row per (account, source): a calendar, an address book, a mailbox.
CREATE TABLE sources (
	account   TEXT    NOT NULL,
	source    TEXT    NOT NULL,
	cursor    TEXT    NOT NULL,
	last_sync INTEGER NOT NULL,
	PRIMARY KEY (account, source)
) STRICT, WITHOUT ROWID;

-- An item (an event resource, a Gmail message) holds zero or more messages
-- (a recurring event: one per occurrence), like locations do for IMAP.
CREATE TABLE source_items (
	account TEXT    NOT NULL,
	source  TEXT    NOT NULL,
	item    TEXT    NOT NULL,
	msg_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	PRIMARY KEY (account, source, item, msg_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX source_items_msg ON source_items(msg_id);

-- Address-book cards. Their addresses are linked to one person.
CREATE TABLE cards (
	account TEXT    NOT NULL,
	source  TEXT    NOT NULL,
	item    TEXT    NOT NULL,
	name    TEXT    NOT NULL,
	org     TEXT    NOT NULL,
	note    TEXT    NOT NULL,
	updated INTEGER NOT NULL,
	PRIMARY KEY (account, source, item)
) STRICT, WITHOUT ROWID;

CREATE TABLE card_emails (
	account TEXT NOT NULL,
	source  TEXT NOT NULL,
	item    TEXT NOT NULL,
	email   TEXT NOT NULL,
	PRIMARY KEY (account, source, item, email),
	FOREIGN KEY (account, source, item) REFERENCES cards(account, source, item) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX card_emails_email ON card_emails(email);

CREATE TABLE card_moments (
	account TEXT    NOT NULL,
	source  TEXT    NOT NULL,
	item    TEXT    NOT NULL,
	kind    TEXT    NOT NULL,
	month   INTEGER NOT NULL,
	day     INTEGER NOT NULL,
	year    INTEGER NOT NULL,
	PRIMARY KEY (account, source, item, kind),
	FOREIGN KEY (account, source, item) REFERENCES cards(account, source, item) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
`
