package dovecottest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Deliver writes raw (an RFC 5322 message) straight into folder's maildir,
// as a delivery agent would: into tmp/, then renamed into cur/ with the
// given maildir flags ("" or letters from "DFPRST", e.g. "S" for \Seen,
// "RS" for \Answered \Seen) and internalDate as its mtime, which Dovecot
// reports as INTERNALDATE. folder is "INBOX" or a "/"-separated name such
// as "Sent" or "Archive/2024" (ASCII); missing folders are created.
func (s *Server) Deliver(t testing.TB, folder string, raw []byte, internalDate time.Time, flags string) {
	t.Helper()
	if err := s.deliver(folder, raw, internalDate, flags); err != nil {
		t.Fatalf("dovecottest: delivering to %q: %v", folder, err)
	}
}

func (s *Server) deliver(folder string, raw []byte, internalDate time.Time, flags string) error {
	flags, err := normalizeFlags(flags)
	if err != nil {
		return err
	}
	dir, err := s.folderPath(folder)
	if err != nil {
		return err
	}
	if err := s.makeMaildir(dir); err != nil {
		return err
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	base := fmt.Sprintf("%d.M%dP%d.tendtest,S=%d", internalDate.Unix(), seq, os.Getpid(), len(raw))
	tmp := filepath.Join(dir, "tmp", base)
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return fmt.Errorf("writing message: %w", err)
	}
	if err := os.Lchown(tmp, s.mail.uid, s.mail.gid); err != nil {
		return fmt.Errorf("handing message to mail user: %w", err)
	}
	if err := os.Chtimes(tmp, internalDate, internalDate); err != nil {
		return fmt.Errorf("setting internal date: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "cur", base+":2,"+flags)); err != nil {
		return fmt.Errorf("moving message into cur: %w", err)
	}
	return nil
}

// normalizeFlags checks maildir info flags and sorts them into the ASCII
// order the maildir spec requires. Lowercase letters are Dovecot keywords
// (see dovecot-keywords).
func normalizeFlags(flags string) (string, error) {
	seen := map[rune]bool{}
	var out []rune
	for _, r := range flags {
		if !strings.ContainsRune("DFPRST", r) && (r < 'a' || r > 'z') {
			return "", fmt.Errorf("maildir flag %q not one of DFPRST or a keyword letter a-z", r)
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return string(out), nil
}

// folderPath maps an IMAP folder name to its maildir directory.
func (s *Server) folderPath(folder string) (string, error) {
	if strings.EqualFold(folder, "INBOX") {
		return filepath.Join(s.MaildirRoot, "INBOX"), nil
	}
	if folder == "" {
		return "", errors.New("empty folder name")
	}
	for _, part := range strings.Split(folder, "/") {
		switch part {
		case "", ".", "..", "cur", "new", "tmp":
			return "", fmt.Errorf("folder %q: unusable name part %q", folder, part)
		}
		for _, r := range part {
			if r < 0x20 || r > 0x7e || r == '\\' || r == '&' {
				return "", fmt.Errorf("folder %q: only printable ASCII without '\\' or '&' is supported", folder)
			}
		}
	}
	return filepath.Join(s.MaildirRoot, filepath.FromSlash(folder)), nil
}

// makeMaildir creates dir with cur/, new/ and tmp/, owned by the mail user.
func (s *Server) makeMaildir(dir string) error {
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := s.mkdirOwned(filepath.Join(dir, sub)); err != nil {
			return err
		}
	}
	return nil
}

// mkdirOwned creates dir and any missing parents inside the server's temp
// dir, each owned by the mail user (Dovecot refuses a uid mismatch).
func (s *Server) mkdirOwned(dir string) error {
	rel, err := filepath.Rel(s.dir, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("directory %s outside %s", dir, s.dir)
	}
	cur := s.dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		err := os.Mkdir(cur, 0o755)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("creating %s: %w", cur, err)
		}
		if err := os.Lchown(cur, s.mail.uid, s.mail.gid); err != nil {
			return fmt.Errorf("handing %s to mail user: %w", cur, err)
		}
	}
	return nil
}
