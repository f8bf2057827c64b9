package sync_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	stdsync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/imapmail"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

var testNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// fixture is a demo mailbox served over IMAP.
type fixture struct {
	mb  *demo.Mailbox
	srv *demo.Server
}

func newFixture(t *testing.T, seed int64) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	mb := demo.Generate(demo.Options{Seed: seed, Now: testNow})
	srv, err := demo.Serve(ctx, mb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &fixture{mb: mb, srv: srv}
}

// account wires the real provider and inference; wrap may alter the source.
func (f *fixture) account(wrap func(tendsync.MailSource) tendsync.MailSource) tendsync.Account {
	opts := imapmail.Options{Host: f.srv.Host, Port: f.srv.Port, Security: "none", Username: f.srv.Username,
		Password:     func(context.Context) (string, error) { return f.srv.Password, nil },
		HeaderFields: infer.HeaderFields(), Timeout: 10 * time.Second, BatchSize: 100}
	return tendsync.Account{
		Name: "demo",
		Dial: func(ctx context.Context) (tendsync.MailSource, error) {
			c, err := imapmail.Dial(ctx, opts)
			if err != nil {
				return nil, err
			}
			if wrap != nil {
				return wrap(c), nil
			}
			return c, nil
		},
		SelectFolders: func(all []model.Folder) ([]model.Folder, error) { return imapmail.SelectFolders(all, nil) },
		Classifier:    infer.New(infer.Options{Self: []string{f.mb.User}, KeepSubjects: true}),
		Connections:   2,
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "idx", "tend.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func syncOnce(t *testing.T, st *store.Store, acct tendsync.Account) (tendsync.Result, error) {
	t.Helper()
	return tendsync.SyncAccount(context.Background(), st, acct, tendsync.Options{BatchSize: 50, Clock: func() time.Time { return testNow }})
}

// dump renders everything the index knows about people, canonically.
func dump(t *testing.T, st *store.Store) string {
	t.Helper()
	var people []string
	err := st.Histories(context.Background(), func(h model.PersonHistory) error {
		var b strings.Builder
		fmt.Fprintf(&b, "%s <%s>\n", h.Name, h.Email)
		for _, tc := range h.Touches {
			fmt.Fprintf(&b, "  %s %s %s %.3f %q\n", tc.At.Format(time.RFC3339), tc.Direction, tc.Channel, tc.Weight, tc.Subject)
		}
		people = append(people, b.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Person ids follow discovery order, which differs between runs.
	sort.Strings(people)
	var b strings.Builder
	b.WriteString(strings.Join(people, ""))
	n, err := st.MessageCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "messages: %d\n", n)
	return b.String()
}

// syncedFolders counts the generated messages in the folders tend reads.
func (f *fixture) syncedMessages() int {
	n := 0
	for _, m := range f.mb.Messages {
		if m.Folder != "Trash" && m.Folder != "Junk" {
			n++
		}
	}
	return n
}

func TestSyncThenResyncFetchesOnlyNew(t *testing.T) {
	f := newFixture(t, 1)
	st := openStore(t)
	acct := f.account(nil)
	res, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.syncedMessages(); res.Fetched != want {
		t.Errorf("first sync fetched %d messages, want %d (every message outside Trash and Junk)", res.Fetched, want)
	}
	if res.Contacts == 0 || res.Contacts == res.Fetched {
		t.Errorf("contacts %d of %d: noise must be told apart from personal mail", res.Contacts, res.Fetched)
	}
	before := dump(t, st)

	res, err = syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 0 {
		t.Errorf("no-change re-sync fetched %d messages, want 0", res.Fetched)
	}
	if after := dump(t, st); after != before {
		t.Errorf("no-change re-sync changed the index")
	}

	// New mail arrives: only it is fetched, and it shows up.
	raw := "From: New Person <new.person@newco.example>\r\nTo: " + f.mb.User + "\r\n" +
		"Subject: Hello from NewCo\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <new-1@newco.example>\r\n\r\nHi\r\n"
	if err := f.srv.Append(demo.Message{Folder: "INBOX", Raw: []byte(raw), InternalDate: testNow.Add(-23 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	res, err = syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 1 || res.Contacts != 1 {
		t.Errorf("after one new message: fetched %d, contacts %d; want 1, 1", res.Fetched, res.Contacts)
	}
	if !strings.Contains(dump(t, st), "New Person <new.person@newco.example>") {
		t.Errorf("new correspondent missing from the index")
	}
}

// failAfter makes a source's Fetch die after n messages, as a killed sync would.
type failAfter struct {
	tendsync.MailSource
	n *int
}

var errKilled = errors.New("killed")

func (s failAfter) Fetch(ctx context.Context, after, next uint32, fn func(model.HeaderMessage) error) error {
	return s.MailSource.Fetch(ctx, after, next, func(m model.HeaderMessage) error {
		if *s.n <= 0 {
			return errKilled
		}
		*s.n--
		return fn(m)
	})
}

func TestInterruptedSyncsResumeToTheCleanIndex(t *testing.T) {
	f := newFixture(t, 2)
	clean := openStore(t)
	if _, err := syncOnce(t, clean, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	want := dump(t, clean)

	st := openStore(t)
	// Interrupt at several points, including mid-batch and mid-folder,
	// then let a sync finish.
	for _, k := range []int{0, 1, 37, 149, 400, 777} {
		budget := k
		acct := f.account(func(s tendsync.MailSource) tendsync.MailSource { return failAfter{s, &budget} })
		acct.Connections = 1
		if _, err := syncOnce(t, st, acct); err == nil && k < f.syncedMessages() {
			t.Fatalf("interrupted sync at %d did not fail", k)
		}
	}
	f.resumeToClean(t, st, f.account(nil), want)
}

// resumeToClean lets a sync finish what interrupted ones began on st: it
// must not start over, and the index must equal a clean sync's (want).
func (f *fixture) resumeToClean(t *testing.T, st *store.Store, acct tendsync.Account, want string) {
	t.Helper()
	res, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched >= f.syncedMessages() {
		t.Errorf("resumed sync fetched %d: it should not start over", res.Fetched)
	}
	if got := dump(t, st); got != want {
		t.Errorf("index after interrupted syncs differs from a clean sync's:\n%s", firstDiff(got, want))
	}
}

// validityBump reports a different UIDVALIDITY for one folder.
type validityBump struct {
	tendsync.MailSource
	folder string
}

func (s validityBump) Examine(ctx context.Context, name string) (model.FolderStatus, error) {
	st, err := s.MailSource.Examine(ctx, name)
	if name == s.folder {
		st.UIDValidity += 1000
	}
	return st, err
}

// hideFolder drops one folder from the server's list, as if deleted.
type hideFolder struct {
	tendsync.MailSource
	folder string
}

func (s hideFolder) Folders(ctx context.Context) ([]model.Folder, error) {
	all, err := s.MailSource.Folders(ctx)
	var out []model.Folder
	for _, f := range all {
		if f.Name != s.folder {
			out = append(out, f)
		}
	}
	return out, err
}

func TestUIDValidityChangeAndDeletedFolder(t *testing.T) {
	f := newFixture(t, 3)
	st := openStore(t)
	if _, err := syncOnce(t, st, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	want := dump(t, st)

	res, err := syncOnce(t, st, f.account(func(s tendsync.MailSource) tendsync.MailSource { return validityBump{s, "INBOX"} }))
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched == 0 {
		t.Errorf("a new UIDVALIDITY must re-read the folder")
	}
	if got := dump(t, st); got != want {
		t.Errorf("re-reading a folder changed the index (duplicates?):\n%s", firstDiff(got, want))
	}

	// Sent disappears: what only it held stops counting.
	if _, err := syncOnce(t, st, f.account(func(s tendsync.MailSource) tendsync.MailSource { return hideFolder{s, "Sent"} })); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dump(t, st), " out email ") {
		t.Errorf("outbound interactions remain after the Sent folder is gone")
	}
	states, _ := st.FolderStates(context.Background(), "demo")
	for _, s := range states {
		if s.Folder == "Sent" {
			t.Errorf("state of deleted folder kept")
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

// killAfter makes every connection's Fetch die once the connections
// together have delivered n messages.
type killAfter struct {
	tendsync.MailSource
	n *atomic.Int64
}

func (s killAfter) Fetch(ctx context.Context, after, next uint32, fn func(model.HeaderMessage) error) error {
	return s.MailSource.Fetch(ctx, after, next, func(m model.HeaderMessage) error {
		if s.n.Add(-1) < 0 {
			return errKilled
		}
		return fn(m)
	})
}

// Large folders are cut into UID ranges that several connections fetch at
// once, finishing out of order. A sync interrupted anywhere keeps its
// cursors below every range not yet stored, so the syncs that follow
// neither lose nor duplicate a message, and a parallel sync equals a
// one-connection one.
func TestParallelPiecesResumeToTheCleanIndex(t *testing.T) {
	tendsync.SetPieceMin(t, 100) // the demo's Archive and Sent become several pieces each
	f := newFixture(t, 2)
	clean := openStore(t)
	one := f.account(nil)
	one.Connections = 1
	if _, err := syncOnce(t, clean, one); err != nil {
		t.Fatal(err)
	}
	want := dump(t, clean)

	parallel := openStore(t)
	acct := f.account(nil)
	acct.Connections = 3
	res, err := syncOnce(t, parallel, acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != f.syncedMessages() {
		t.Errorf("parallel sync fetched %d messages, want %d", res.Fetched, f.syncedMessages())
	}
	if got := dump(t, parallel); got != want {
		t.Errorf("parallel sync differs from a one-connection sync:\n%s", firstDiff(got, want))
	}

	st := openStore(t)
	for _, k := range []int64{0, 1, 230, 700, 450, 333} { // together less than the mailbox
		var budget atomic.Int64
		budget.Store(k)
		acct := f.account(func(s tendsync.MailSource) tendsync.MailSource { return killAfter{s, &budget} })
		acct.Connections = 3
		if _, err := syncOnce(t, st, acct); err == nil {
			t.Fatalf("sync killed after %d messages did not fail", k)
		}
	}
	f.resumeToClean(t, st, acct, want)
	again, err := syncOnce(t, st, acct)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fetched != 0 {
		t.Errorf("a re-sync after the resumed one fetched %d messages, want 0: the cursors must reach the end", again.Fetched)
	}
}

// One large folder is enough to use every connection, and an account's
// first sync dials them while the first one examines the folders; the
// index is the one a single connection builds.
func TestOneLargeFolderUsesEveryConnection(t *testing.T) {
	tendsync.SetPieceMin(t, 100)
	f := newFixture(t, 2)
	archiveOnly := func(acct tendsync.Account) tendsync.Account {
		acct.SelectFolders = func(all []model.Folder) ([]model.Folder, error) {
			for _, fo := range all {
				if fo.Name == "Archive" {
					return []model.Folder{fo}, nil
				}
			}
			return nil, errors.New("no Archive")
		}
		return acct
	}
	one := archiveOnly(f.account(nil))
	one.Connections = 1
	clean := openStore(t)
	if _, err := syncOnce(t, clean, one); err != nil {
		t.Fatal(err)
	}
	var dials, fetching atomic.Int64
	acct := archiveOnly(f.account(func(s tendsync.MailSource) tendsync.MailSource {
		return &countFetching{MailSource: s, n: &fetching}
	}))
	acct.Connections = 3
	dial := acct.Dial
	acct.Dial = func(ctx context.Context) (tendsync.MailSource, error) {
		dials.Add(1)
		return dial(ctx)
	}
	st := openStore(t)
	if _, err := syncOnce(t, st, acct); err != nil {
		t.Fatal(err)
	}
	if n, d := fetching.Load(), dials.Load(); n != 3 || d != 3 {
		t.Errorf("one large folder: %d of %d connections fetched, want 3 of 3", n, d)
	}
	if got, want := dump(t, st), dump(t, clean); got != want {
		t.Errorf("three connections on one folder differ from one:\n%s", firstDiff(got, want))
	}
	dials.Store(0)
	if _, err := syncOnce(t, st, acct); err != nil {
		t.Fatal(err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("a no-change re-sync dialled %d connections, want 1", n)
	}
}

// countFetching counts the connections that fetch at least once.
type countFetching struct {
	tendsync.MailSource
	n    *atomic.Int64
	once stdsync.Once
}

func (s *countFetching) Fetch(ctx context.Context, after, next uint32, fn func(model.HeaderMessage) error) error {
	s.once.Do(func() { s.n.Add(1) })
	return s.MailSource.Fetch(ctx, after, next, fn)
}
