package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// Run is one measured `tend` child process.
type Run struct {
	Wall   time.Duration
	MaxRSS int64         // peak resident set size in bytes
	CPU    time.Duration // user and system time
	Stderr string
}

// BuildTend compiles cmd/tend into dir and returns the binary's path.
func BuildTend(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "tend")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/tend-dev/tend/cmd/tend")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building tend: %w\n%s", err, out)
	}
	return bin, nil
}

// WriteConfig writes a tend config for one plain-TCP loopback account whose
// password comes from the environment variable passwordEnv, with the index
// at indexPath, and returns the config's path. The account keeps tend's
// default pool of connections, as a user's would.
func WriteConfig(dir, host string, port int, user, passwordEnv, self, indexPath string) (string, error) {
	text := fmt.Sprintf("[index]\npath = %q\n\n[log]\nlevel = \"debug\"\n\n[[accounts]]\nname = \"bench\"\nkind = \"imap\"\nhost = %q\nport = %d\n"+
		"security = \"none\"\nusername = %q\npassword_env = %q\naddresses = [%q]\n",
		indexPath, host, port, user, passwordEnv, self)
	path := filepath.Join(dir, "config-"+strconv.Itoa(port)+".toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		return "", fmt.Errorf("writing config: %w", err)
	}
	return path, nil
}

// RunTend runs `bin args...` with env added to the environment and measures
// its wall time, CPU time and peak RSS, through the launcher when the
// process has one (launch.go). A non-zero exit is an error quoting stderr.
func RunTend(ctx context.Context, bin string, env []string, args ...string) (Run, error) {
	if launcher == "" {
		return runDirect(ctx, bin, env, args...)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return Run{}, err
	}
	defer pr.Close()
	cmd := exec.CommandContext(ctx, launcher, append([]string{bin}, args...)...)
	cmd.Env = append(append(os.Environ(), env...), launchEnv+"=1")
	cmd.ExtraFiles = []*os.File{pw}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Start()
	pw.Close()
	if err != nil {
		return Run{}, fmt.Errorf("starting the launcher: %w", err)
	}
	report, _ := io.ReadAll(pr)
	err = cmd.Wait()
	r := Run{Stderr: errb.String()}
	var wall, cpu int64
	if _, serr := fmt.Sscan(string(report), &wall, &r.MaxRSS, &cpu); serr != nil && err == nil {
		err = fmt.Errorf("no report from the launcher (%q): %w", report, serr)
	}
	r.Wall, r.CPU = time.Duration(wall), time.Duration(cpu)
	if err != nil {
		return r, fmt.Errorf("tend %s: %w\n%s", strings.Join(args, " "), err, r.Stderr)
	}
	return r, nil
}

// runDirect is RunTend without a launcher: the peak RSS it reads may be the
// calling process's own.
func runDirect(ctx context.Context, bin string, env []string, args ...string) (Run, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	r := Run{Wall: time.Since(start), Stderr: errb.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		r.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if err != nil {
		return r, fmt.Errorf("tend %s: %w\n%s", strings.Join(args, " "), err, r.Stderr)
	}
	return r, nil
}

// Verify compares the index at indexPath with the ground truth: every
// person the generator was in touch with is known with the right last
// contact, nobody else is a person, and every personal message counts
// exactly once.
func Verify(ctx context.Context, indexPath string, truth Truth) error {
	st, err := store.Open(ctx, indexPath)
	if err != nil {
		return err
	}
	defer st.Close()
	last := map[string]time.Time{}
	people, touches := 0, 0
	var problems []string
	err = st.Histories(ctx, func(h model.PersonHistory) error {
		if len(h.Touches) == 0 {
			return nil
		}
		people++
		touches += len(h.Touches)
		for _, t := range h.Touches {
			email := t.Email // set by newer stores; older ones give the primary address only
			if email == "" {
				email = h.Email
			}
			if t.At.After(last[email]) {
				last[email] = t.At
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading histories: %w", err)
	}
	for email, want := range truth.Last {
		if got, ok := last[email]; !ok {
			problems = append(problems, "missing person "+email)
		} else if !got.Equal(want) {
			problems = append(problems, fmt.Sprintf("%s: last contact %s, want %s", email, got.UTC(), want.UTC()))
		}
	}
	for email := range truth.NotCount {
		if _, ok := last[email]; ok {
			problems = append(problems, "not a relationship but counted: "+email)
		}
	}
	if touches != truth.Personal {
		problems = append(problems, fmt.Sprintf("%d interactions in the index, want %d (duplicates or losses)", touches, truth.Personal))
	}
	if people != len(truth.Last) {
		problems = append(problems, fmt.Sprintf("%d people in the index, want %d", people, len(truth.Last)))
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return fmt.Errorf("index differs from the ground truth in %d ways, first: %s", len(problems), strings.Join(problems[:min(5, len(problems))], "; "))
	}
	return nil
}

// phaseRE matches the sync engine's debug line on where a sync's time went.
var phaseRE = regexp.MustCompile(`msg="sync phases".* fetch=(\S+) writer_after_fetch=(\S+) index_rebuild=(\S+)`)

// Phases are the parts of one account's sync, from its debug log.
type Phases struct {
	Fetch, WriterAfterFetch, IndexRebuild time.Duration
}

// ParsePhases reads the "sync phases" debug line from tend's stderr.
func ParsePhases(stderr string) (Phases, bool) {
	m := phaseRE.FindStringSubmatch(stderr)
	if m == nil {
		return Phases{}, false
	}
	var p Phases
	var err1, err2, err3 error
	p.Fetch, err1 = time.ParseDuration(m[1])
	p.WriterAfterFetch, err2 = time.ParseDuration(m[2])
	p.IndexRebuild, err3 = time.ParseDuration(m[3])
	return p, err1 == nil && err2 == nil && err3 == nil
}
