package dovecottest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times;
// it is 100 on every Linux architecture Go supports.
const clockTicks = 100

// groupCPU sums, over the live processes of process group pgid, user and
// system time, and for the group's leader also the time of the children it
// has reaped.
func groupCPU(pgid int) time.Duration {
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var ticks int64
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the process ended meanwhile
		}
		// Fields after "(comm)": state ppid pgrp session tty tpgid flags
		// minflt cminflt majflt cmajflt utime stime cutime cstime.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) < 15 {
			continue
		}
		if grp, _ := strconv.Atoi(string(f[2])); grp != pgid {
			continue
		}
		last := 12 // utime, stime
		if pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p))); pid == pgid {
			last = 14 // and cutime, cstime
		}
		for _, v := range f[11 : last+1] {
			n, _ := strconv.ParseInt(string(v), 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}
