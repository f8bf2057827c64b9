package imapmail

import (
	"bytes"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// sparseFolder fills folder with total messages and expunges all but every
// keep-th, leaving UIDs keep, 2*keep, ... as after years of deleting mail.
func sparseFolder(t *testing.T, ts *testServer, folder string, total, keep int) {
	t.Helper()
	if err := ts.user.Create(folder, nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= total; i++ {
		if _, err := ts.user.Append(folder, bytes.NewReader(raw(folder, i)), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	cl, err := imapclient.DialInsecure(ts.addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Login(testUser, testPass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Select(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	var drop imap.UIDSet
	for i := 1; i <= total; i++ {
		if i%keep != 0 {
			drop.AddNum(imap.UID(i))
		}
	}
	store := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := cl.Store(drop, store, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := cl.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
}

// A folder whose few messages are spread over many UIDs is read in a few
// FETCH commands, not one per BatchSize UIDs, and every message arrives once,
// in order; a dense folder still gets batches of BatchSize.
func TestFetchSparseUIDs(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"Dense": 100}})
	const total, keep = 4000, 50 // 80 messages over UIDs 50..4000
	sparseFolder(t, ts, "Sparse", total, keep)
	opts := ts.options(testPass)
	opts.BatchSize = 10
	tests := []struct {
		name       string
		folder     string
		want       int
		maxFetches int
	}{
		// One FETCH per 10 UIDs would be 400 commands.
		{name: "sparse", folder: "Sparse", want: total / keep, maxFetches: 25},
		{name: "dense", folder: "Dense", want: 100, maxFetches: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialT(t, opts)
			st, err := c.Examine(t.Context(), tt.folder)
			if err != nil {
				t.Fatal(err)
			}
			before := countHeaderFetches(ts.wire.String())
			got := collect(t, c, 0, st.UIDNext)
			fetches := countHeaderFetches(ts.wire.String()) - before
			if len(got) != tt.want {
				t.Fatalf("got %d messages, want %d", len(got), tt.want)
			}
			if fetches > tt.maxFetches {
				t.Errorf("%d FETCH commands for %d messages, want at most %d", fetches, len(got), tt.maxFetches)
			}
			t.Logf("%d messages in %d FETCH commands", len(got), fetches)
		})
	}
}

func countHeaderFetches(wire string) int {
	n := 0
	for _, cmd := range clientCommands(wire) {
		if strings.HasPrefix(cmd, "UID FETCH") && strings.Contains(cmd, "HEADER.FIELDS") {
			n++
		}
	}
	return n
}
