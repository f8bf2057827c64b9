package dovecottest

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// login dials s and logs in; the connection is closed when the test ends.
func login(t *testing.T, s *Server) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatalf("dialing %s: %v", s.Addr, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

// examine opens folder read-only.
func examine(t *testing.T, c *imapclient.Client, folder string) *imap.SelectData {
	t.Helper()
	data, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("EXAMINE %s: %v", folder, err)
	}
	return data
}

// listFolders returns folder name -> attributes.
func listFolders(t *testing.T, c *imapclient.Client) map[string][]imap.MailboxAttr {
	t.Helper()
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatalf("LIST: %v", err)
	}
	out := map[string][]imap.MailboxAttr{}
	for _, l := range list {
		out[l.Mailbox] = l.Attrs
	}
	return out
}

func message(subject string) []byte {
	return []byte(fmt.Sprintf("From: Ann <ann@example.org>\r\nTo: me@example.com\r\n"+
		"Subject: %s\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <%s@example.org>\r\n\r\nHello.\r\n",
		subject, strings.ReplaceAll(subject, " ", "-")))
}

func TestDeliveredMailIsServedReadOnly(t *testing.T) {
	s := Start(t)
	d1 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	d2 := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	s.Deliver(t, "INBOX", message("first hello"), d1, "")
	s.Deliver(t, "INBOX", message("second hello"), d2, "S")
	s.Deliver(t, "Sent", message("my reply"), d2, "S")
	s.Deliver(t, "Archive/2024", message("archived"), d1, "")
	before := s.Snapshot(t)

	c := login(t, s)
	folders := listFolders(t, c)
	for name, want := range map[string]imap.MailboxAttr{"Sent": imap.MailboxAttrSent, "Archive": imap.MailboxAttrArchive} {
		if !slices.Contains(folders[name], want) {
			t.Errorf("LIST %s attrs = %v, want %s (folders: %v)", name, folders[name], want, folders)
		}
	}
	if _, ok := folders["Archive/2024"]; !ok {
		t.Errorf("LIST lacks Archive/2024: %v", folders)
	}
	if sel := examine(t, c, "INBOX"); sel.NumMessages != 2 {
		t.Errorf("EXAMINE INBOX: %d messages, want 2", sel.NumMessages)
	}
	hdr := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: []string{"Subject"}}
	msgs, err := c.Fetch(imap.UIDSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{hdr},
	}).Collect()
	if err != nil {
		t.Fatalf("UID FETCH: %v", err)
	}
	want := []struct {
		subject string
		date    time.Time
		seen    bool
	}{{"first hello", d1, false}, {"second hello", d2, true}}
	if len(msgs) != len(want) {
		t.Fatalf("UID FETCH returned %d messages, want %d", len(msgs), len(want))
	}
	for i, w := range want {
		m := msgs[i]
		if got := string(m.FindBodySection(hdr)); !strings.Contains(got, "Subject: "+w.subject+"\r\n") {
			t.Errorf("message %d header = %q, want subject %q", i, got, w.subject)
		}
		if !m.InternalDate.Equal(w.date) {
			t.Errorf("message %d INTERNALDATE = %v, want %v", i, m.InternalDate, w.date)
		}
		if got := slices.Contains(m.Flags, imap.FlagSeen); got != w.seen {
			t.Errorf("message %d flags = %v, want seen=%v", i, m.Flags, w.seen)
		}
	}
	if sel := examine(t, c, "Sent"); sel.NumMessages != 1 {
		t.Errorf("EXAMINE Sent: %d messages, want 1", sel.NumMessages)
	}
	if after := s.Snapshot(t); after != before {
		t.Errorf("read-only session changed the mailbox:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// A flag change by a client must show in the snapshot.
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("SELECT INBOX: %v", err)
	}
	store := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
	if err := c.Store(imap.UIDSetNum(msgs[0].UID), store, nil).Close(); err != nil {
		t.Fatalf("UID STORE: %v", err)
	}
	if s.Snapshot(t) == before {
		t.Error("snapshot unchanged after STORE +FLAGS \\Seen")
	}
}

func TestResetUIDValidity(t *testing.T) {
	s := Start(t)
	s.Deliver(t, "INBOX", message("hello"), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "")
	c := login(t, s)
	old := examine(t, c, "INBOX").UIDValidity
	if err := c.Unselect().Wait(); err != nil {
		t.Fatalf("UNSELECT: %v", err)
	}

	s.ResetUIDValidity(t, "INBOX")
	sel := examine(t, login(t, s), "INBOX")
	if sel.UIDValidity == old {
		t.Errorf("UIDVALIDITY still %d after reset", old)
	}
	if sel.NumMessages != 1 {
		t.Errorf("EXAMINE INBOX after reset: %d messages, want 1", sel.NumMessages)
	}
}

func TestRenameAndDeleteFolder(t *testing.T) {
	s := Start(t)
	date := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.Deliver(t, "Old", message("old"), date, "")
	s.Deliver(t, "Archive/2024", message("archived"), date, "")
	if got := listFolders(t, login(t, s)); got["Old"] == nil || got["Archive/2024"] == nil {
		t.Fatalf("LIST before changes lacks Old or Archive/2024: %v", got)
	}

	s.RenameFolder(t, "Old", "Projects/New")
	s.DeleteFolder(t, "Archive/2024")
	c := login(t, s)
	got := listFolders(t, c)
	for _, gone := range []string{"Old", "Archive/2024"} {
		if _, ok := got[gone]; ok {
			t.Errorf("LIST still shows %s: %v", gone, got)
		}
	}
	if _, ok := got["Projects/New"]; !ok {
		t.Fatalf("LIST lacks renamed Projects/New: %v", got)
	}
	if sel := examine(t, c, "Projects/New"); sel.NumMessages != 1 {
		t.Errorf("EXAMINE Projects/New: %d messages, want 1", sel.NumMessages)
	}
}

func TestLaunchReportsPortInUse(t *testing.T) {
	bin := findDovecot()
	if bin == "" {
		t.Skip("dovecot not installed: run scripts/test.sh")
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	s := newServer(t)
	err = s.launch(bin, taken.Addr().(*net.TCPAddr).Port)
	if err == nil {
		s.stop()
		t.Fatal("launch on a taken port succeeded")
	}
	if !errors.Is(err, errPortInUse) {
		t.Errorf("launch on a taken port: %v, want errPortInUse\n%s", err, s.logTail())
	}
}
