// Package store keeps tend's local index in SQLite: the messages seen in each
// mailbox folder, the people and addresses they involve, every interaction,
// and the per-folder and per-account sync cursors. A batch of messages and the
// cursor that covers it commit in one transaction, so a crash never loses or
// duplicates data. Times are stored as UTC unix seconds.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3's driver with the write-ahead log capped at
// walLimitBytes on every connection it opens. Every connection to an index
// uses it.
const driverName = "sqlite3_tend"

// walLimitBytes caps the file of the write-ahead log. SQLite starts the log
// over from its beginning only for a transaction that began after a
// checkpoint had copied all of it, and it never shrinks the file on its
// own: an initial sync of 100,000 messages, whose writer never waits for
// the checkpoints (checkpoint.go), leaves a 53 MB log, which a daemon
// keeping the index open kept beside its 45 MB index for as long as it
// ran. With the cap, the first commit after the log starts over cuts the
// file back to 4 MiB, or to what that commit wrote if more.
const walLimitBytes = 4 << 20

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: capLog}) // cgo.go
}

// ErrNewerIndex is returned by Open when the index was written by a newer
// version of tend whose schema this build does not know.
var ErrNewerIndex = errors.New("index was written by a newer tend")

// Store is an open index. It is safe for concurrent use; writers are
// serialised by SQLite (BEGIN IMMEDIATE with a 5 s busy timeout).
type Store struct {
	db    *sql.DB
	bulk  *sql.DB // one connection for batch transactions (bulkDSN)
	ckpt  *checkpointer
	path  string
	loads bulkLoads  // bulk loads in progress (bulkload.go)
	cache writeCache // the batch writer's, guarded by the bulk connection

	tierRules []TierRule // set once by SetTierRules (userdata_tiers.go)
}

// Open opens the index at path, creating it (and its parent directory, mode
// 0700) if needed, with the database file created mode 0600, and brings its
// schema up to date. A "~" at the start of path is not expanded.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("opening index: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating index directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating index %q: %w", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("creating index %q: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("creating index %q: %w", path, err)
	}
	if fi.Size() == 0 {
		if err := initPages(ctx, path); err != nil {
			return nil, fmt.Errorf("creating index %q: %w", path, err)
		}
	}
	db, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("opening index %q: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening index %q: %w", path, err)
	}
	if err := migrate(ctx, db, path); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening index %q: %w", path, err)
	}
	// A sync killed during a bulk load left its indexes dropped.
	if err := ensureIndexes(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening index %q: %w", path, err)
	}
	bulk, err := sql.Open(driverName, bulkDSN(path))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening index %q: %w", path, err)
	}
	bulk.SetMaxOpenConns(1)
	return &Store{db: db, bulk: bulk, path: path, ckpt: newCheckpointer(db)}, nil
}

// pageSize is the page size of a new index: 16 KiB pages make the initial
// sync's writes about an eighth faster than SQLite's default 4 KiB.
const pageSize = 16384

// initPages fixes the page size of a new, empty index and switches it to
// WAL. The page size can change only before the database's first page is
// written, and entering WAL mode (which dsn asks for on every connection)
// writes it, so this runs on a connection of its own, before any other.
func initPages(ctx context.Context, path string) error {
	db, err := sql.Open(driverName, "file:"+escapePath(path)+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A constant of ours, never input; PRAGMA takes no parameters.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return fmt.Errorf("setting page size: %w", err)
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("entering WAL mode: %w", err)
	}
	return nil
}

// escapePath percent-escapes path where the URI syntax would misread it
// ("%", "?", "#").
func escapePath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// dsn builds the SQLite URI for path. The path is percent-escaped where the
// URI syntax would misread it ("%", "?", "#").
func dsn(path string) string {
	return uri(path, "_foreign_keys=on")
}

// uri is the SQLite URI of path for a connection in WAL mode whose writes
// begin IMMEDIATE, with a 5 s busy timeout, plus params.
func uri(path, params string) string {
	return "file:" + escapePath(path) + "?_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&" + params
}

// bulkDSN is dsn for the connection that saves mail batches, without
// foreign key enforcement. Every foreign key of the schema is immediate, so
// with enforcement on, each multi-row INSERT would write every page it
// touches to a statement journal first (a temporary file), which made up a
// third of an initial sync's SQLite time. The batch writer only ever
// references rows it found or created in the same transaction, so the keys
// hold by construction; IntegrityCheck's foreign key check verifies it after
// the sync tests and fault suites. Nothing on this connection deletes, so no
// cascade is skipped.
func bulkDSN(path string) string {
	return uri(path, "_foreign_keys=off&_synchronous=NORMAL&_mutex=no")
}

// Close closes the index.
func (s *Store) Close() error {
	s.ckpt.stop()
	if err := errors.Join(s.bulk.Close(), s.db.Close()); err != nil {
		return fmt.Errorf("closing index: %w", err)
	}
	return nil
}

// Path returns the file the index lives in, as given to Open.
func (s *Store) Path() string { return s.path }

// IntegrityCheck runs SQLite's integrity and foreign key checks and returns an
// error describing every problem found, or nil.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("checking index integrity: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("checking index integrity: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("checking index integrity: %w", err)
	}
	// Each query counts rows that break a rule; the problem says how many.
	for _, c := range []struct{ what, query, problem string }{
		{"foreign keys", `SELECT count(*) FROM pragma_foreign_key_check`, "%d rows violate foreign keys"},
		// Queries find an address's interactions by its person (schema_indexes.go).
		{"people", `SELECT count(*) FROM interactions i
			JOIN addresses a ON a.email = i.email WHERE a.person_id <> i.person_id`,
			"%d interactions belong to another person than their address"},
		// No trigger copies a message's thread into its interactions (schema_triggers.go).
		{"threads", `SELECT count(*) FROM interactions i
			JOIN messages m ON m.id = i.msg_id WHERE i.thread <> m.thread`,
			"%d interactions have another thread than their message"},
		// A location's id holds its folder's id (schema_locations.go).
		{"locations", `SELECT count(*) FROM locations l
			WHERE NOT EXISTS (SELECT 1 FROM folders f WHERE f.id = l.id >> 32)`,
			"%d locations are in no folder"},
	} {
		var n int64
		if err := s.db.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			return fmt.Errorf("checking index %s: %w", c.what, err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf(c.problem, n))
		}
	}
	keys, err := checkKeyHashes(ctx, s.db)
	if err != nil {
		return err
	}
	problems = append(problems, keys...)
	missing, err := missingIndexes(ctx, s.db)
	if err != nil {
		return err
	}
	for _, ix := range missing {
		problems = append(problems, "index "+ix.name+" is missing")
	}
	if len(problems) > 0 {
		return fmt.Errorf("index %q is damaged: %s", s.path, strings.Join(problems, "; "))
	}
	return nil
}

// MessageCount returns how many distinct messages the index holds.
func (s *Store) MessageCount(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM messages").Scan(&n); err != nil {
		return 0, fmt.Errorf("counting messages: %w", err)
	}
	return n, nil
}

// unix encodes t for storage; the zero time is 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix decodes a stored time; 0 is the zero time.
func fromUnix(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
