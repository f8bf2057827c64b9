package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// idler is the optional IMAP IDLE capability of a mail source.
type idler interface {
	Idle(ctx context.Context, onNew func()) error
}

// errNoIdle says the source cannot idle; the daemon polls instead.
var errNoIdle = errors.New("mail source cannot idle")

// idleWaiter returns a scheduler Wait for an IMAP account: it opens one
// connection, examines the inbox (or the first synced folder), and returns
// nil as soon as the folder holds mail the index has not seen, or the server
// reports new mail during IDLE. Errors (no IDLE, connection lost) leave the
// account to poll on its interval.
func idleWaiter(c *config.Config, a config.Account, st *store.Store, log *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		acct, err := mailAccount(c, a, imapSecret(a, log), log)
		if err != nil {
			return err
		}
		src, err := acct.Dial(ctx)
		if err != nil {
			return err
		}
		defer src.Close()
		id, ok := src.(idler)
		if !ok {
			return errNoIdle
		}
		folder, err := idleFolder(ctx, src, acct)
		if err != nil {
			return err
		}
		status, err := src.Examine(ctx, folder)
		if err != nil {
			return err
		}
		if unseen(ctx, st, a.Name, folder, status) {
			return nil // arrived between the last sync and now
		}
		wctx, wake := context.WithCancel(ctx)
		defer wake()
		woke := false
		if err := id.Idle(wctx, func() { woke = true; wake() }); err != nil {
			return err
		}
		if !woke {
			return ctx.Err()
		}
		log.Debug("new mail reported", "account", a.Name, "folder", folder)
		return nil
	}
}

// idleFolder is the folder to watch: INBOX when it is synced, else the
// first synced folder.
func idleFolder(ctx context.Context, src tendsync.MailSource, acct tendsync.Account) (string, error) {
	all, err := src.Folders(ctx)
	if err != nil {
		return "", err
	}
	sel, err := acct.SelectFolders(all)
	if err != nil {
		return "", err
	}
	if len(sel) == 0 {
		return "", errors.New("no folder to watch")
	}
	for _, f := range sel {
		if strings.EqualFold(f.Name, "INBOX") {
			return f.Name, nil
		}
	}
	return sel[0].Name, nil
}

// unseen reports whether the folder has UIDs beyond the index's cursor.
func unseen(ctx context.Context, st *store.Store, account, folder string, s model.FolderStatus) bool {
	states, err := st.FolderStates(ctx, account)
	if err != nil || s.UIDNext == 0 {
		return false
	}
	for _, f := range states {
		if f.Folder == folder {
			return f.UIDValidity != s.UIDValidity || s.UIDNext-1 > f.LastUID
		}
	}
	return s.Messages > 0
}
