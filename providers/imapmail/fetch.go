package imapmail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tend-dev/tend/model"
)

// batch is one FETCH command's worth of messages, sorted by UID.
type batch struct {
	msgs []model.HeaderMessage
	err  error
}

// Fetch streams, from the examined folder, the messages with UID > afterUID
// in ascending UID order, calling fn for each. Messages are fetched in UID
// FETCH commands of about BatchSize messages (UID, INTERNALDATE and
// BODY.PEEK[HEADER.FIELDS (...)]); the next command runs while fn handles the
// previous batch, so at most three batches are held in memory. When uidNext is
// non-zero the ranges stop below it; when it is 0 the highest UID is asked
// of the server first.
//
// fn returning an error stops the fetch and Fetch returns that error; the
// client stays usable. When ctx ends during a command the connection is
// closed and the client cannot be used again.
func (c *Client) Fetch(ctx context.Context, afterUID, uidNext uint32, fn func(model.HeaderMessage) error) error {
	if c.folder == "" {
		return errors.New("fetching messages: no folder examined")
	}
	if afterUID == math.MaxUint32 {
		return nil
	}
	start := uint64(afterUID) + 1
	end := uint64(uidNext) // exclusive; 0 = unknown
	if end == 0 {
		maxUID, err := c.maxUID(ctx)
		if err != nil {
			return fmt.Errorf("fetching folder %q: %w", c.folder, err)
		}
		if maxUID == 0 {
			return nil // empty folder
		}
		end = uint64(maxUID) + 1
	}
	if start >= end {
		return nil
	}

	batches := make(chan batch, 1)
	stop := make(chan struct{})
	go c.produce(ctx, start, end, afterUID, batches, stop)
	finish := func(err error) error {
		close(stop)
		for range batches { // wait for the producer to leave the connection alone
		}
		return err
	}
	for b := range batches {
		if b.err != nil {
			return finish(fmt.Errorf("fetching folder %q: %w", c.folder, b.err))
		}
		for _, m := range b.msgs {
			if err := ctx.Err(); err != nil {
				return finish(fmt.Errorf("fetching folder %q: %w", c.folder, err))
			}
			if err := fn(m); err != nil {
				return finish(err)
			}
		}
		c.batchBufs.Put(b.msgs) // fn has seen all of it
	}
	return nil
}

// produce fetches [start, end) in UID ranges and sends each batch on out
// until done, an error or stop. It closes out when it returns. A range
// starts at BatchSize UIDs and is resized by nextSpan, so a folder whose UIDs
// are sparse (most of its messages long deleted) takes a few FETCH commands
// rather than one per BatchSize UIDs.
func (c *Client) produce(ctx context.Context, start, end uint64, afterUID uint32, out chan<- batch, stop <-chan struct{}) {
	defer close(out)
	size := uint64(c.opts.BatchSize)
	span := size
	for a := start; a < end; {
		b := min(a+span-1, end-1)
		var bt batch
		if err := ctx.Err(); err != nil {
			bt.err = err
		} else {
			bt.msgs, bt.err = c.fetchRange(ctx, imap.UID(a), imap.UID(b), afterUID)
		}
		select {
		case out <- bt:
		case <-stop:
			return
		}
		if bt.err != nil {
			return
		}
		span = nextSpan(b-a+1, size, len(bt.msgs))
		a = b + 1
	}
}

// maxSpanFactor caps a UID range at this many times BatchSize UIDs, so a
// dense stretch after a sparse one still makes a bounded batch.
const maxSpanFactor = 32

// nextSpan sizes the next UID range from how many messages the last one
// (span UIDs) held: aiming at size messages, growing at most fourfold per
// range, never below size UIDs nor above maxSpanFactor*size.
func nextSpan(span, size uint64, got int) uint64 {
	want := span * 4
	if got > 0 {
		want = min(want, span*size/uint64(got))
	}
	return max(size, min(want, size*maxSpanFactor))
}

// fetchRange runs one UID FETCH a:b and returns its messages with UID >
// afterUID, sorted by UID.
func (c *Client) fetchRange(ctx context.Context, a, b imap.UID, afterUID uint32) ([]model.HeaderMessage, error) {
	if c.tap != nil {
		return c.rawFetchRange(ctx, uint32(a), uint32(b), afterUID)
	}
	done := c.op(ctx)
	defer done()
	set := imap.UIDSet{{Start: a, Stop: b}}
	cmd := c.cl.Fetch(set, &imap.FetchOptions{
		UID:          true,
		InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{{
			Specifier:    imap.PartSpecifierHeader, // HeaderFields is ignored without it
			Peek:         true,
			HeaderFields: c.opts.HeaderFields,
		}},
	})
	var out []model.HeaderMessage
	var readErr error
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		hm, err := c.readMessage(m)
		if err != nil {
			readErr = err // keep draining: the command must be consumed
			continue
		}
		if hm.UID == 0 || hm.UID <= afterUID {
			continue
		}
		out = append(out, hm)
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("uid fetch %s: %w", set, ctxErr(ctx, err))
	}
	if readErr != nil {
		return nil, fmt.Errorf("uid fetch %s: %w", set, readErr)
	}
	slices.SortFunc(out, func(x, y model.HeaderMessage) int { return int(int64(x.UID) - int64(y.UID)) })
	c.log.Debug("imap fetched", "folder", c.folder, "range", set.String(), "messages", len(out))
	return out, nil
}

// readMessage reads one FETCH response. The literal is read before the next
// item, since advancing discards it.
func (c *Client) readMessage(m *imapclient.FetchMessageData) (model.HeaderMessage, error) {
	hm := model.HeaderMessage{Folder: c.folder}
	var err error
	for it := m.Next(); it != nil; it = m.Next() {
		switch it := it.(type) {
		case imapclient.FetchItemDataUID:
			hm.UID = uint32(it.UID)
		case imapclient.FetchItemDataInternalDate:
			hm.InternalDate = it.Time
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			b, rerr := readCapped(it.Literal, maxHeaderBytes)
			if rerr != nil {
				err = fmt.Errorf("reading header of message %d: %w", m.SeqNum, rerr)
				continue
			}
			if int64(len(b)) == maxHeaderBytes {
				c.log.Warn("header fields larger than the cap; keeping the start", "folder", c.folder,
					"seq", m.SeqNum, "cap_bytes", maxHeaderBytes)
			}
			hm.Header = string(b)
		}
	}
	return hm, err
}

// maxHeaderBytes caps the header fields kept of one message. Real header
// fields are a few kB; a broken or hostile server may announce a literal of
// gigabytes, which is read through without being held in memory.
const maxHeaderBytes = 1 << 20

// readCapped returns the first max bytes of r and discards the rest,
// streaming, so the size a server announces never decides an allocation.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max))
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	return b, nil
}

// maxUID returns the UID of the last message of the examined folder, 0 when
// it is empty.
func (c *Client) maxUID(ctx context.Context) (uint32, error) {
	n := c.messages
	if mb := c.cl.Mailbox(); mb != nil {
		n = mb.NumMessages
	}
	if n == 0 {
		return 0, nil
	}
	done := c.op(ctx)
	defer done()
	msgs, err := c.cl.Fetch(imap.SeqSetNum(n), &imap.FetchOptions{UID: true}).Collect()
	if err != nil {
		return 0, fmt.Errorf("finding the highest uid: %w", ctxErr(ctx, err))
	}
	var maxUID uint32
	for _, m := range msgs {
		maxUID = max(maxUID, uint32(m.UID))
	}
	return maxUID, nil
}
