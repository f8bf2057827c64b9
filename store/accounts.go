package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AccountState is the last sync outcome of an account.
type AccountState struct {
	Account   string
	LastSync  time.Time // end of the last attempt; zero if never
	LastOK    time.Time // end of the last successful sync; zero if never
	LastError string    // empty after a success
}

// RecordSync records the end of a sync of account at time at: a nil syncErr
// is a success and clears the last error; otherwise its text is kept and the
// last success is left as it was.
func (s *Store) RecordSync(ctx context.Context, account string, at time.Time, syncErr error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if account == "" {
			return errors.New("empty account name")
		}
		var err error
		if syncErr == nil {
			_, err = tx.ExecContext(ctx, `
				INSERT INTO accounts (account, last_sync, last_ok, last_error) VALUES (?1, ?2, ?2, '')
				ON CONFLICT (account) DO UPDATE SET
					last_sync = excluded.last_sync, last_ok = excluded.last_ok, last_error = ''`,
				account, unix(at))
		} else {
			_, err = tx.ExecContext(ctx, `
				INSERT INTO accounts (account, last_sync, last_ok, last_error) VALUES (?1, ?2, 0, ?3)
				ON CONFLICT (account) DO UPDATE SET
					last_sync = excluded.last_sync, last_error = excluded.last_error`,
				account, unix(at), syncErr.Error())
		}
		return err
	}, "recording sync of account %q", account)
}

// Accounts returns the sync outcome of every account ever recorded, ordered
// by name.
func (s *Store) Accounts(ctx context.Context) ([]AccountState, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT account, last_sync, last_ok, last_error FROM accounts ORDER BY account`)
	if err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	defer rows.Close()
	var out []AccountState
	for rows.Next() {
		var a AccountState
		var lastSync, lastOK int64
		if err := rows.Scan(&a.Account, &lastSync, &lastOK, &a.LastError); err != nil {
			return nil, fmt.Errorf("reading accounts: %w", err)
		}
		a.LastSync, a.LastOK = fromUnix(lastSync), fromUnix(lastOK)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	return out, nil
}
