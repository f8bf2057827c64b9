package imapmail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// maxBodyUIDs bounds one UID FETCH of message starts, so a folder full of
// bounces never holds more than this many partial messages in memory.
const maxBodyUIDs = 100

// FetchBodies reads the start of the given messages of folder — at most
// maxBytes of each raw message, header included — and calls fn with the
// header block and what follows of the body, in ascending UID order. It is
// only for delivery reports and auto-replies: tend reads no other bodies.
//
// The folder is opened with EXAMINE (read-only) and messages are read with
// UID FETCH BODY.PEEK[]<0.maxBytes>, so no flag changes (\Seen stays unset).
// UIDs that no longer exist are skipped. fn returning an error stops the
// fetch and FetchBodies returns that error.
func (c *Client) FetchBodies(ctx context.Context, folder string, uids []uint32, maxBytes int, fn func(uid uint32, header, body []byte) error) error {
	if maxBytes <= 0 {
		return fmt.Errorf("fetching message starts in %q: maxBytes must be positive, got %d", folder, maxBytes)
	}
	uids = slices.Clone(uids)
	slices.Sort(uids)
	uids = slices.Compact(uids)
	if len(uids) > 0 && uids[0] == 0 {
		uids = uids[1:] // UID 0 does not exist
	}
	if len(uids) == 0 {
		return nil
	}
	if c.folder != folder {
		if _, err := c.Examine(ctx, folder); err != nil {
			return err
		}
	}
	for chunk := range slices.Chunk(uids, maxBodyUIDs) {
		msgs, err := c.fetchStarts(ctx, chunk, maxBytes)
		if err != nil {
			return fmt.Errorf("fetching message starts in %q: %w", folder, err)
		}
		for _, m := range msgs {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("fetching message starts in %q: %w", folder, err)
			}
			header, body := splitHeader(m.raw)
			if err := fn(m.uid, header, body); err != nil {
				return err
			}
		}
	}
	return nil
}

// messageStart is the first bytes of one message.
type messageStart struct {
	uid uint32
	raw []byte
}

// fetchStarts runs one UID FETCH (UID BODY.PEEK[]<0.maxBytes>) and returns
// the messages sorted by UID.
func (c *Client) fetchStarts(ctx context.Context, uids []uint32, maxBytes int) ([]messageStart, error) {
	done := c.op(ctx)
	defer done()
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	cmd := c.cl.Fetch(set, &imap.FetchOptions{
		UID: true,
		BodySection: []*imap.FetchItemBodySection{{
			Peek:    true, // BODY.PEEK: never sets \Seen
			Partial: &imap.SectionPartial{Offset: 0, Size: int64(maxBytes)},
		}},
	})
	var out []messageStart
	var readErr error
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		ms, err := readStart(m, maxBytes)
		if err != nil {
			readErr = err // keep draining: the command must be consumed
			continue
		}
		if ms.uid != 0 {
			out = append(out, ms)
		}
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("uid fetch %s: %w", set, ctxErr(ctx, err))
	}
	if readErr != nil {
		return nil, fmt.Errorf("uid fetch %s: %w", set, readErr)
	}
	slices.SortFunc(out, func(x, y messageStart) int { return int(int64(x.uid) - int64(y.uid)) })
	return out, nil
}

// readStart reads one FETCH response, never keeping more than maxBytes
// even if a server ignores the partial range.
func readStart(m *imapclient.FetchMessageData, maxBytes int) (messageStart, error) {
	var ms messageStart
	var err error
	for it := m.Next(); it != nil; it = m.Next() {
		switch it := it.(type) {
		case imapclient.FetchItemDataUID:
			ms.uid = uint32(it.UID)
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			b, rerr := io.ReadAll(io.LimitReader(it.Literal, int64(maxBytes)))
			if rerr == nil {
				_, rerr = io.Copy(io.Discard, it.Literal)
			}
			if rerr != nil {
				err = errors.Join(err, fmt.Errorf("reading message %d: %w", m.SeqNum, rerr))
				continue
			}
			ms.raw = b
		}
	}
	return ms, err
}

// splitHeader splits a raw message at the first empty line. The header keeps
// its final line break; without an empty line everything is header.
func splitHeader(raw []byte) (header, body []byte) {
	crlf := bytes.Index(raw, []byte("\r\n\r\n"))
	lf := bytes.Index(raw, []byte("\n\n"))
	switch {
	case crlf >= 0 && (lf < 0 || crlf < lf):
		return raw[:crlf+2], raw[crlf+4:]
	case lf >= 0:
		return raw[:lf+1], raw[lf+2:]
	}
	return raw, nil
}
