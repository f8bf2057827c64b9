package imapmail

import (
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
)

func TestToFolder(t *testing.T) {
	tests := []struct {
		name           string
		data           imap.ListData
		wantSpecial    []string
		wantSelectable bool
		wantDelim      string
	}{
		{name: "plain", data: imap.ListData{Mailbox: "INBOX", Delim: '/'}, wantSelectable: true, wantDelim: "/"},
		{name: "special-use in odd case", data: imap.ListData{Mailbox: "[Gmail]/All Mail", Delim: '/',
			Attrs: []imap.MailboxAttr{`\HasNoChildren`, `\ALL`}}, wantSpecial: []string{`\All`}, wantSelectable: true, wantDelim: "/"},
		{name: "noselect", data: imap.ListData{Mailbox: "[Gmail]", Delim: '/',
			Attrs: []imap.MailboxAttr{`\NoSelect`, `\HasChildren`}}, wantDelim: "/"},
		{name: "nonexistent", data: imap.ListData{Mailbox: "gone",
			Attrs: []imap.MailboxAttr{`\NonExistent`}}},
		{name: "several", data: imap.ListData{Mailbox: "Trash", Delim: '.',
			Attrs: []imap.MailboxAttr{`\Trash`, `\Marked`, `\Junk`}}, wantSpecial: []string{`\Trash`, `\Junk`}, wantSelectable: true, wantDelim: "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := toFolder(&tt.data)
			if f.Name != tt.data.Mailbox || f.Delim != tt.wantDelim || f.Selectable != tt.wantSelectable ||
				!slices.Equal(f.SpecialUse, tt.wantSpecial) {
				t.Errorf("toFolder = %+v, want name %q delim %q selectable %v special %q",
					f, tt.data.Mailbox, tt.wantDelim, tt.wantSelectable, tt.wantSpecial)
			}
		})
	}
}
