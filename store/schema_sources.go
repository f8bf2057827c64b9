package store

// schemaSources is the migration step for keyed sources (string ids and text cursors).
const schemaSources = `SELECT 1;`
