//go:build !unix

package dovecottest

import (
	"os"
	"syscall"
	"time"
)

// procAttr has nothing to add where Dovecot does not run anyway.
func procAttr() *syscall.SysProcAttr { return nil }

// killTree kills p.
func killTree(p *os.Process) { _ = p.Kill() }

// groupCPU is not measured here.
func groupCPU(int) time.Duration { return 0 }
