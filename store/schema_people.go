package store

// schemaPeople is the migration step for people, identity links, user data and moves.
const schemaPeople = `SELECT 1;`
