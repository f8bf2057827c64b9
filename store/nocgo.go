//go:build !cgo

package store

import "github.com/mattn/go-sqlite3"

// Without cgo there is no SQLite (go-sqlite3 is a stub that fails to open
// anything); these keep the package building.

func capLog(*sqlite3.SQLiteConn) error { return nil }

func trimHeap() {}
