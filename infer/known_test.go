package infer

import (
	"strings"
	"testing"
)

// TestFieldIDs: the field constants name HeaderFields() in order, the list
// and bulk-sender fields follow them, and no two names match each other.
func TestFieldIDs(t *testing.T) {
	names := HeaderFields()
	if len(names) > maxFields {
		t.Fatalf("%d header fields, more than maxFields %d", len(names), maxFields)
	}
	fixed := map[field]string{fMessageID: "Message-ID", fDate: "Date", fSubject: "Subject",
		fReferences: "References", fInReplyTo: "In-Reply-To", fFrom: "From", fSender: "Sender",
		fReplyTo: "Reply-To", fTo: "To", fCc: "Cc", fBcc: "Bcc", fReturnPath: "Return-Path",
		fContentType: "Content-Type", fAutoSubmitted: "Auto-Submitted", fXAutoreply: "X-Autoreply",
		fXAutorespond: "X-Autorespond", fXFailedRecipients: "X-Failed-Recipients", fPrecedence: "Precedence"}
	if len(fixed) != int(numFixed) {
		t.Fatalf("%d fixed names checked, numFixed = %d", len(fixed), numFixed)
	}
	for id, want := range fixed {
		if names[id] != want {
			t.Errorf("field %d names %q, want %q", id, names[id], want)
		}
	}
	c := New(Options{})
	for i, k := range append(c.listFields, c.bulkFields...) {
		if want := append(listFields(), bulkSenderFields()...)[i]; names[k] != want {
			t.Errorf("list/bulk field %d names %q, want %q", i, names[k], want)
		}
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			if strings.EqualFold(a, b) {
				t.Errorf("%q and %q are the same field", a, b)
			}
		}
	}
}

// TestFieldIndex: lookups through the index answer what header lookups
// answer, whatever the case, repeats and order of the fields.
func TestFieldIndex(t *testing.T) {
	tests := []struct {
		name  string
		block string
	}{
		{"every sample", strings.Join(sampleBlocks(), "")},
		{"case and repeats", "FROM: a@b\r\nfrom: c@d\r\nlist-id: x\r\nX-SG-EID: 1\r\nx-sg-eid: 2\r\n\r\n"},
		{"lookalikes", "X-SG-ID2: a\r\nFromm: b\r\nX(Odd): c\r\nList_Id: d\r\nContent-Type : e\r\n\r\n"},
		{"empty", "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSameAsTextproto(t, []byte(tt.block))
		})
	}
}

// sampleBlocks returns the samples' header blocks without their ending
// blank lines, so they concatenate into one block.
func sampleBlocks() []string {
	var out []string
	for _, s := range samples() {
		out = append(out, strings.TrimRight(s, "\r\n")+"\r\n")
	}
	return out
}
