package sync_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/demo"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// bodyMarker is in the text of every bounce the tests add: it must never
// reach the index.
const bodyMarker = "EVIDENCE-BODY-MARKER"

// dsn is a Postfix-style delivery report for rcpt with the given status.
func dsn(id string, at time.Time, user, rcpt, status, diag string) demo.Message {
	raw := fmt.Sprintf("From: Mail Delivery System <MAILER-DAEMON@mx.lumen.example>\r\n"+
		"To: %[1]s\r\nSubject: Undelivered Mail Returned to Sender\r\nDate: %[2]s\r\n"+
		"Message-ID: <%[3]s@mx.lumen.example>\r\nAuto-Submitted: auto-replied\r\n"+
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"+
		"--B\r\nContent-Type: text/plain\r\n\r\n%[6]s <%[4]s>: %[5]s\r\n\r\n"+
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.lumen.example\r\n\r\n"+
		"Final-Recipient: rfc822; %[4]s\r\nAction: failed\r\nStatus: %[7]s\r\nDiagnostic-Code: smtp; %[5]s\r\n\r\n--B--\r\n",
		user, at.Format(time.RFC1123Z), id, rcpt, diag, bodyMarker, status)
	return demo.Message{Folder: demo.FolderInbox, Raw: []byte(raw), InternalDate: at}
}

// sent is a one-to-one message from the user.
func sent(id string, at time.Time, user, to string) demo.Message {
	raw := fmt.Sprintf("From: Sam Rivera <%s>\r\nTo: Joe Stark <%s>\r\nSubject: Proposal\r\nDate: %s\r\n"+
		"Message-ID: <%s@lumen.example>\r\n\r\nHi Joe\r\n", user, to, at.Format(time.RFC1123Z), id)
	return demo.Message{Folder: demo.FolderSent, Raw: []byte(raw), InternalDate: at}
}

func TestSyncRecordsMovesFromBouncesAndAutoReplies(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1)
	st := openStore(t)
	user := f.mb.User
	var stranger string // wrote to the user once; the user never wrote back
	for _, tr := range f.mb.Truth {
		if tr.Kind == demo.KindOneOff {
			stranger = tr.Email
			break
		}
	}
	d0 := testNow.AddDate(0, -2, 0)
	for _, m := range []demo.Message{
		sent("p1", d0.AddDate(0, 0, -20), user, "joe@stark.example"),
		dsn("full1", d0, user, "joe@stark.example", "4.2.2", "452 4.2.2 Mailbox full"),
		dsn("stranger", d0, user, stranger, "5.1.1", "550 5.1.1 User unknown"),
	} {
		if err := f.srv.Append(m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := syncOnce(t, st, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	// Exactly the planted bounce and "no longer with" auto-reply: not the
	// out-of-office, not the stranger, not one full mailbox.
	want := map[string]string{}
	for _, jc := range f.mb.Facts.JobChanges {
		if jc.Evidence == "bounce" || jc.Evidence == "auto-reply" {
			want[jc.OldEmail] = jc.Evidence
		}
	}
	if len(want) != 2 {
		t.Fatalf("demo planted %d bounce/auto-reply moves, want 2: %+v", len(want), f.mb.Facts.JobChanges)
	}
	got := evidenceMoves(t, st)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("moves after first sync = %v, want %v", got, want)
	}
	moves, err := st.Moves(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range moves {
		if m.Kind == "auto-reply" && (!strings.Contains(m.Evidence, `"no longer with"`) ||
			!strings.Contains(m.Evidence, "contact: François Lefèvre <f.lefevre@soylent.example>")) {
			t.Errorf("auto-reply evidence %q lacks the phrase or the replacement", m.Evidence)
		}
		if m.Kind == "bounce" && (!strings.Contains(m.Evidence, "5.1.1") || m.FromCompany == "") {
			t.Errorf("bounce move %+v lacks its status or company", m)
		}
	}

	// Two more full-mailbox bounces make a series over ten days: the next
	// sync reads the earlier one again and records the move.
	for i, days := range []int{4, 10} {
		if err := f.srv.Append(dsn(fmt.Sprint("full", i+2), d0.AddDate(0, 0, days), user, "joe@stark.example", "4.2.2", "452 4.2.2 Mailbox full")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := syncOnce(t, st, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	want["joe@stark.example"] = "bounce"
	if got := evidenceMoves(t, st); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("moves after the soft series = %v, want %v", got, want)
	}

	// Re-reading every message (a changed UIDVALIDITY) records nothing twice.
	before, _ := st.Moves(ctx, time.Time{})
	states, err := st.FolderStates(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if err := st.ResetFolder(ctx, "demo", s.Folder, s.UIDValidity); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := syncOnce(t, st, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	after, _ := st.Moves(ctx, time.Time{})
	if len(after) != len(before) {
		t.Errorf("re-reading the mailbox changed the moves from %d to %d", len(before), len(after))
	}

	// Bodies were read, never stored.
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(st.Path() + suffix)
		if err != nil && suffix == "" {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(bodyMarker)) || bytes.Contains(b, []byte("Thank you for your message")) {
			t.Errorf("index file %s holds message body text", st.Path()+suffix)
		}
	}
}

// evidenceMoves maps each bounced or left address to its move kind.
func evidenceMoves(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	moves, err := st.Moves(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range moves {
		if m.Kind == "bounce" || m.Kind == "auto-reply" {
			if k, dup := out[m.FromEmail]; dup {
				t.Errorf("%s has two moves (%s, %s)", m.FromEmail, k, m.Kind)
			}
			out[m.FromEmail] = m.Kind
		}
	}
	return out
}

// brokenBodies is a source whose body fetches fail, like a connection lost
// between the header sync and the evidence step.
type brokenBodies struct{ tendsync.MailSource }

func (brokenBodies) FetchBodies(context.Context, string, []uint32, int, func(uint32, []byte, []byte) error) error {
	return errors.New("connection reset")
}

func TestCursorWaitsForEvidence(t *testing.T) {
	f := newFixture(t, 1)
	st := openStore(t)
	if _, err := syncOnce(t, st, f.account(func(s tendsync.MailSource) tendsync.MailSource { return brokenBodies{s} })); err != nil {
		t.Fatal(err)
	}
	if got := evidenceMoves(t, st); len(got) != 0 {
		t.Fatalf("moves without bodies: %v", got)
	}
	states, err := st.FolderStates(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, s := range states {
		if s.Folder == demo.FolderInbox {
			held++
			if s.Messages == 0 || int64(s.LastUID) >= s.Messages {
				t.Errorf("INBOX cursor %d passed its unread bounce (%d messages stored)", s.LastUID, s.Messages)
			}
		}
	}
	if held != 1 {
		t.Fatalf("no INBOX state: %+v", states)
	}
	// The next sync re-reads INBOX from the first bounce and records the moves.
	if _, err := syncOnce(t, st, f.account(nil)); err != nil {
		t.Fatal(err)
	}
	if got := evidenceMoves(t, st); len(got) != 2 {
		t.Errorf("moves after the retry = %v, want the planted bounce and auto-reply", got)
	}
	states, _ = st.FolderStates(context.Background(), "demo")
	for _, s := range states {
		if s.Folder == demo.FolderInbox && int64(s.LastUID) < s.Messages {
			t.Errorf("INBOX cursor %d still held after the evidence was recorded (%d messages)", s.LastUID, s.Messages)
		}
	}
}
