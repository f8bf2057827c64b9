package sync

import (
	"context"
	"fmt"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// KeyedMailSource is a mail source whose messages have string ids and
// whose cursor is text (the Gmail API: message ids and a historyId).
type KeyedMailSource interface {
	// Sync hands fn what arrived since cursor ("" for everything), in
	// batches, each with the cursor that covers it.
	Sync(ctx context.Context, cursor string, fn func(KeyedMailBatch) error) error
}

// KeyedMailBatch is one batch of a keyed mail sync.
type KeyedMailBatch struct {
	Messages []KeyedMessage
	Cursor   string
	Total    int // messages this sync expects so far, for progress
}

// KeyedMessage is one message of a keyed mail source.
type KeyedMessage struct {
	ID     string
	Header model.HeaderMessage
}

// KeyedMailAccount is one keyed mail account as the engine sees it.
type KeyedMailAccount struct {
	Name string
	// Source names the mailbox in the store, e.g. "gmail".
	Source     string
	Dial       func(ctx context.Context) (KeyedMailSource, error)
	Classifier Classifier
}

// SyncKeyedMail syncs one keyed mail account: each batch is classified by
// the same inference rules as IMAP mail and saved with its cursor in one
// transaction. A message already stored from another source (the same
// Message-ID over IMAP) is the same message and counts once. The outcome is
// recorded in the store.
func SyncKeyedMail(ctx context.Context, st SourceStore, acct KeyedMailAccount, opts Options) (Result, error) {
	return recorded(ctx, st, acct.Name, opts, func(opts Options) (Result, error) {
		return syncKeyedMail(ctx, st, acct, opts)
	})
}

func syncKeyedMail(ctx context.Context, st SourceStore, acct KeyedMailAccount, opts Options) (Result, error) {
	res := Result{Folders: 1}
	log := opts.Logger.With("account", acct.Name)
	src, err := acct.Dial(ctx)
	if err != nil {
		return res, fmt.Errorf("connecting: %w", err)
	}
	if c, ok := src.(interface{ Close() error }); ok {
		defer c.Close()
	}
	cursor, _, err := st.SourceCursor(ctx, acct.Name, acct.Source)
	if err != nil {
		return res, err
	}
	opts.Progress.Begin(acct.Name, 0)
	defer opts.Progress.End()
	err = src.Sync(ctx, cursor, func(kb KeyedMailBatch) error {
		b := store.SourceBatch{Account: acct.Name, Source: acct.Source, Cursor: kb.Cursor, SyncedAt: opts.Clock()}
		for _, km := range kb.Messages {
			res.Fetched++
			msg, err := acct.Classifier.Classify(km.Header)
			if err != nil {
				res.Skipped++
				log.Warn("skipping unreadable message", "id", km.ID, "err", err)
				continue
			}
			if len(msg.Interactions) > 0 {
				res.Contacts++
				res.Interactions += len(msg.Interactions)
			}
			b.Upserts = append(b.Upserts, store.SourceItem{ID: km.ID, Msgs: []model.Message{msg}})
		}
		if err := st.SaveSource(ctx, b); err != nil {
			return fmt.Errorf("saving %s: %w", acct.Source, err)
		}
		opts.Progress.Add(acct.Source, len(kb.Messages))
		return nil
	})
	return res, err
}
