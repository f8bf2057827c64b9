package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// A child's peak RSS, as its parent reads it from wait4, starts at the
// parent's own peak: Go starts children with vfork, and exec carries the
// parent's high-water mark into the child's accounting. A benchmark process
// holding a generated mailbox's ground truth, or a recorded session, would
// lend tend its memory. So RunTend starts tend through a launcher: this
// test binary again, which runs tend before it allocates anything (a few
// MB) and reports tend's own usage back through a pipe.

// launchEnv marks a launcher process.
const launchEnv = "TEND_BENCH_LAUNCH"

// launcher is the binary to launch tend with; empty when the process did
// not call LaunchMain (then RunTend measures tend directly).
var launcher string

// LaunchMain must come first in the package's TestMain: in a launcher
// process it runs the command in its arguments and exits with its status;
// otherwise it notes that this binary can launch.
func LaunchMain() {
	if os.Getenv(launchEnv) == "" {
		launcher, _ = os.Executable()
		return
	}
	os.Exit(launch(os.Args[1:]))
}

// launch runs args with the launcher's standard streams and writes "wall
// maxrss cpu" (nanoseconds, bytes, nanoseconds) to file descriptor 3.
func launch(args []string) int {
	report := os.NewFile(3, "report")
	if len(args) == 0 || report == nil {
		fmt.Fprintln(os.Stderr, "bench launcher: nothing to run")
		return 2
	}
	syscall.CloseOnExec(3) // the report pipe is the launcher's, not tend's
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, launchEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with a killed launcher
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "bench launcher: %v\n", err)
		return 127
	}
	var rss, cpu int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
		cpu = ru.Utime.Nano() + ru.Stime.Nano()
	}
	fmt.Fprintf(report, "%d %d %d\n", wall.Nanoseconds(), rss, cpu)
	return cmd.ProcessState.ExitCode()
}
