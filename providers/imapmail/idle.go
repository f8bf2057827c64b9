package imapmail

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// ErrNoIdle reports that the server does not support IDLE: poll instead.
var ErrNoIdle = errors.New("imap server does not support IDLE")

// mailboxHandler returns the unilateral-data handler that signals new mail.
// It runs on imapclient's reader goroutine, so it never blocks.
func mailboxHandler(newMail chan<- struct{}) *imapclient.UnilateralDataHandler {
	return &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages == nil {
				return
			}
			select {
			case newMail <- struct{}{}:
			default: // a signal is already pending
			}
		},
	}
}

// Idle waits with IMAP IDLE on the examined folder and calls onNew, from
// Idle's goroutine, each time the server reports a change in its message
// count. onNew must not use this client (it is idling); it typically
// signals the caller, which then ends ctx and fetches. Idle returns nil when
// ctx ends, after stopping IDLE cleanly so the client stays usable. It
// returns ErrNoIdle when the server lacks IDLE, and an error when the
// connection drops.
func (c *Client) Idle(ctx context.Context, onNew func()) error {
	if !c.caps.Has(imap.CapIdle) && !c.caps.Has(imap.CapIMAP4rev2) {
		return ErrNoIdle
	}
	if c.folder == "" {
		return errors.New("idling: no folder examined")
	}
	select { // forget changes seen before IDLE: the caller fetched them
	case <-c.newMail:
	default:
	}
	end := c.conn.begin() // bound the wait for the server's "+ idling"
	idle, err := c.cl.Idle()
	end()
	if err != nil {
		return fmt.Errorf("idling in folder %q: %w", c.folder, err)
	}
	c.log.Debug("imap idling", "folder", c.folder)
	for {
		select {
		case <-c.newMail:
			onNew()
		case <-c.cl.Closed():
			return fmt.Errorf("idling in folder %q: connection closed", c.folder)
		case <-ctx.Done():
			end := c.conn.begin()
			defer end()
			if err := idle.Close(); err != nil {
				return fmt.Errorf("stopping idle in folder %q: %w", c.folder, err)
			}
			if err := idle.Wait(); err != nil {
				return fmt.Errorf("stopping idle in folder %q: %w", c.folder, err)
			}
			return nil
		}
	}
}
