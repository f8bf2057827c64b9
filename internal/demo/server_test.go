package demo

import (
	"context"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

func dial(t *testing.T, s *Server) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatalf("dialing %s: %v", s.Addr, err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(s.Username, s.Password).Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

func count(mb *Mailbox, folder string) uint32 {
	var n uint32
	for _, m := range mb.Messages {
		if m.Folder == folder {
			n++
		}
	}
	return n
}

func TestServe(t *testing.T) {
	mb := Generate(Options{Now: testNow})
	s, err := Serve(context.Background(), mb)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Host != "127.0.0.1" || s.Port == 0 || s.Username != mb.User {
		t.Errorf("server = %+v", s)
	}
	c := dial(t, s)

	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var names []string
	for _, l := range list {
		names = append(names, l.Mailbox)
	}
	slices.Sort(names)
	want := Folders()
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("LIST = %v, want %v", names, want)
	}

	for _, folder := range Folders() {
		sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			t.Fatalf("examine %s: %v", folder, err)
		}
		if want := count(mb, folder); sel.NumMessages != want {
			t.Errorf("%s has %d messages, want %d", folder, sel.NumMessages, want)
		}
	}

	// The first INBOX message comes back with its subject and date.
	if _, err := c.Select(FolderInbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	hdr := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: []string{"Subject"}}
	msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{InternalDate: true, BodySection: []*imap.FetchItemBodySection{hdr}}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch: %v (%d messages)", err, len(msgs))
	}
	gh, wh := parseHeader(t, msgs[0].FindBodySection(hdr)), parseHeader(t, mb.Messages[0].Raw)
	gotSubj, _ := gh.Subject()
	wantSubj, _ := wh.Subject()
	if gotSubj == "" || gotSubj != wantSubj {
		t.Errorf("subject = %q, want %q", gotSubj, wantSubj)
	}
	if !msgs[0].InternalDate.Equal(mb.Messages[0].InternalDate) {
		t.Errorf("INTERNALDATE = %v, want %v", msgs[0].InternalDate, mb.Messages[0].InternalDate)
	}

	// New mail shows up.
	m := mb.Messages[0]
	m.InternalDate = testNow
	if err := s.Append(m); err != nil {
		t.Fatalf("append: %v", err)
	}
	sel, err := c.Select(FolderInbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if want := count(mb, FolderInbox) + 1; sel.NumMessages != want {
		t.Errorf("after Append INBOX has %d messages, want %d", sel.NumMessages, want)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Serve(ctx, Generate(Options{Now: testNow, Years: 1}))
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s)
	cancel()
	select {
	case <-c.Closed():
	case <-time.After(5 * time.Second):
		t.Fatal("connection still open 5s after the context ended")
	}
	if conn, err := net.DialTimeout("tcp", s.Addr, time.Second); err == nil {
		conn.Close()
		t.Error("server still accepts connections after the context ended")
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after stop: %v", err)
	}
}

func TestServeNilMailbox(t *testing.T) {
	if _, err := Serve(context.Background(), nil); err == nil {
		t.Error("Serve(nil) succeeded")
	}
}
