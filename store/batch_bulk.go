package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tend-dev/tend/model"
)

// bulkRows is how many rows one multi-row INSERT or one IN (...) lookup
// carries; a power of two (bulkInsert.flush). Statements of this size are prepared once per transaction; with
// ten columns they stay far below SQLite's limit of 32,766 parameters.
const bulkRows = 128

// bulkInsert collects rows for one multi-row INSERT statement and runs it
// every bulkRows rows, so a batch costs a few dozen statements instead of
// several per message. The full-size statement stays prepared for the
// whole transaction (rawConn). It is not safe for concurrent use.
type bulkInsert struct {
	raw  *rawConn
	key  stmtKey // head, tail and width; rows is set per statement
	args []any

	// lastID, when set, is the rowid the last row of each statement must get
	// (rows inserted without an id take max+1, in order); it advances by the
	// rows flushed.
	lastID *int64
}

// sequential makes b check that the rows it inserts without an id get the
// ids after last, in order, and fail otherwise. Rows with explicit ids would
// cost a statement journal per statement (SQLite may have to undo part of
// one); this way the ids are still known without reading them back.
func (b *bulkInsert) sequential(last int64) *bulkInsert {
	b.lastID = &last
	return b
}

// newBulkInsert collects rows of width values for "head VALUES ... tail".
func newBulkInsert(raw *rawConn, head, tail string, width int) *bulkInsert {
	return &bulkInsert{raw: raw, key: stmtKey{head: head, tail: tail, width: width}, args: make([]any, 0, bulkRows*width)}
}

// add queues one row; it must have width values of the driver's types.
func (b *bulkInsert) add(vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < bulkRows*b.key.width {
		return nil
	}
	return b.flush()
}

// flush runs the queued rows.
func (b *bulkInsert) flush() error {
	rows := len(b.args) / b.key.width
	if rows == 0 {
		return nil
	}
	// A short remainder goes in chunks of 64, 32, ... 1 rows: statements
	// of those sizes stay prepared like the full one, where preparing one
	// of the remainder's exact size for each batch cost 4 % of a sync.
	var err error
	for done := 0; done < rows && err == nil; {
		n := bulkRows
		for n > rows-done {
			n /= 2
		}
		err = b.run(b.args[done*b.key.width:(done+n)*b.key.width], n)
		done += n
	}
	clear(b.args)
	b.args = b.args[:0]
	return err
}

// run inserts n rows of vals with the statement of that size.
func (b *bulkInsert) run(vals []any, n int) error {
	k := b.key
	k.rows = n
	st, err := b.raw.cached(k)
	if err != nil {
		return err
	}
	res, err := b.raw.exec(st, vals)
	if err != nil || b.lastID == nil {
		return err
	}
	*b.lastID += int64(n)
	if got, err := res.LastInsertId(); err != nil {
		return err
	} else if got != *b.lastID {
		return fmt.Errorf("new rows got ids up to %d instead of %d", got, *b.lastID)
	}
	return nil
}

// valuesQuery is "head VALUES (?, ...), ... tail" for rows rows of width
// values.
func valuesQuery(head, tail string, width, rows int) string {
	var q strings.Builder
	row := "(?" + strings.Repeat(", ?", width-1) + ")"
	q.Grow(len(head) + len(tail) + rows*(len(row)+2) + 8)
	q.WriteString(head)
	q.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	q.WriteString(tail)
	return q.String()
}

// lookupIn runs `query` (whose single "%s" is replaced by a list of
// placeholders) for keys, in chunks of bulkRows, 64, 32 ... 1 keys, calling
// row for every result. The statement of each chunk size comes from prep,
// which keeps it prepared for the transaction: preparing one for every
// lookup of a chunk's new addresses made BenchmarkInitialWrite's bulk
// load 13 % slower (medians of 6: 556 against 483 ms).
func lookupIn[K string | int64](ctx context.Context, prep func(query string) (*sql.Stmt, error), query string, keys []K, row func(scan func(...any) error) error) error {
	args := make([]any, 0, bulkRows)
	for len(keys) > 0 {
		n := bulkRows
		for n > len(keys) {
			n /= 2
		}
		args = args[:0]
		for _, k := range keys[:n] {
			args = append(args, k)
		}
		keys = keys[n:]
		st, err := prep(fmt.Sprintf(query, "?"+strings.Repeat(", ?", n-1)))
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := row(rows.Scan); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// maxID returns the highest id of table ("messages" or "people"), 0 when empty.
func maxID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	// table is one of two constants of ours, never input.
	err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM "+table).Scan(&id)
	return id, err
}

// appendMessageRow appends the values of m's messages row but its id, in
// column order; shared gets the subject and thread as boxed there, for the
// message's interactions.
func appendMessageRow(dst []any, m model.Message, shared *msgArgs) []any {
	shared.subject, shared.thread = m.Subject, m.ThreadKey
	return append(dst, m.Key, unix(m.At), m.DateFallback, enumArg(m.Class), m.Reason, shared.subject,
		strings.ToLower(m.From), shared.thread, keyHash(m.Key))
}

// msgArgs are values of a message's row that its interactions repeat,
// boxed once: every value handed to the driver is an interface, and boxing
// a string or a large integer allocates. Rows allocated a third of a
// sync's objects before values were shared.
type msgArgs struct{ id, subject, thread any }

// enumArg boxes v, without allocating when it is one of the model's
// classes, directions or channels (they fill most columns of the rows).
func enumArg[T ~string](v T) any {
	for _, k := range knownEnums {
		if k.(string) == string(v) {
			return k
		}
	}
	return string(v)
}

// knownEnums are boxed once, at compile time (constants).
var knownEnums = [...]any{
	string(model.Personal), string(model.Bulk), string(model.Automated), string(model.Mass), string(model.Indirect),
	string(model.Inbound), string(model.Outbound), string(model.Mutual),
	string(model.Email), string(model.Meeting),
}

// writerCacheKiB is the page cache of the connection that saves batches.
// SQLite's default (2 MiB) is far below the working set of a large initial
// sync (message keys, addresses and thread ids land all over their indexes),
// so every batch would read back pages it had just written. It is a cap:
// pages are allocated only as they are used.
const writerCacheKiB = 16 << 10

// tuneWriter sets the page cache of tx's connection and leaves its
// checkpoints to the checkpointer (per-connection settings; setting them
// again costs nothing).
func tuneWriter(ctx context.Context, tx *sql.Tx) error {
	// A constant of ours, never input; PRAGMA takes no parameters.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB)); err != nil {
		return fmt.Errorf("setting the page cache: %w", err)
	}
	if _, err := tx.ExecContext(ctx, noAutoCheckpoint); err != nil {
		return fmt.Errorf("handing checkpoints to the background: %w", err)
	}
	return nil
}
