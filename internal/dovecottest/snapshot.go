package dovecottest

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Snapshot returns a fingerprint of everything a client could change in the
// mailbox: every folder, every message file's name (which carries its maildir
// flags) and content, and the keyword and subscription files. Two equal
// snapshots mean the mailbox is byte-for-byte unchanged, flags included.
// The result lists one line per entry, so a failing comparison shows what
// changed. Dovecot's own bookkeeping files (see isVolatile) are left out.
func (s *Server) Snapshot(t testing.TB) string {
	t.Helper()
	snap, err := snapshot(s.MaildirRoot)
	if err != nil {
		t.Fatalf("dovecottest: snapshot: %v", err)
	}
	return snap
}

func snapshot(root string) (string, error) {
	var b strings.Builder
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			fmt.Fprintf(&b, "dir  %s\n", rel)
		case isVolatile(d.Name()):
		case d.Type().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "file %s %d %x\n", rel, len(data), sha256.Sum256(data))
		default:
			fmt.Fprintf(&b, "other %s %s\n", rel, d.Type())
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("walking %s: %w", root, err)
	}
	return b.String(), nil
}

// isVolatile reports whether name is a file Dovecot writes on its own, even
// for a client that only reads: indexes, caches, logs, UIDVALIDITY counters
// and the UID list it creates on the first open of a folder. A client cannot
// change messages, flags or folders through them.
func isVolatile(name string) bool {
	for _, p := range []string{
		"dovecot.index", "dovecot.list.index", "dovecot.mailbox.log",
		"dovecot-uidlist", "dovecot-uidvalidity",
	} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
