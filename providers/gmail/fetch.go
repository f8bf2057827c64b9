package gmail

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	gmailapi "google.golang.org/api/gmail/v1"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/model"
)

// classify turns Google errors into the typed ones callers check.
func classify(err error) error { return gclient.Classify(err) }

// fetch runs messages.get (format=metadata, the configured headers) for
// ids on the worker pool and returns the messages in the order of ids. A
// message deleted since it was listed (404) is skipped; any other error
// stops the fetch.
func (s *Source) fetch(ctx context.Context, ids []string) ([]Message, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	out := make([]*Message, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(s.opts.Workers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				m, err := s.get(ctx, ids[i])
				if err != nil {
					cancel(err)
					continue
				}
				out[i] = m
			}
		}()
	}
feed:
	for i := range ids {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	msgs := make([]Message, 0, len(ids))
	for _, m := range out {
		if m != nil {
			msgs = append(msgs, *m)
		}
	}
	return msgs, nil
}

// get reads one message's metadata; nil without error when it is gone or
// not in a wanted label.
func (s *Source) get(ctx context.Context, id string) (*Message, error) {
	m, err := s.svc.Users.Messages.Get("me", id).Format("metadata").
		MetadataHeaders(s.opts.HeaderFields...).Context(ctx).Do()
	if isNotFound(err) {
		s.log.Debug("gmail message gone since listed", "id", id)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading message %s: %w", id, classify(err))
	}
	if !s.wanted(m.LabelIds) {
		return nil, nil
	}
	folder := "gmail"
	for _, l := range m.LabelIds {
		if strings.EqualFold(l, "SENT") || strings.EqualFold(l, "INBOX") {
			folder = l
			break
		}
	}
	var headers []*gmailapi.MessagePartHeader
	if m.Payload != nil {
		headers = m.Payload.Headers
	}
	hm := model.HeaderMessage{Folder: folder, Header: HeaderBlock(headers)}
	if m.InternalDate > 0 {
		hm.InternalDate = time.UnixMilli(m.InternalDate).UTC()
	}
	return &Message{ID: m.Id, Header: hm}, nil
}

// HeaderBlock rebuilds an RFC 5322 header block from Gmail's metadata
// headers, so inference reads Gmail exactly as it reads IMAP. Names that
// are not header names are dropped; line breaks inside values become spaces.
func HeaderBlock(headers []*gmailapi.MessagePartHeader) string {
	var b strings.Builder
	for _, h := range headers {
		if h == nil || !validName(h.Name) {
			continue
		}
		v := strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == 0 {
				return ' '
			}
			return r
		}, h.Value)
		b.WriteString(h.Name)
		b.WriteString(": ")
		b.WriteString(v)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}

// validName reports whether s is an RFC 5322 field name: printable ASCII
// except colon and space.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}
