package dovecottest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ResetUIDValidity makes Dovecot assign folder a new UIDVALIDITY (and new
// UIDs) the next time a client opens it, as after a server migration. It
// removes the folder's dovecot-uidlist and index files, and the mailbox list
// index, which would otherwise restore the old value. Call it while no
// client has the folder selected.
func (s *Server) ResetUIDValidity(t testing.TB, folder string) {
	t.Helper()
	dir, err := s.existingFolder(folder)
	if err == nil {
		err = removeMatching(dir, "dovecot-uidlist", "dovecot.index")
	}
	if err == nil {
		err = s.dropListIndex()
	}
	if err != nil {
		t.Fatalf("dovecottest: resetting UIDVALIDITY of %q: %v", folder, err)
	}
}

// RenameFolder renames a folder (with its subfolders) in the maildir behind
// Dovecot's back, as another client or an admin might. to must not exist.
func (s *Server) RenameFolder(t testing.TB, from, to string) {
	t.Helper()
	if err := s.renameFolder(from, to); err != nil {
		t.Fatalf("dovecottest: renaming folder %q to %q: %v", from, to, err)
	}
}

func (s *Server) renameFolder(from, to string) error {
	src, err := s.existingFolder(from)
	if err != nil {
		return err
	}
	dst, err := s.folderPath(to)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("folder %q already exists", to)
	}
	if err := s.mkdirOwned(filepath.Dir(dst)); err != nil {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("renaming maildir: %w", err)
	}
	return s.dropListIndex()
}

// DeleteFolder deletes a folder, its messages and its subfolders from the
// maildir behind Dovecot's back.
func (s *Server) DeleteFolder(t testing.TB, folder string) {
	t.Helper()
	dir, err := s.existingFolder(folder)
	if err == nil {
		err = os.RemoveAll(dir)
	}
	if err == nil {
		err = s.dropListIndex()
	}
	if err != nil {
		t.Fatalf("dovecottest: deleting folder %q: %v", folder, err)
	}
}

// existingFolder is folderPath for a folder that must already exist.
func (s *Server) existingFolder(folder string) (string, error) {
	dir, err := s.folderPath(folder)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("no folder %q in %s", folder, s.MaildirRoot)
	}
	return dir, nil
}

// dropListIndex removes the mailbox list index, which caches folder names
// and UIDVALIDITYs; Dovecot rebuilds it from the maildir.
func (s *Server) dropListIndex() error {
	return removeMatching(s.MaildirRoot, "dovecot.list.index")
}

// removeMatching removes the files directly in dir whose names start with
// one of prefixes.
func removeMatching(dir string, prefixes ...string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, e := range entries {
		for _, p := range prefixes {
			if !e.IsDir() && strings.HasPrefix(e.Name(), p) {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return fmt.Errorf("removing %s: %w", e.Name(), err)
				}
				break
			}
		}
	}
	return nil
}
