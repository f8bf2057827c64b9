package store

// schemaIndexes drops two indexes that every large initial sync had to
// rebuild at its end, on one core, while the rest of the machine waited:
// together 40 % of that rebuild. Their queries now go through indexes kept
// anyway.
//   - interactions_email: an interaction is found by its person first
//     (interactions_history starts with person_id), then by address. This
//     relies on an interaction's person always being its address's person,
//     which IntegrityCheck verifies.
//   - messages_thread: the identity rule "both took part in one thread"
//     reads each address's threads from its interactions (which carry the
//     thread) instead of joining messages by thread.
const schemaIndexes = `
DROP INDEX IF EXISTS messages_thread;
DROP INDEX IF EXISTS interactions_email;
`
