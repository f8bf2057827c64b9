package main

import (
	"fmt"
	"io"
	"os"
	stdsync "sync"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	tendsync "github.com/tend-dev/tend/sync"
)

// newProgress returns a progress bar on a terminal, nil elsewhere (where
// the engine logs instead).
func newProgress(w io.Writer) tendsync.Progress {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil
	}
	return &termProgress{w: w}
}

// termProgress draws one bar per account sync: folder, done/total, rate.
type termProgress struct {
	w   io.Writer
	mu  stdsync.Mutex
	bar *progressbar.ProgressBar
}

func (p *termProgress) Begin(account string, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if total == 0 {
		return
	}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(account),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("msg"),
		progressbar.OptionThrottle(100e6),
		progressbar.OptionClearOnFinish(),
	)
}

func (p *termProgress) Add(folder string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		return
	}
	p.bar.Describe(folder)
	_ = p.bar.Add(n)
}

func (p *termProgress) End() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprint(p.w, "\r")
		p.bar = nil
	}
}
