// Package gmail is tend's Gmail API mail source (account kind "gmail"). It
// reads message metadata only — format=metadata with the header fields
// inference needs, under the gmail.metadata scope, which cannot read bodies
// — from the configured labels (SENT and INBOX by default). The first sync
// lists every message; later ones read history.list from the stored
// historyId, and fall back to a full sync when Gmail no longer has that
// history (404). messages.get runs on a pool of workers (the Go client has
// no HTTP batch); rate limits are retried by internal/gclient.
//
// It never changes the mailbox and does not parse headers: it rebuilds a
// header block for inference.
package gmail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/model"
)

// ErrHistoryGone reports that Gmail no longer has the history after the
// stored historyId (404); Sync handles it with a full sync.
var ErrHistoryGone = errors.New("gmail history too old")

// Options configure a Source. Zero fields have defaults.
type Options struct {
	// Client carries the endpoint, the token source and retry settings.
	Client gclient.Options
	// Labels to read; default SENT and INBOX. A message counts once
	// whatever labels it carries.
	Labels []string
	// HeaderFields to ask for (metadataHeaders); required.
	HeaderFields []string
	// Workers run messages.get in parallel; default 8.
	Workers int
	// BatchSize is the number of messages handed over per batch; default 500.
	BatchSize int
	// Logger nil discards logs.
	Logger *slog.Logger
}

// Source reads one Gmail mailbox. It is safe for concurrent use, but one
// Sync at a time per mailbox makes sense.
type Source struct {
	svc  *gmailapi.Service
	opts Options
	log  *slog.Logger
}

// New returns a Source. It does not contact Gmail.
func New(ctx context.Context, opts Options) (*Source, error) {
	if len(opts.HeaderFields) == 0 {
		return nil, errors.New("gmail options: no header fields to fetch")
	}
	if len(opts.Labels) == 0 {
		opts.Labels = []string{"SENT", "INBOX"}
	}
	if opts.Workers <= 0 {
		opts.Workers = 8
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Client.Logger = opts.Logger
	svc, err := gmailapi.NewService(ctx, gclient.ServiceOptions(opts.Client, "")...)
	if err != nil {
		return nil, fmt.Errorf("creating gmail client: %w", err)
	}
	return &Source{svc: svc, opts: opts, log: opts.Logger}, nil
}

// Message is one Gmail message as inference needs it.
type Message struct {
	ID     string // Gmail's message id
	Header model.HeaderMessage
}

// Batch is one step of a sync. Batches arrive in order; storing each with
// its Cursor, in one transaction, makes a killed sync resume without loss.
type Batch struct {
	Messages []Message
	// Cursor is the historyId every message up to this batch is covered by.
	Cursor string
	// Full is set on every batch of a full sync (first sync, or history gone).
	Full bool
	// Total is the number of messages this sync expects (full sync: known
	// after listing; incremental: messages added so far).
	Total int
}

// Profile returns the signed-in address and the mailbox's current historyId.
func (s *Source) Profile(ctx context.Context) (email string, historyID uint64, err error) {
	p, err := s.svc.Users.GetProfile("me").Context(ctx).Do()
	if err != nil {
		return "", 0, fmt.Errorf("reading gmail profile: %w", gclient.Classify(err))
	}
	return p.EmailAddress, p.HistoryId, nil
}

// Sync delivers what is new since cursor (a historyId; "" for the first
// sync) to fn in batches. When Gmail no longer has the history it logs and
// runs a full sync instead.
func (s *Source) Sync(ctx context.Context, cursor string, fn func(Batch) error) error {
	if cursor != "" {
		start, err := strconv.ParseUint(cursor, 10, 64)
		if err != nil {
			s.log.Warn("unreadable gmail cursor; running a full sync", "cursor", cursor)
		} else {
			err = s.incremental(ctx, start, fn)
			if !errors.Is(err, ErrHistoryGone) {
				return err
			}
			s.log.Info("gmail history too old; running a full sync", "history_id", start)
		}
	}
	return s.full(ctx, cursor, fn)
}

// isNotFound reports a 404 from Gmail.
func isNotFound(err error) bool { return gclient.Status(err) == http.StatusNotFound }
