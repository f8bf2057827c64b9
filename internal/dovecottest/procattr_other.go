//go:build !unix

package dovecottest

import (
	"os"
	"syscall"
)

// procAttr has nothing to add where Dovecot does not run anyway.
func procAttr() *syscall.SysProcAttr { return nil }

// killTree kills p.
func killTree(p *os.Process) { _ = p.Kill() }
