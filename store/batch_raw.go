package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// rawConn runs a BatchTx's multi-row INSERTs on the SQLite driver's
// connection itself, inside the transaction database/sql began on it.
// Through database/sql every statement would copy its arguments into a
// new []driver.NamedValue (about 90 MB of garbage for an initial sync of
// 100,000 messages, a fifth of all it allocates) and run each through the
// default converter; here one argument slice is reused, and the values are
// already of the driver's types.
//
// It is not safe for concurrent use, like the BatchTx that owns it.
type rawConn struct {
	ctx   context.Context
	conn  *sql.Conn
	args  []driver.NamedValue
	stmts map[stmtKey]driver.Stmt // kept until closeAll
}

// stmtKey names a multi-row statement kept prepared for the transaction:
// its text is head, rows rows of placeholders, then tail.
type stmtKey struct {
	head, tail  string
	width, rows int
}

func (k stmtKey) query() string { return valuesQuery(k.head, k.tail, k.width, k.rows) }

func newRawConn(ctx context.Context, conn *sql.Conn) *rawConn {
	return &rawConn{ctx: ctx, conn: conn, stmts: map[stmtKey]driver.Stmt{}}
}

// cached returns the statement k, preparing it on first use.
func (r *rawConn) cached(k stmtKey) (driver.Stmt, error) {
	if st := r.stmts[k]; st != nil {
		return st, nil
	}
	st, err := r.prepare(k.query())
	if err != nil {
		return nil, err
	}
	r.stmts[k] = st
	return st, nil
}

// closeAll finalizes the cached statements.
func (r *rawConn) closeAll() {
	for k, st := range r.stmts {
		r.close(st)
		delete(r.stmts, k)
	}
}

// prepare compiles query on the connection.
func (r *rawConn) prepare(query string) (st driver.Stmt, err error) {
	err = r.conn.Raw(func(dc any) error {
		p, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) cannot prepare statements", dc)
		}
		st, err = p.PrepareContext(r.ctx, query)
		return err
	})
	return st, err
}

// exec runs st with vals, which must be of the driver's value types
// (int64, float64, string, []byte, bool, time.Time or nil). The result
// reads the connection when asked: it is valid until the next statement.
//
// The INSERT runs as a query (it runs at its first step): the driver binds
// a query's arguments in one call into C, and an exec's with one call per
// argument, which made binding 40 % of the writer's SQLite time.
func (r *rawConn) exec(st driver.Stmt, vals []any) (res driver.Result, err error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return nil, fmt.Errorf("the SQLite driver's statement (%T) cannot query with a context", st)
	}
	r.args = r.args[:0]
	for i, v := range vals {
		if !driver.IsValue(v) {
			return nil, fmt.Errorf("argument %d: %T is not a driver value", i+1, v)
		}
		r.args = append(r.args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	err = r.conn.Raw(func(any) error {
		rows, err := q.QueryContext(r.ctx, r.args)
		if err != nil {
			return err
		}
		return rows.Close()
	})
	clear(r.args) // drop references to the values until the next statement
	if err != nil {
		return nil, err
	}
	return rawResult{r}, nil
}

// rawResult is the outcome of the statement a rawConn ran last, read from
// the connection when asked for.
type rawResult struct{ r *rawConn }

func (x rawResult) LastInsertId() (int64, error) {
	id, _, err := x.r.lastChange()
	return id, err
}

func (x rawResult) RowsAffected() (int64, error) {
	_, n, err := x.r.lastChange()
	return n, err
}

// lastChangeKey names the statement that reads the last INSERT's outcome.
var lastChangeKey = stmtKey{head: `SELECT last_insert_rowid(), changes()`}

// lastChange returns the rowid of the last row inserted on the connection
// and how many rows the last completed statement changed.
func (r *rawConn) lastChange() (id, changes int64, err error) {
	st := r.stmts[lastChangeKey]
	if st == nil {
		if st, err = r.prepare(lastChangeKey.head); err != nil {
			return 0, 0, err
		}
		r.stmts[lastChangeKey] = st
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return 0, 0, fmt.Errorf("the SQLite driver's statement (%T) cannot query with a context", st)
	}
	err = r.conn.Raw(func(any) error {
		rows, err := q.QueryContext(r.ctx, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, 2)
		if err := rows.Next(dest); err != nil {
			return err
		}
		var ok1, ok2 bool
		id, ok1 = dest[0].(int64)
		changes, ok2 = dest[1].(int64)
		if !ok1 || !ok2 {
			return fmt.Errorf("reading the last insert: got %T, %T", dest[0], dest[1])
		}
		return nil
	})
	return id, changes, err
}

// close finalizes st.
func (r *rawConn) close(st driver.Stmt) error {
	return r.conn.Raw(func(any) error { return st.Close() })
}
