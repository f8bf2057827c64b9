package store

// schemaDigests is the migration step for digests and weekly picks.
const schemaDigests = `SELECT 1;`
