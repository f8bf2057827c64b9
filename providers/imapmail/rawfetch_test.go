package imapmail

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/dovecottest"
	"github.com/tend-dev/tend/model"
)

// oddMessages are header blocks that stress a FETCH reader: folded and
// long fields, 8-bit text, quotes and brackets in values, a message with
// none of the requested fields, and one whose header is most of a literal.
func oddMessages() [][]byte {
	refs := strings.Repeat(" <ref.that.is.quite.long@mail.example.com>\r\n", 200)
	return [][]byte{
		[]byte("From: \"Doe, Jane [Sales]\" <jane@example.com>\r\nTo: a@example.com,\r\n\tb@example.com\r\n" +
			"Subject: =?UTF-8?B?w6nDqQ==?= (re: \"quoted\" {3}\r\nMessage-ID: <odd1@x>\r\n\r\nbody\r\n"),
		[]byte("Subject: Grüße aus Köln ]) {12}\r\nFrom: Jörg <joerg@example.de>\r\nMessage-ID: <odd2@x>\r\n\r\nbody\r\n"),
		[]byte("X-Only-Unrequested: 1\r\n\r\nno requested field at all\r\n"),
		[]byte("From: long@example.com\r\nReferences:" + refs + "Message-ID: <odd4@x>\r\n\r\nbody\r\n"),
		[]byte("From: bare-lf@example.com\nSubject: bare line feeds\nMessage-ID: <odd5@x>\n\nbody\n"),
	}
}

// fetchBoth fetches folder with tend's FETCH reader and with imapclient's,
// each on its own connection, and returns both results.
func fetchBoth(t *testing.T, opts Options, folder string) (own, client []model.HeaderMessage) {
	t.Helper()
	for _, goIMAP := range []bool{false, true} {
		o := opts
		o.goIMAPFetch = goIMAP
		c := dialT(t, o)
		if (c.tap != nil) == goIMAP {
			t.Fatalf("goIMAPFetch=%v but tap=%v", goIMAP, c.tap != nil)
		}
		st, err := c.Examine(t.Context(), folder)
		if err != nil {
			t.Fatal(err)
		}
		got := collect(t, c, 0, st.UIDNext)
		if goIMAP {
			client = got
		} else {
			own = got
		}
	}
	return own, client
}

func sameMessages(t *testing.T, own, client []model.HeaderMessage) {
	t.Helper()
	if len(own) != len(client) {
		t.Fatalf("tend's reader got %d messages, imapclient %d", len(own), len(client))
	}
	for i := range own {
		a, b := own[i], client[i]
		if a.UID != b.UID || a.Folder != b.Folder || !a.InternalDate.Equal(b.InternalDate) || a.Header != b.Header {
			t.Fatalf("message %d differs:\ntend's:     uid %d %q %v %q\nimapclient: uid %d %q %v %q",
				i, a.UID, a.Folder, a.InternalDate, a.Header, b.UID, b.Folder, b.InternalDate, b.Header)
		}
	}
}

// TestRawFetchMatchesIMAPClient checks that tend's FETCH reader delivers
// exactly what imapclient delivers (UID, INTERNALDATE, header bytes), on
// imapmemserver in plaintext, TLS and STARTTLS (where tend upgrades the
// connection itself), with tend's real field list.
func TestRawFetchMatchesIMAPClient(t *testing.T) {
	for _, cfg := range []struct {
		name string
		cfg  serverConfig
	}{
		{"plain", serverConfig{}},
		{"tls", serverConfig{tls: true}},
		{"starttls", serverConfig{starttls: true}},
	} {
		t.Run(cfg.name, func(t *testing.T) {
			c := cfg.cfg
			c.folders = map[string]int{"INBOX": 230}
			ts := startServer(t, c)
			for i, m := range oddMessages() {
				when := time.Date(2021, 3, 4+i, 5, 6, 7, 0, time.FixedZone("", -7*3600))
				if _, err := ts.user.Append("INBOX", bytes.NewReader(m), &imap.AppendOptions{Time: when}); err != nil {
					t.Fatal(err)
				}
			}
			opts := ts.options(testPass)
			if c.starttls {
				opts.Security = SecuritySTARTTLS
			}
			opts.HeaderFields = append(infer.HeaderFields(), "X-Not-There")
			opts.BatchSize = 64
			own, client := fetchBoth(t, opts, "INBOX")
			if len(own) != 235 {
				t.Fatalf("got %d messages, want 235", len(own))
			}
			sameMessages(t, own, client)
		})
	}
}

