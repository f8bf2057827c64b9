package dovecottest

import (
	"os"
	"syscall"
)

// procAttr puts Dovecot in its own process group, so killTree reaches its
// children, and has the kernel stop it if the test binary dies first.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// killTree kills p's process group (p leads it, see procAttr).
func killTree(p *os.Process) {
	_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	_ = p.Kill()
}
