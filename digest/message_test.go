package digest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

func TestMessageParsesBack(t *testing.T) {
	d := fullDigest(t)
	d.To = []string{"Me Myself <me@example.com>", "other@example.net"}
	raw, err := Message(d, "digest@tend.example", "tend.example")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has bare LF line ends")
	}
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parsing message: %v", err)
	}
	mt, _, err := r.Header.ContentType()
	if err != nil || mt != "multipart/alternative" {
		t.Errorf("Content-Type = %q (%v), want multipart/alternative", mt, err)
	}
	if s, _ := r.Header.Subject(); s != "tend: 3 people to reach out to this week" {
		t.Errorf("Subject = %q", s)
	}
	if from, err := r.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != "digest@tend.example" {
		t.Errorf("From = %v (%v)", from, err)
	}
	to, err := r.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Address != "me@example.com" || to[0].Name != "Me Myself" || to[1].Address != "other@example.net" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if date, err := r.Header.Date(); err != nil || !date.Equal(d.Now) {
		t.Errorf("Date = %v (%v), want %v", date, err, d.Now)
	}
	if id, err := r.Header.MessageID(); err != nil || !strings.HasSuffix(id, "@tend.example") || len(id) < len("x@tend.example") {
		t.Errorf("Message-ID = %q (%v)", id, err)
	}

	wantHTML, err := RenderHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"text/plain": RenderText(d), "text/html": wantHTML}
	var order []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading part: %v", err)
		}
		ih, ok := p.Header.(*mail.InlineHeader)
		if !ok {
			t.Fatalf("part header %T, want an inline part", p.Header)
		}
		ct, params, _ := ih.ContentType()
		order = append(order, ct)
		if !strings.EqualFold(params["charset"], "utf-8") {
			t.Errorf("%s charset = %q, want utf-8", ct, params["charset"])
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("reading %s: %v", ct, err)
		}
		got := strings.ReplaceAll(string(body), "\r\n", "\n")
		if got != want[ct] {
			t.Errorf("%s part differs from its renderer:\n%s", ct, got)
		}
	}
	if strings.Join(order, ",") != "text/plain,text/html" {
		t.Errorf("parts = %v, want text/plain then text/html (preferred last)", order)
	}
}

func TestMessageMessageIDsDiffer(t *testing.T) {
	d := reachOnlyDigest(t)
	a, err1 := Message(d, "me@example.com", "")
	b, err2 := Message(d, "me@example.com", "")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	id := func(raw []byte) string {
		r, err := mail.CreateReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := r.Header.MessageID()
		return s
	}
	if ia, ib := id(a), id(b); ia == ib || !strings.HasSuffix(ia, "@example.com") {
		t.Errorf("Message-IDs %q and %q: want distinct, at the sender's domain", ia, ib)
	}
}

func TestMessageRejectsBadInput(t *testing.T) {
	good := reachOnlyDigest(t)
	noTo := good
	noTo.To = nil
	badTo := good
	badTo.To = []string{"not an address"}
	noDate := good
	noDate.Now = time.Time{}
	tests := []struct {
		name, from, domain string
		d                  Digest
		want               string
	}{
		{"bad from", "nobody", "x.example", good, "parsing from address"},
		{"no recipients", "me@example.com", "", noTo, "no recipients"},
		{"bad recipient", "me@example.com", "", badTo, `parsing to address "not an address"`},
		{"bad domain", "me@example.com", "a b", good, "invalid message-id domain"},
		{"no date", "me@example.com", "", noDate, "no date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Message(tt.d, tt.from, tt.domain)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
