package store

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

// After a large sync the batch connection's page cache is full; a daemon
// that keeps the index open hands it back, and its resident memory falls.
func TestReleaseMemoryHandsBackTheCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the resident set from /proc")
	}
	ctx := context.Background()
	s := openTemp(t)
	mustSaveInOne(t, s, bigBatches(30000))
	before := residentKiB(t)
	if err := s.ReleaseMemory(ctx); err != nil {
		t.Fatal(err)
	}
	after := residentKiB(t)
	t.Logf("resident: %d KiB before, %d KiB after", before, after)
	if before-after < 4<<10 {
		t.Fatalf("resident memory fell by %d KiB, want at least 4 MiB (from %d KiB)", before-after, before)
	}
	// The index works as before: the next batch is stored.
	m := personal("<after@x>", day(500), model.Inbound, addr("After", "after@x.test"))
	mustSave(t, s, batch("a", "INBOX", 1<<20, Item{UID: 1 << 20, Msg: m}))
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// residentKiB is the process's resident set (VmRSS).
func residentKiB(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}
