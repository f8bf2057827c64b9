package infer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// evidenceSample reads testdata/evidence/name and splits it like
// FetchBodies does, keeping at most EvidenceBodyBytes of the message.
func evidenceSample(t *testing.T, name string) (header, body []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "evidence", name))
	if err != nil {
		t.Fatal(err)
	}
	raw = raw[:min(len(raw), EvidenceBodyBytes)]
	i := bytes.Index(raw, []byte("\n\n"))
	if i < 0 {
		t.Fatalf("%s has no body", name)
	}
	return raw[:i+1], raw[i+2:]
}

// sampleClassifier is the user of the samples: Sam at Lumen.
var sampleClassifier = New(Options{Self: []string{"sam@lumen.example", "sam.rivera@gmail.com"}})

func TestParseEvidenceSamples(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		class model.Class // what inference makes of the header
		cut   string      // when set, the body ends right before this text (a report cut short)
		want  []Evidence
	}{
		{name: "postfix dsn: failed recipient only, not the delayed one nor the copy's Cc",
			file: "postfix_dsn.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "ada.park@acme-robotics.example", Status: "5.1.1", Detail: "user unknown", Hard: true}}},
		{name: "postfix dsn cut before the report part: read from the notification",
			file: "postfix_dsn.eml", class: model.Bounce, cut: "Content-Description: Delivery report",
			want: []Evidence{{Kind: "bounce", Address: "ada.park@acme-robotics.example", Status: "5.1.1", Detail: "user unknown", Hard: true}}},
		{name: "exchange online ndr 5.1.10",
			file: "exchange_ndr.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "carla.mendes@northwind.example", Status: "5.1.10", Detail: "recipient not found", Hard: true}}},
		{name: "exchange ndr cut before the report: the original To list does not count",
			file: "exchange_ndr.eml", class: model.Bounce, cut: "Content-Type: text/html",
			want: []Evidence{{Kind: "bounce", Address: "carla.mendes@northwind.example", Status: "5.1.10", Detail: "recipient not found", Hard: true}}},
		{name: "gmail address not found, plain notification with X-Failed-Recipients",
			file: "gmail_not_found.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "eve.tanaka@globex.example", Status: "5.1.1", Detail: "couldn't be found", Hard: true}}},
		{name: "qmail plain text: only the failed address, not those in the copy",
			file: "qmail_plain.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "milton@initech.example", Status: "5.1.1", Detail: "no mailbox here", Hard: true}}},
		{name: "exim mailbox disabled",
			file: "exim_plain.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "hank@umbrella.example", Status: "5.2.1", Detail: "has been disabled", Hard: true}}},
		{name: "spam rejection says nothing about the person",
			file: "policy_reject.eml", class: model.Bounce},
		{name: "mailbox full is a soft bounce",
			file: "mailbox_full.eml", class: model.Bounce,
			want: []Evidence{{Kind: "bounce", Address: "joe@stark.example", Status: "4.2.2", Detail: "mailbox full"}}},
		{name: "office 365 no longer with, names the replacement",
			file: "o365_no_longer_with.eml", class: model.AutoReply,
			want: []Evidence{{Kind: "auto-reply", Address: "jane.doe@contoso.example", Detail: "no longer with",
				Replacement: "John Smith <john.smith@contoso.example>", Hard: true}}},
		{name: "german auto-reply, latin-1 quoted-printable",
			file: "german_left.eml", class: model.AutoReply,
			want: []Evidence{{Kind: "auto-reply", Address: "max.mueller@beispiel-gmbh.example", Detail: "nicht mehr bei",
				Replacement: "Frau Anna Schmidt <anna.schmidt@beispiel-gmbh.example>", Hard: true}}},
		{name: "french html auto-reply",
			file: "french_left.eml", class: model.AutoReply,
			want: []Evidence{{Kind: "auto-reply", Address: "chloe.martin@societe.example", Detail: "n'est plus",
				Replacement: "Paul Durand <paul.durand@societe.example>", Hard: true}}},
		{name: "last day, new address and a successor",
			file: "new_address.eml", class: model.AutoReply,
			want: []Evidence{{Kind: "auto-reply", Address: "ada.park@acme-robotics.example", Detail: "last day at",
				Replacement: "Ben Ortiz <ben.ortiz@acme-robotics.example>", NewAddress: "ada@newco.example", Hard: true}}},
		{name: "vacation out-of-office naming a stand-in is not a move",
			file: "vacation_ooo.eml", class: model.AutoReply},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header, body := evidenceSample(t, tc.file)
			if tc.cut != "" {
				i := bytes.Index(body, []byte(tc.cut))
				if i < 0 {
					t.Fatalf("%q not in %s", tc.cut, tc.file)
				}
				body = body[:i]
			}
			msg, err := sampleClassifier.Classify(model.HeaderMessage{Header: string(header)})
			if err != nil {
				t.Fatal(err)
			}
			if msg.Class != tc.class {
				t.Fatalf("%s classed %q (%s), want %q", tc.file, msg.Class, msg.Reason, tc.class)
			}
			got := ParseEvidence(msg.Class, header, body)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseEvidence(%s)\n got %+v\nwant %+v", tc.file, got, tc.want)
			}
		})
	}
}

func TestParseEvidenceOnlyForBouncesAndAutoReplies(t *testing.T) {
	header, body := evidenceSample(t, "postfix_dsn.eml")
	for _, class := range []model.Class{model.Personal, model.Bulk, model.Automated, model.Mass, ""} {
		if got := ParseEvidence(class, header, body); got != nil {
			t.Errorf("class %q: got %+v, want nothing", class, got)
		}
	}
}

func TestParseEvidenceBadInput(t *testing.T) {
	tests := []struct{ name, header, body string }{
		{"empty", "", ""},
		{"garbage header", "\x00\xff: \r\n::::\r\n", "x"},
		{"report without boundary", "Content-Type: multipart/report; report-type=delivery-status\r\n", "--x\r\n\r\n"},
		{"unknown charset", "From: a@b.example\r\nContent-Type: text/plain; charset=x-klingon\r\n", "no longer with acme"},
		{"bad base64", "From: a@b.example\r\nContent-Transfer-Encoding: base64\r\n", "!!!!no longer with"},
		{"deep nesting", "Content-Type: multipart/mixed; boundary=a\r\n", strings.Repeat("--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n", 50)},
		{"field without address", "Content-Type: message/delivery-status\r\n", "Final-Recipient: rfc822;\r\nAction: failed\r\nStatus: 5.1.1\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, class := range []model.Class{model.Bounce, model.AutoReply} {
				for _, ev := range ParseEvidence(class, []byte(tc.header), []byte(tc.body)) {
					if !strings.Contains(ev.Address, "@") {
						t.Errorf("class %s: evidence without an address: %+v", class, ev)
					}
				}
			}
		})
	}
}

func TestEvidenceLine(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)
	tests := []struct {
		name string
		ev   Evidence
		want string
	}{
		{"hard bounce", Evidence{Kind: "bounce", Status: "5.1.1", Detail: "user unknown", Hard: true},
			`bounce 5.1.1 "user unknown" on 2026-03-02`},
		{"soft bounce", Evidence{Kind: "bounce", Status: "4.2.2", Detail: "mailbox full"},
			`bounce (soft) 4.2.2 "mailbox full" on 2026-03-02`},
		{"auto-reply", Evidence{Kind: "auto-reply", Detail: "no longer with", Hard: true,
			Replacement: "John Smith <john.smith@contoso.example>", NewAddress: "jd@new.example"},
			`auto-reply "no longer with" on 2026-03-02; contact: John Smith <john.smith@contoso.example>; new address: jd@new.example`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ev.Line(at); got != tc.want {
				t.Errorf("Line = %s\nwant   %s", got, tc.want)
			}
		})
	}
}
