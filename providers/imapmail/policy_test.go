package imapmail

import (
	"slices"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

func folder(name, delim string, selectable bool, special ...string) model.Folder {
	return model.Folder{Name: name, Delim: delim, Selectable: selectable, SpecialUse: special}
}

func TestSelectFolders(t *testing.T) {
	gmail := []model.Folder{
		folder("INBOX", "/", true),
		folder("Clients", "/", true),
		folder("Family", "/", true),
		folder("[Gmail]", "/", false),
		folder("[Gmail]/All Mail", "/", true, `\All`),
		folder("[Gmail]/Drafts", "/", true, `\Drafts`),
		folder("[Gmail]/Sent Mail", "/", true, `\Sent`),
		folder("[Gmail]/Spam", "/", true, `\Junk`),
		folder("[Gmail]/Trash", "/", true, `\Trash`),
	}
	dovecot := []model.Folder{
		folder("INBOX", ".", true),
		folder("Sent", ".", true, `\Sent`),
		folder("Trash", ".", true, `\Trash`),
		folder("Junk", ".", true, `\Junk`),
		folder("Drafts", ".", true, `\Drafts`),
		folder("Projects", ".", true),
		// A user folder that only looks like trash: SPECIAL-USE decides.
		folder("Projects.Bin", ".", true),
		folder("Shared", ".", false),
	}
	namesOnly := []model.Folder{
		folder("INBOX", ".", true),
		folder("INBOX.Sent", ".", true),
		folder("INBOX.Trash", ".", true),
		folder("INBOX.Work", ".", true),
		folder("Deleted Items", "/", true),
		folder("Junk E-mail", "/", true),
		folder("[Gmail]/Spam", "/", true),
		folder("Outbox", "/", true),
		folder("drafts", "/", true),
		folder("Archive", "/", true),
	}
	tests := []struct {
		name    string
		all     []model.Folder
		include []string
		want    []string
		wantErr []string // substrings of the error
	}{
		{name: "gmail: only All Mail", all: gmail, want: []string{"[Gmail]/All Mail"}},
		{name: "dovecot: special-use exclusions", all: dovecot,
			want: []string{"INBOX", "Sent", "Projects", "Projects.Bin"}},
		{name: "no special-use: names excluded", all: namesOnly,
			want: []string{"INBOX", "INBOX.Sent", "INBOX.Work", "Archive"}},
		{name: "include list wins over \\All", all: gmail, include: []string{"INBOX", "[Gmail]/Sent Mail"},
			want: []string{"INBOX", "[Gmail]/Sent Mail"}},
		{name: "include matches case-insensitively", all: dovecot, include: []string{"inbox", "projects"},
			want: []string{"INBOX", "Projects"}},
		{name: "include names every unknown folder", all: dovecot, include: []string{"INBOX", "Clients", "Old"},
			wantErr: []string{`"Clients"`, `"Old"`}},
		{name: "include of a non-selectable folder", all: dovecot, include: []string{"Shared"},
			wantErr: []string{`"Shared"`, "cannot be selected"}},
		{name: "no folders", all: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectFolders(tt.all, tt.include)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("SelectFolders = %v, want an error", got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %s", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range got {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("SelectFolders = %q, want %q", names, tt.want)
			}
		})
	}
}
