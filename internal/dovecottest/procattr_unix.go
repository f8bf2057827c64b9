//go:build unix && !linux

package dovecottest

import (
	"os"
	"syscall"
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
