package imapmail

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/tend-dev/tend/model"
)

// Folders lists every folder with its SPECIAL-USE attributes. It asks for
// them with LIST-EXTENDED RETURN (SPECIAL-USE) when the server supports it and
// otherwise reads the attributes of a plain LIST.
func (c *Client) Folders(ctx context.Context) ([]model.Folder, error) {
	done := c.op(ctx)
	defer done()
	var opts *imap.ListOptions
	if c.caps.Has(imap.CapIMAP4rev2) || (c.caps.Has(imap.CapListExtended) && c.caps.Has(imap.CapSpecialUse)) {
		opts = &imap.ListOptions{ReturnSpecialUse: true}
	}
	cmd := c.cl.List("", "*", opts)
	var out []model.Folder
	for d := cmd.Next(); d != nil; d = cmd.Next() {
		out = append(out, toFolder(d))
	}
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("listing folders: %w", ctxErr(ctx, err))
	}
	return out, nil
}

func toFolder(d *imap.ListData) model.Folder {
	f := model.Folder{Name: d.Mailbox, Selectable: true}
	if d.Delim != 0 {
		f.Delim = string(d.Delim)
	}
	for _, a := range d.Attrs {
		if strings.EqualFold(string(a), string(imap.MailboxAttrNoSelect)) ||
			strings.EqualFold(string(a), string(imap.MailboxAttrNonExistent)) {
			f.Selectable = false
			continue
		}
		if su, ok := canonicalSpecialUse(a); ok {
			f.SpecialUse = append(f.SpecialUse, su)
		}
	}
	return f
}

// canonicalSpecialUse reports whether a is an RFC 6154 (or RFC 8457)
// SPECIAL-USE attribute and returns it in canonical case.
func canonicalSpecialUse(a imap.MailboxAttr) (string, bool) {
	switch strings.ToLower(string(a)) {
	case `\all`, `\archive`, `\drafts`, `\flagged`, `\junk`, `\sent`, `\trash`, `\important`:
		s := strings.ToLower(string(a))
		return `\` + strings.ToUpper(s[1:2]) + s[2:], true
	}
	return "", false
}

// Statuses reports the status of each folder without selecting any: one
// STATUS command per folder, all sent before the first answer is read, so
// they cost one round trip. A server answers STATUS from its index, where
// EXAMINE loads the whole folder (Dovecot, three folders of 100,000
// messages: 5 ms against 30 ms). A folder whose STATUS fails or lacks a
// UIDVALIDITY is left out; the error of the first failure is returned with
// the others' statuses.
func (c *Client) Statuses(ctx context.Context, folders []string) (map[string]model.FolderStatus, error) {
	done := c.op(ctx)
	defer done()
	opts := &imap.StatusOptions{NumMessages: true, UIDNext: true, UIDValidity: true,
		HighestModSeq: c.caps.Has(imap.CapCondStore)}
	cmds := make([]*imapclient.StatusCommand, len(folders))
	for i, f := range folders {
		cmds[i] = c.cl.Status(f, opts)
	}
	out := make(map[string]model.FolderStatus, len(folders))
	var first error
	for i, cmd := range cmds {
		d, err := cmd.Wait()
		switch {
		case err != nil:
			err = fmt.Errorf("status of folder %q: %w", folders[i], ctxErr(ctx, err))
		case d.UIDValidity == 0 || d.NumMessages == nil:
			err = fmt.Errorf("status of folder %q: the server left out UIDVALIDITY or MESSAGES", folders[i])
		}
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		out[folders[i]] = model.FolderStatus{UIDValidity: d.UIDValidity, UIDNext: uint32(d.UIDNext),
			Messages: *d.NumMessages, HighestModSeq: d.HighestModSeq}
		c.log.Debug("imap status", "folder", folders[i], "messages", *d.NumMessages,
			"uidvalidity", d.UIDValidity, "uidnext", d.UIDNext)
	}
	return out, first
}

// Examine selects the folder read-only (EXAMINE, with CONDSTORE when the
// server advertises it) and reports its status. Later Fetch calls read from
// this folder.
func (c *Client) Examine(ctx context.Context, folder string) (model.FolderStatus, error) {
	done := c.op(ctx)
	defer done()
	c.folder = ""
	sel, err := c.cl.Select(folder, &imap.SelectOptions{
		ReadOnly:  true,
		CondStore: c.caps.Has(imap.CapCondStore),
	}).Wait()
	if err != nil {
		return model.FolderStatus{}, fmt.Errorf("examining folder %q: %w", folder, ctxErr(ctx, err))
	}
	c.folder = folder
	c.messages = sel.NumMessages
	c.log.Debug("imap examined", "folder", folder, "messages", sel.NumMessages,
		"uidvalidity", sel.UIDValidity, "uidnext", sel.UIDNext)
	return model.FolderStatus{
		UIDValidity:   sel.UIDValidity,
		UIDNext:       uint32(sel.UIDNext),
		Messages:      sel.NumMessages,
		HighestModSeq: sel.HighestModSeq,
	}, nil
}

// ctxErr prefers the context's error: after a cancellation the connection
// error is only a symptom.
func ctxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
