// Package sync is tend's sync engine: for one account it lists and examines
// folders, fetches only what is new since each folder's cursor, classifies it
// and hands it to the store in batches whose transaction also advances the
// cursor, so a sync killed at any moment resumes without loss or duplicates.
//
// It declares the small interfaces it consumes and imports no provider.
// Its name shadows the standard library's sync; import it as tendsync.
package sync

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// MailSource is one open connection to a mail account.
type MailSource interface {
	Folders(ctx context.Context) ([]model.Folder, error)
	Examine(ctx context.Context, folder string) (model.FolderStatus, error)
	Fetch(ctx context.Context, afterUID, uidNext uint32, fn func(model.HeaderMessage) error) error
	Close() error
}

// Classifier turns a fetched header block into a classified message.
type Classifier interface {
	Classify(model.HeaderMessage) (model.Message, error)
}

// Store is what the engine needs of the index.
type Store interface {
	FolderStates(ctx context.Context, account string) ([]store.FolderState, error)
	SaveBatch(ctx context.Context, b store.Batch) error
	TouchFolder(ctx context.Context, account, folder string, uidValidity uint32, modSeq uint64, at time.Time) error
	ResetFolder(ctx context.Context, account, folder string, uidValidity uint32) error
	DropFolder(ctx context.Context, account, folder string) error
	RecordSync(ctx context.Context, account string, at time.Time, syncErr error) error
}

// Progress receives sync progress; the CLI draws it on a terminal.
// Implementations must be safe for concurrent use.
type Progress interface {
	Begin(account string, total int64) // messages expected in this sync
	Add(folder string, n int)          // n more messages processed
	End()
}

// Account is one mail account as the engine sees it.
type Account struct {
	Name string
	// Dial opens a new connection; the engine opens up to Connections of them.
	Dial func(ctx context.Context) (MailSource, error)
	// SelectFolders picks the folders to sync from the server's list.
	SelectFolders func([]model.Folder) ([]model.Folder, error)
	Classifier    Classifier
	Connections   int // default 1
}

// Options tune a sync. Nil fields have defaults.
type Options struct {
	Logger    *slog.Logger     // nil: discard
	Clock     func() time.Time // nil: time.Now
	BatchSize int              // messages per transaction; default 1000
	Progress  Progress         // nil: none
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.Progress == nil {
		o.Progress = noProgress{}
	}
	return o
}

type noProgress struct{}

func (noProgress) Begin(string, int64) {}
func (noProgress) Add(string, int)     {}
func (noProgress) End()                {}

// Result summarises one account's sync.
type Result struct {
	Account      string
	Folders      int           // folders examined
	Fetched      int           // messages fetched
	Contacts     int           // messages that created contact
	Skipped      int           // messages skipped as unreadable (logged)
	Interactions int           // interactions derived (before dedupe)
	Duration     time.Duration // wall time
}

// syncRecorder is the part of the store every sync reports its outcome to.
type syncRecorder interface {
	RecordSync(ctx context.Context, account string, at time.Time, syncErr error) error
}

// recorded runs one sync of an account with defaulted options, times it and
// records its outcome (success or error) in the store, even when ctx was
// cancelled.
func recorded(ctx context.Context, st syncRecorder, account string, opts Options, sync func(Options) (Result, error)) (Result, error) {
	opts = opts.withDefaults()
	start := opts.Clock()
	res, err := sync(opts)
	res.Account = account
	res.Duration = opts.Clock().Sub(start)
	rerr := st.RecordSync(context.WithoutCancel(ctx), account, opts.Clock(), err)
	if err == nil && rerr != nil {
		err = fmt.Errorf("recording sync of %q: %w", account, rerr)
	}
	return res, err
}
