package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Alternative is what a user would otherwise run to get a contact list from
// the same mailbox: mbsync (isync) to copy it locally, `mu index`, then
// `mu cfind --personal`.
type Alternative struct {
	Mbsync, MuIndex, MuCfind time.Duration
	Contacts                 int // lines mu cfind printed
}

// Total is the whole alternative's wall time.
func (a Alternative) Total() time.Duration { return a.Mbsync + a.MuIndex + a.MuCfind }

// HaveAlternative reports whether mbsync and mu are installed.
func HaveAlternative() bool {
	_, e1 := exec.LookPath("mbsync")
	_, e2 := exec.LookPath("mu")
	return e1 == nil && e2 == nil
}

// RunAlternative runs mbsync, mu index and mu cfind on the server's mailbox,
// working in dir.
func RunAlternative(ctx context.Context, s Server, self, dir string) (Alternative, error) {
	var a Alternative
	host, port, _ := strings.Cut(s.Addr, ":")
	mail := filepath.Join(dir, "mail")
	muhome := filepath.Join(dir, "mu")
	if err := os.MkdirAll(mail, 0o700); err != nil {
		return a, err
	}
	rc := fmt.Sprintf(`IMAPAccount bench
Host %s
Port %s
User %s
Pass %s
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path %s/
Inbox %s/INBOX
SubFolders Verbatim

Channel bench
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
SyncState *
`, host, port, s.User, s.Password, mail, mail)
	rcPath := filepath.Join(dir, "mbsyncrc")
	if err := os.WriteFile(rcPath, []byte(rc), 0o600); err != nil {
		return a, err
	}
	steps := []struct {
		d    *time.Duration
		args []string
	}{
		{&a.Mbsync, []string{"mbsync", "-q", "-c", rcPath, "-a"}},
		{new(time.Duration), []string{"mu", "init", "--muhome=" + muhome, "--maildir=" + mail, "--my-address=" + self}},
		{&a.MuIndex, []string{"mu", "index", "--muhome=" + muhome, "--quiet"}},
		{&a.MuCfind, []string{"mu", "cfind", "--muhome=" + muhome, "--personal", "--format=csv"}},
	}
	for _, st := range steps {
		start := time.Now()
		out, err := exec.CommandContext(ctx, st.args[0], st.args[1:]...).CombinedOutput()
		*st.d = time.Since(start)
		if err != nil {
			return a, fmt.Errorf("%s: %w\n%s", strings.Join(st.args[:2], " "), err, out)
		}
		if st.d == &a.MuCfind {
			a.Contacts = strings.Count(string(out), "\n")
		}
	}
	return a, nil
}
