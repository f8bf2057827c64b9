//go:build cgo

package store

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void tend_trim_heap(void) { malloc_trim(0); }
#else
static void tend_trim_heap(void) {}
#endif
*/
import "C"

import (
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// capLog caps a new connection's write-ahead log at walLimitBytes (db.go).
func capLog(c *sqlite3.SQLiteConn) error {
	// A constant of ours; PRAGMA takes no parameters.
	_, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", walLimitBytes), nil)
	return err
}

// trimHeap returns the C heap's free memory to the operating system where
// the C library has a call for it (glibc's malloc_trim). SQLite's 16 KiB
// pages come from the heap, not from mappings of their own, so freed
// pages otherwise stay resident.
func trimHeap() { C.tend_trim_heap() }
