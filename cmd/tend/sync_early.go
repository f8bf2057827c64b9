package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/tend-dev/tend/config"
	tendsync "github.com/tend-dev/tend/sync"
)

// earlyDial is the first connection of the first account `tend sync` will
// sync, dialled while the index opens (a few milliseconds each, on
// different resources) instead of after it.
type earlyDial struct {
	account string
	done    chan struct{} // closed when the dial has ended
	src     tendsync.MailSource
	err     error

	mu    sync.Mutex
	taken bool
}

// dialEarly starts dialling the first account to sync (only, if set) when
// it is a mail account; nil otherwise, or when its settings are wrong (the
// sync reports them).
func dialEarly(ctx context.Context, c *config.Config, only string, log *slog.Logger) *earlyDial {
	for _, a := range c.Accounts {
		if only != "" && a.Name != only {
			continue
		}
		if a.IsGoogle() || a.IsStandards() {
			return nil
		}
		dial, err := mailDial(c, a, imapSecret(a, log), log)
		if err != nil {
			return nil
		}
		e := &earlyDial{account: a.Name, done: make(chan struct{})}
		go func() {
			defer close(e.done)
			e.src, e.err = dial(ctx)
		}()
		return e
	}
	return nil
}

// dialer returns dial for account, except that for the account dialled
// early its first call returns that connection (or that dial's error).
func (e *earlyDial) dialer(account string, dial func(context.Context) (tendsync.MailSource, error)) func(context.Context) (tendsync.MailSource, error) {
	if e == nil || e.account != account {
		return dial
	}
	return func(ctx context.Context) (tendsync.MailSource, error) {
		e.mu.Lock()
		first := !e.taken
		e.taken = true
		e.mu.Unlock()
		if !first {
			return dial(ctx)
		}
		select {
		case <-e.done:
			return e.src, e.err
		case <-ctx.Done():
			go func() { // nobody will use it now
				<-e.done
				if e.src != nil {
					e.src.Close()
				}
			}()
			return nil, ctx.Err()
		}
	}
}

// discard logs out of the early connection unless a sync took it.
func (e *earlyDial) discard() {
	if e == nil {
		return
	}
	<-e.done
	e.mu.Lock()
	unused := !e.taken
	e.taken = true
	e.mu.Unlock()
	if unused && e.src != nil {
		e.src.Close()
	}
}
