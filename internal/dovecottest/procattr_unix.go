//go:build unix && !linux

package dovecottest

import (
	"os"
	"syscall"
	"time"
)

// procAttr puts Dovecot in its own process group, so killTree reaches its
// children.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// killTree kills p's process group (p leads it, see procAttr).
func killTree(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}

// groupCPU is not measured here.
func groupCPU(int) time.Duration { return 0 }
