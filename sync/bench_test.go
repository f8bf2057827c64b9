package sync_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/internal/dovecottest"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/imapmail"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// dovecotMailbox starts Dovecot holding a generated mailbox of about n
// messages and returns a sync account for it.
func dovecotMailbox(b *testing.B, n int) (tendsync.Account, int) {
	b.Helper()
	srv := dovecottest.Start(b)
	years := max(1, n/1250)
	mb := demo.Generate(demo.Options{Seed: 1, Now: testNow, Years: years})
	msgs := 0
	for _, m := range mb.Messages {
		if msgs >= n {
			break
		}
		var flags strings.Builder
		for _, f := range m.Flags {
			if f == imap.FlagSeen {
				flags.WriteByte('S')
			}
		}
		srv.Deliver(b, m.Folder, m.Raw, m.InternalDate, flags.String())
		if m.Folder != "Trash" && m.Folder != "Junk" {
			msgs++
		}
	}
	opts := imapmail.Options{Host: srv.Host, Port: srv.Port, Security: "none", Username: srv.User,
		Password:     func(context.Context) (string, error) { return srv.Password, nil },
		HeaderFields: infer.HeaderFields()}
	return tendsync.Account{
		Name: "bench",
		Dial: func(ctx context.Context) (tendsync.MailSource, error) {
			c, err := imapmail.Dial(ctx, opts)
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		SelectFolders: func(all []model.Folder) ([]model.Folder, error) { return imapmail.SelectFolders(all, nil) },
		Classifier:    infer.New(infer.Options{Self: []string{mb.User}, KeepSubjects: true}),
		Connections:   2,
	}, msgs
}

// BenchmarkDovecotSync10k measures the initial sync rate and the no-change
// re-sync time of a 10,000-message Dovecot mailbox:
//
//	go test -run XXX -bench DovecotSync10k -benchtime 3x ./sync/
func BenchmarkDovecotSync10k(b *testing.B) {
	acct, n := dovecotMailbox(b, 10000)
	ctx := context.Background()
	b.Run("initial", func(b *testing.B) {
		var fetched int
		for i := 0; i < b.N; i++ {
			st, err := store.Open(ctx, filepath.Join(b.TempDir(), "tend.db"))
			if err != nil {
				b.Fatal(err)
			}
			res, err := tendsync.SyncAccount(ctx, st, acct, tendsync.Options{})
			if err != nil {
				b.Fatal(err)
			}
			fetched += res.Fetched
			st.Close()
		}
		if fetched != n*b.N {
			b.Fatalf("fetched %d, want %d", fetched, n*b.N)
		}
		b.ReportMetric(float64(fetched)/b.Elapsed().Seconds(), "msg/s")
	})
	b.Run("nochange", func(b *testing.B) {
		st, err := store.Open(ctx, filepath.Join(b.TempDir(), "tend.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		if _, err := tendsync.SyncAccount(ctx, st, acct, tendsync.Options{}); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := time.Now()
		for i := 0; i < b.N; i++ {
			res, err := tendsync.SyncAccount(ctx, st, acct, tendsync.Options{})
			if err != nil || res.Fetched != 0 {
				b.Fatalf("re-sync fetched %d, err %v", res.Fetched, err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/resync")
	})
}
