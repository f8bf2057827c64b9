package dovecottest

import (
	"path/filepath"
	"testing"
	"time"
)

func TestFolderPath(t *testing.T) {
	s := &Server{MaildirRoot: "/m"}
	tests := []struct {
		name, folder, want string
		wantErr            bool
	}{
		{name: "inbox any case", folder: "inbox", want: "/m/INBOX"},
		{name: "top level", folder: "Sent", want: "/m/Sent"},
		{name: "nested", folder: "Archive/2024", want: "/m/Archive/2024"},
		{name: "empty", folder: "", wantErr: true},
		{name: "escape", folder: "../etc", wantErr: true},
		{name: "empty part", folder: "a//b", wantErr: true},
		{name: "maildir subdir", folder: "Archive/cur", wantErr: true},
		{name: "non-ascii", folder: "Entwürfe", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.folderPath(tt.folder)
			if (err != nil) != tt.wantErr {
				t.Fatalf("folderPath(%q) error = %v, wantErr %v", tt.folder, err, tt.wantErr)
			}
			if !tt.wantErr && got != filepath.FromSlash(tt.want) {
				t.Errorf("folderPath(%q) = %q, want %q", tt.folder, got, tt.want)
			}
		})
	}
}

func TestNormalizeFlags(t *testing.T) {
	tests := []struct {
		name, flags, want string
		wantErr           bool
	}{
		{name: "none", flags: "", want: ""},
		{name: "sorted and deduplicated", flags: "SRaS", want: "RSa"},
		{name: "unknown flag", flags: "X", wantErr: true},
		{name: "separator", flags: ",S", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalizeFlags(tt.flags)
			if (err != nil) != tt.wantErr {
				t.Fatalf("normalizeFlags(%q) error = %v, wantErr %v", tt.flags, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("normalizeFlags(%q) = %q, want %q", tt.flags, got, tt.want)
			}
		})
	}
}

func TestDeliverRejectsBadInputWithoutWriting(t *testing.T) {
	root := t.TempDir()
	s := &Server{dir: root, MaildirRoot: filepath.Join(root, "Maildir")}
	before, err := snapshot(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ folder, flags string }{{"../x", ""}, {"INBOX", "Q"}} {
		if err := s.deliver(c.folder, []byte("Subject: x\r\n\r\n"), time.Now(), c.flags); err == nil {
			t.Errorf("deliver(%q, flags %q) succeeded, want error", c.folder, c.flags)
		}
	}
	if after, _ := snapshot(root); after != before {
		t.Errorf("rejected deliveries wrote files:\n%s", after)
	}
}
