package main

import (
	"runtime/debug"
	"testing"
)

// A sync raises the GC target under a soft heap limit and puts both back
// afterwards; GOGC or GOMEMLIMIT in the environment leaves them alone.
func TestSyncGCAppliesAndRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	pct, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(pct); debug.SetMemoryLimit(limit) }()
	before := debug.SetMemoryLimit(-1)

	restore := syncGC()
	if got := debug.SetGCPercent(-1); got != syncGCPercent {
		t.Errorf("during a sync GC percent = %d, want %d", got, syncGCPercent)
	}
	debug.SetGCPercent(syncGCPercent)
	if got := debug.SetMemoryLimit(-1); got != syncHeapLimit {
		t.Errorf("during a sync memory limit = %d, want %d", got, syncHeapLimit)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("after a sync GC percent = %d, want 100", got)
	}
	debug.SetGCPercent(100)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after a sync memory limit = %d, want %d", got, before)
	}

	t.Setenv("GOGC", "50")
	syncGC()()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("with GOGC set, GC percent = %d, want it left at 100", got)
	}
	debug.SetGCPercent(100)
}
