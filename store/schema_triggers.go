package store

// schemaThreadTrigger drops the trigger that copied a message's thread
// into each of its new interactions whose thread was empty. Both ways
// interactions are inserted give the thread themselves (batch_save.go,
// writer.go), so the trigger only cost every insert: evaluating its WHEN
// for each row made an initial sync of 100,000 messages 3 % slower.
// IntegrityCheck verifies that every interaction has its message's thread.
const schemaThreadTrigger = `
DROP TRIGGER IF EXISTS interactions_thread;
`