// TestRawFetchMatchesIMAPClientOnDovecot is the same comparison against a
// real Dovecot, whose responses differ from imapmemserver's in the details
// (item order, echoed field names, FLAGS).
func TestRawFetchMatchesIMAPClientOnDovecot(t *testing.T) {
	srv := dovecottest.Start(t)
	base := time.Date(2022, 5, 6, 7, 8, 9, 0, time.UTC)
	for i := range 150 {
		srv.Deliver(t, "INBOX", raw("INBOX", i), base.Add(time.Duration(i)*time.Hour), "")
	}
	for i, m := range oddMessages() {
		srv.Deliver(t, "INBOX", m, base.AddDate(0, 1, i), "S")
	}
	opts := Options{
		Host: "127.0.0.1", Port: srv.Port, Security: SecurityNone, Username: srv.User,
		Password:     func(context.Context) (string, error) { return srv.Password, nil },
		HeaderFields: infer.HeaderFields(), Timeout: 10 * time.Second, BatchSize: 40,
	}
	own, client := fetchBoth(t, opts, "INBOX")
	if len(own) != 155 {
		t.Fatalf("got %d messages, want 155", len(own))
	}
	sameMessages(t, own, client)
}

// TestRawFetchHandsTheStreamBack runs imapclient's commands between and
// after tend's FETCHes on one connection, with another client delivering
// mail meanwhile, so the server slips EXISTS updates into the FETCH
// responses: every message still arrives once, new mail is signalled, and
// the connection stays usable.
func TestRawFetchHandsTheStreamBack(t *testing.T) {
	ts := startServer(t, serverConfig{folders: map[string]int{"INBOX": 100, "Archive": 30}})
	opts := ts.options(testPass)
	opts.BatchSize = 10
	c := dialT(t, opts)
	if c.tap == nil {
		t.Fatal("plaintext connection without tend's FETCH reader")
	}
	st, err := c.Examine(t.Context(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	var uids []uint32
	err = c.Fetch(t.Context(), 0, st.UIDNext, func(m model.HeaderMessage) error {
		if len(uids)%25 == 0 { // while the next range is being fetched
			msg := fmt.Appendf(nil, "From: late%d@example.com\r\nSubject: late\r\n\r\nx\r\n", len(uids))
			if _, err := ts.user.Append("INBOX", bytes.NewReader(msg), &imap.AppendOptions{}); err != nil {
				return err
			}
		}
		uids = append(uids, m.UID)
		return nil
	})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	want := make([]uint32, 100)
	for i := range want {
		want[i] = uint32(i + 1)
	}
	if !slices.Equal(uids, want) {
		t.Fatalf("fetched UIDs %v, want 1..100 once each", uids)
	}
	select {
	case <-c.newMail:
	default:
		t.Error("new mail delivered during the fetch was not signalled")
	}
	// imapclient's commands and tend's FETCH alternate on the same stream.
	for range 3 {
		if _, err := c.Examine(t.Context(), "Archive"); err != nil {
			t.Fatalf("Examine after a FETCH: %v", err)
		}
		if got := collect(t, c, 0, 0); len(got) != 30 {
			t.Fatalf("Archive: got %d messages, want 30", len(got))
		}
		var bodies int
		err := c.FetchBodies(t.Context(), "INBOX", []uint32{1, 2}, 100, func(uint32, []byte, []byte) error {
			bodies++
			return nil
		})
		if err != nil || bodies != 2 {
			t.Fatalf("FetchBodies after a FETCH: %d bodies, %v", bodies, err)
		}
	}
}

// TestRawFetchGivesBackWhatFollows has the server send an unsolicited
// EXISTS right behind the FETCH's tagged OK, in the same write: tend's
// reader stops at its tagged line, so imapclient must still get the EXISTS
// (and report new mail) with its next command.
func TestRawFetchGivesBackWhatFollows(t *testing.T) {
	host, port := hostileServer(t, func(tag string, w *bufio.Writer) bool {
		fmt.Fprintf(w, "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (FROM SUBJECT)] {%d}\r\n%s)\r\n", len(normalHeader), normalHeader)
		w.WriteString(tag + " OK done\r\n* 9 EXISTS\r\n")
		return false
	})
	c := dialT(t, Options{Host: host, Port: port, Security: SecurityNone, Username: "u",
		Password: func(context.Context) (string, error) { return "p", nil }, HeaderFields: testFields,
		Timeout: 2 * time.Second})
	if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.newMail: // EXAMINE's own EXISTS
	default:
	}
	if got := collect(t, c, 0, 3); len(got) != 1 || got[0].UID != 1 {
		t.Fatalf("got %+v, want UID 1", got)
	}
	_ = c.cl.Noop().Wait() // the hostile server answers BAD; what matters is what precedes it
	select {
	case <-c.newMail:
	default:
		t.Error("the EXISTS that followed the FETCH never reached imapclient")
	}
}

// FuzzRawFetchResponses feeds arbitrary server output to tend's FETCH
// reader: it must return (messages or an error) without panicking, and
// never keep more of a header than the cap.
func FuzzRawFetchResponses(f *testing.F) {
	f.Add([]byte("* 1 FETCH (UID 1 INTERNALDATE \"02-Jan-2006 15:04:05 +0000\" BODY[HEADER.FIELDS (FROM SUBJECT)] {13}\r\nFrom: a@b\r\n\r\n)\r\ntend1 OK done\r\n"))
	f.Add([]byte("* 2 EXISTS\r\n* 1 FETCH (FLAGS (\\Seen) UID 1 MODSEQ (12) BODY[HEADER.FIELDS (\"FROM\" \"X]\")]<0> \"From: x\")\r\ntend1 NO [SERVERBUG] oops\r\n"))
	f.Add([]byte("* OK [ALERT] {5}\r\nhello\r\n* 1 FETCH (UID 1 BODY[HEADER] NIL X-GM-LABELS (\"a\" {2}\r\nbc))\r\ntend1 OK\r\n"))
	f.Add([]byte("* BYE shutting down\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := rawParser{br: bufio.NewReader(bytes.NewReader(data)), tag: "tend1", newMail: make(chan struct{}, 1)}
		msgs, err := p.responses(nil, "INBOX", 1, 100)
		if err == nil {
			for _, m := range msgs {
				if m.UID < 1 || m.UID > 100 || len(m.Header) > maxHeaderBytes {
					t.Fatalf("delivered uid %d with %d header bytes", m.UID, len(m.Header))
				}
			}
		}
	})
}

// TestRawFetchAfterTheServerHungUp: the server closes the connection
// between commands, so imapclient's reader has stopped before tend's FETCH
// starts; the FETCH must fail at once instead of waiting for a reader that
// is gone.
func TestRawFetchAfterTheServerHungUp(t *testing.T) {
	port := serveOnce(t, func(c net.Conn) {
		r := bufio.NewReader(c)
		fmt.Fprint(c, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			f := strings.Fields(line)
			switch strings.ToUpper(f[1]) {
			case "LOGIN":
				fmt.Fprintf(c, "%s OK logged in\r\n", f[0])
			case "CAPABILITY":
				fmt.Fprintf(c, "* CAPABILITY IMAP4rev1\r\n%s OK done\r\n", f[0])
			case "EXAMINE":
				fmt.Fprintf(c, "* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 3] ok\r\n%s OK [READ-ONLY] done\r\n", f[0])
				return // and hang up
			}
		}
	})
	c, err := Dial(t.Context(), Options{Host: "127.0.0.1", Port: port, Security: SecurityNone, Username: "u",
		Password: func(context.Context) (string, error) { return "p", nil }, HeaderFields: testFields,
		Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Examine(t.Context(), "INBOX"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // imapclient sees the hang-up
	done := make(chan error, 1)
	go func() { done <- c.Fetch(t.Context(), 0, 3, func(model.HeaderMessage) error { return nil }) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Fetch on a closed connection succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Fetch still waiting 5 s after the server hung up (timeout is 30 s)")
	}
}

// TestTapAfterReaderStopped opens a tap after the connection's only reader
// (imapclient's goroutine, played here by a loop) stopped on an error: the
// tap's reader gets that error instead of waiting forever.
func TestTapAfterReaderStopped(t *testing.T) {
	local, remote := net.Pipe()
	defer local.Close()
	tc := newTapConn(newDeadlineConn(local, time.Minute))
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		buf := make([]byte, 512)
		for {
			if _, err := tc.Read(buf); err != nil {
				return
			}
		}
	}()
	remote.Close()
	<-stopped
	r := tc.open()
	got := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 16))
		got <- err
	}()
	select {
	case err := <-got:
		if err == nil {
			t.Fatal("read from a dead connection succeeded")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the tap waits for a reader that has stopped")
	}
	r.close(nil)
}

// BenchmarkRawFetchResponses reads a Dovecot-shaped FETCH stream of 1,000
// messages: each response echoes the 38 field names tend asks for.
func BenchmarkRawFetchResponses(b *testing.B) {
	names := strings.ToUpper(strings.Join(infer.HeaderFields(), " "))
	var stream bytes.Buffer
	const n = 1000
	for i := 1; i <= n; i++ {
		h := fmt.Sprintf("From: Person %d <person.%d@company.test>\r\nTo: me@example.org\r\n"+
			"Subject: Re: quarterly planning %d\r\nDate: Tue, 3 Nov 2026 10:%02d:00 +0100\r\n"+
			"Message-ID: <CA%016x@mail.example.com>\r\n\r\n", i, i, i, i%60, i*7919)
		fmt.Fprintf(&stream, "* %d FETCH (UID %d INTERNALDATE \"03-Nov-2026 10:%02d:01 +0100\" BODY[HEADER.FIELDS (%s)] {%d}\r\n%s)\r\n",
			i, i, i%60, names, len(h), h)
	}
	stream.WriteString("tend1 OK Fetch completed (0.001 + 0.000 secs).\r\n")
	data := stream.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	br := bufio.NewReaderSize(nil, 64<<10)
	for b.Loop() {
		br.Reset(bytes.NewReader(data))
		p := rawParser{br: br, tag: "tend1", newMail: make(chan struct{}, 1)}
		msgs, err := p.responses(nil, "INBOX", 1, n)
		if err != nil || len(msgs) != n {
			b.Fatalf("got %d messages, %v", len(msgs), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/msg")
}

// TestFastInternalDateMatchesTimeParse: the INTERNALDATE fast path gives
// what time.Parse gives (instant and zone), and declines what it cannot
// read the same way.
func TestFastInternalDateMatchesTimeParse(t *testing.T) {
	cases := []string{
		"03-Nov-2026 10:05:01 +0100", " 3-Nov-2026 10:05:01 +0100", "29-Feb-2024 23:59:59 -0930",
		"29-Feb-2025 10:00:00 +0000", "31-Apr-2026 10:00:00 +0000", "01-jan-2026 00:00:00 +0000",
		"01-JAN-2026 00:00:00 -0000", "01-Foo-2026 00:00:00 +0000", "01-Jan-2026 24:00:00 +0000",
		"01-Jan-2026 10:60:00 +0000", "01-Jan-2026 10:00:60 +0000", "01-Jan-2026 10:00:00 +2500",
		"01-Jan-2026 10:00:00 +0160", "01-Jan-2026 10:00:00 *0100", "1-Jan-2026 10:00:00 +0100",
		"01-Jan-2026 10:00:00  +0100", "00-Jan-2026 10:00:00 +0100", "01-Jan-0000 10:00:00 +0100",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		d := time.Date(1970+rng.IntN(80), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0,
			time.FixedZone("", (rng.IntN(49)-24)*1800))
		cases = append(cases, d.Format(internalDateLayout))
	}
	var p rawParser
	fast := 0
	for _, c := range cases {
		want, err := time.Parse(internalDateLayout, c)
		got, ok := p.fastInternalDate([]byte(c))
		if !ok {
			continue // left to time.Parse itself
		}
		fast++
		if err != nil {
			t.Errorf("%q: fast path read %v, time.Parse refuses it: %v", c, got, err)
			continue
		}
		wn, wo := want.Zone()
		gn, gotOff := got.Zone()
		if !got.Equal(want) || wn != gn || wo != gotOff || got.Location().String() != want.Location().String() {
			t.Errorf("%q: fast path %v (%s %d), time.Parse %v (%s %d)", c, got, gn, gotOff, want, wn, wo)
		}
	}
	if fast < 2000 { // every random date has the usual form
		t.Errorf("%d of %d dates took the fast path", fast, len(cases))
	}
}
