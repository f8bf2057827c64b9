package imapmail

import (
	"context"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"

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
