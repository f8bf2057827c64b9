package sync_test

import (
	"context"
	"math/rand/v2"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/faultproxy"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/imapmail"
	tendsync "github.com/tend-dev/tend/sync"
)

// proxy starts a fault proxy in front of f's server, closed with the test.
func (f *fixture) proxy(t *testing.T) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.Start(net.JoinHostPort(f.srv.Host, strconv.Itoa(f.srv.Port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// accountVia is f.account reaching the server through a proxy on port.
func (f *fixture) accountVia(port int, timeout time.Duration) tendsync.Account {
	acct := f.account(nil)
	opts := imapmail.Options{Host: f.srv.Host, Port: port, Security: "none", Username: f.srv.Username,
		Password:     func(context.Context) (string, error) { return f.srv.Password, nil },
		HeaderFields: infer.HeaderFields(), Timeout: timeout, BatchSize: 100}
	acct.Dial = func(ctx context.Context) (tendsync.MailSource, error) {
		c, err := imapmail.Dial(ctx, opts)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	return acct
}

// TestConnectionCutMidFetchResumesToTheCleanIndex cuts the connection at
// random points (after K bytes from the server, mid-FETCH), syncing again
// after each cut; a final uninterrupted sync must give exactly the index a
// clean sync gives: nothing lost, nothing counted twice.
func TestConnectionCutMidFetchResumesToTheCleanIndex(t *testing.T) {
	f := newFixture(t, 31)
	clean := openStore(t)
	if _, err := syncOnce(t, clean, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	want := dump(t, clean)

	p := f.proxy(t)
	acct := f.accountVia(p.Port(), 5*time.Second)
	st := openStore(t)
	rng := rand.New(rand.NewPCG(31, 5))
	failed := 0
	for i := 0; i < 12; i++ {
		// Past the login and LIST (about 1 kB), inside the FETCH responses
		// (the demo mailbox sends a few hundred kB of headers).
		p.CutAfter(int64(2000 + rng.IntN(120000)))
		if _, err := syncOnce(t, st, acct); err != nil {
			failed++
		}
	}
	if failed == 0 || p.Cuts() == 0 {
		t.Fatalf("no sync was cut (failed %d, cuts %d): the test proves nothing", failed, p.Cuts())
	}
	p.CutAfter(0)
	res, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatalf("sync after %d cuts: %v", p.Cuts(), err)
	}
	if got := dump(t, st); got != want {
		t.Errorf("index after %d cut connections differs from a clean sync's: %s", p.Cuts(), firstDiff(want, got))
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
	t.Logf("%d syncs cut, final sync fetched %d", failed, res.Fetched)
}

// TestStalledServerTimesOut: a server that stops answering mid-FETCH makes
// the sync fail within the timeout, and the next sync completes cleanly.
func TestStalledServerTimesOut(t *testing.T) {
	f := newFixture(t, 32)
	clean := openStore(t)
	if _, err := syncOnce(t, clean, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	p := f.proxy(t)
	st := openStore(t)
	acct := f.accountVia(p.Port(), 500*time.Millisecond)
	stalled := tendsync.Account(acct)
	stalled.Dial = func(ctx context.Context) (tendsync.MailSource, error) {
		s, err := acct.Dial(ctx)
		if err != nil {
			return nil, err
		}
		return stallOnFetch{MailSource: s, p: p}, nil
	}
	start := time.Now()
	if _, err := syncOnce(t, st, stalled); err == nil {
		t.Fatal("sync from a stalled server succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("sync took %v to give up on a stalled server (timeout 500ms)", d)
	}
	p.Stall(false)
	if _, err := syncOnce(t, st, acct); err != nil {
		t.Fatalf("sync after the stall: %v", err)
	}
	if got, want := dump(t, st), dump(t, clean); got != want {
		t.Errorf("index after a stalled sync differs from a clean one: %s", firstDiff(want, got))
	}
}

// stallOnFetch stalls the proxy once the fetch of a folder has started.
type stallOnFetch struct {
	tendsync.MailSource
	p *faultproxy.Proxy
}

func (s stallOnFetch) Fetch(ctx context.Context, after, next uint32, fn func(model.HeaderMessage) error) error {
	n := 0
	return s.MailSource.Fetch(ctx, after, next, func(m model.HeaderMessage) error {
		if n++; n == 20 {
			s.p.Stall(true)
		}
		return fn(m)
	})
}

// A re-sync with nothing new reads each folder's status (STATUS, sent
// together) and selects none.
func TestReSyncReadsStatusesAndSelectsNothing(t *testing.T) {
	f := newFixture(t, 33)
	p := f.proxy(t)
	acct := f.accountVia(p.Port(), 5*time.Second)
	st := openStore(t)
	first, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if first.Folders == 0 || first.Fetched == 0 {
		t.Fatalf("first sync: %+v", first)
	}
	p.ResetCounts()
	again, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	cmds := p.Commands()
	if again.Fetched != 0 || cmds["EXAMINE"] != 0 || cmds["UID FETCH"] != 0 || cmds["STATUS"] != first.Folders {
		t.Errorf("re-sync fetched %d with commands %v; want 0 fetched, one STATUS per folder (%d), no EXAMINE",
			again.Fetched, cmds, first.Folders)
	}
}
