package main

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/tend-dev/tend/model"
	tendsync "github.com/tend-dev/tend/sync"
)

// fakeSource is a connection that counts its logouts.
type fakeSource struct {
	id     int
	closed *atomic.Int32
}

func (f fakeSource) Folders(context.Context) ([]model.Folder, error) { return nil, nil }
func (f fakeSource) Examine(context.Context, string) (model.FolderStatus, error) {
	return model.FolderStatus{}, nil
}
func (f fakeSource) Fetch(context.Context, uint32, uint32, func(model.HeaderMessage) error) error {
	return nil
}
func (f fakeSource) Close() error { f.closed.Add(1); return nil }

func newEarly(src tendsync.MailSource) *earlyDial {
	e := &earlyDial{account: "work", done: make(chan struct{}), src: src}
	close(e.done)
	return e
}

// The connection dialled while the index opened is the sync's first; the
// sync's other dials are real ones, and it is not logged out of twice.
func TestEarlyDialIsTheFirstConnection(t *testing.T) {
	var closed atomic.Int32
	e := newEarly(fakeSource{id: 1, closed: &closed})
	dials := 0
	dial := func(context.Context) (tendsync.MailSource, error) {
		dials++
		return fakeSource{id: 100 + dials, closed: &closed}, nil
	}
	ctx := context.Background()
	if d := e.dialer("home", dial); d == nil {
		t.Fatal("no dialer for another account")
	} else if s, _ := d(ctx); s.(fakeSource).id != 101 {
		t.Errorf("another account got connection %d, want a dialled one", s.(fakeSource).id)
	}
	d := e.dialer("work", dial)
	first, err := d(ctx)
	if err != nil || first.(fakeSource).id != 1 {
		t.Fatalf("first dial = %v, %v; want the early connection", first, err)
	}
	second, _ := d(ctx)
	if second.(fakeSource).id != 102 {
		t.Errorf("second dial = %d, want a new connection", second.(fakeSource).id)
	}
	e.discard()
	if n := closed.Load(); n != 0 {
		t.Errorf("discard logged out of %d connections the sync owns", n)
	}
}

// An early connection nobody took (the index did not open) is logged out of.
func TestEarlyDialUnusedIsClosed(t *testing.T) {
	var closed atomic.Int32
	e := newEarly(fakeSource{id: 1, closed: &closed})
	e.discard()
	e.discard()
	if n := closed.Load(); n != 1 {
		t.Errorf("logged out %d times, want once", n)
	}
	var none *earlyDial
	none.discard() // no account dialled early
}
