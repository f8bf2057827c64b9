// Package lock keeps one tend daemon per index: Acquire takes an exclusive
// advisory lock (flock) on "<index>.lock" and writes the holder's PID into
// it, so a second start fails with an error naming the process that holds
// the index. The kernel drops the lock when the process dies, even by
// SIGKILL, so a stale lock file never blocks a restart.
package lock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrHeld is wrapped by the error Acquire returns when another process holds
// the lock.
var ErrHeld = errors.New("index is locked by another tend")

// HeldError says which process holds the lock.
type HeldError struct {
	Path string // the lock file
	PID  int    // the holder's process ID; 0 when unknown
}

func (e *HeldError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s: another tend (pid %d) is already running on this index", e.Path, e.PID)
	}
	return fmt.Sprintf("%s: another tend is already running on this index", e.Path)
}

// Unwrap makes errors.Is(err, ErrHeld) true.
func (e *HeldError) Unwrap() error { return ErrHeld }

// Lock is a held lock. It is not safe for concurrent use; Release once.
type Lock struct {
	f *os.File
}

// Path is the lock file of the index at indexPath.
func Path(indexPath string) string { return indexPath + ".lock" }

// Acquire locks the index at indexPath for this process, without waiting,
// creating the index directory (0700) if needed.
// When another process holds it, the error is a *HeldError naming its PID.
func Acquire(indexPath string) (*Lock, error) {
	path := Path(indexPath)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating index directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening lock file: %w", err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	if held {
		pid := readPID(f)
		f.Close()
		return nil, &HeldError{Path: path, PID: pid}
	}
	if err := writePID(f, os.Getpid()); err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Release unlocks and closes the lock file. The file stays, empty: removing
// it would race with a process about to lock it.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	uerr := unlock(l.f)
	cerr := l.f.Close()
	l.f = nil
	if err := errors.Join(uerr, cerr); err != nil {
		return fmt.Errorf("releasing lock: %w", err)
	}
	return nil
}

func readPID(f *os.File) int {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

func writePID(f *os.File, pid int) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(pid)+"\n"), 0); err != nil {
		return err
	}
	return f.Sync()
}
