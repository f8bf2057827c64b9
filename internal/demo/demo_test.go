package demo

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGenerateIsDeterministic(t *testing.T) {
	base := Generate(Options{Seed: 7, Now: testNow})
	tests := []struct {
		name string
		opts Options
		same bool
	}{
		{name: "same seed and now", opts: Options{Seed: 7, Now: testNow}, same: true},
		{name: "different seed", opts: Options{Seed: 8, Now: testNow}},
		{name: "different now", opts: Options{Seed: 7, Now: testNow.Add(24 * time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := Generate(tt.opts)
			same := len(other.Messages) == len(base.Messages)
			for i := 0; same && i < len(base.Messages); i++ {
				a, b := base.Messages[i], other.Messages[i]
				same = a.Folder == b.Folder && bytes.Equal(a.Raw, b.Raw) && a.InternalDate.Equal(b.InternalDate) &&
					slices.Equal(a.Flags, b.Flags)
			}
			if same != tt.same {
				t.Errorf("identical mailboxes = %v, want %v", same, tt.same)
			}
		})
	}
}

func TestGenerateDefaults(t *testing.T) {
	a := Generate(Options{Now: testNow})
	b := Generate(Options{Seed: 1, Now: testNow, Years: 2})
	if len(a.Messages) != len(b.Messages) || !bytes.Equal(a.Messages[0].Raw, b.Messages[0].Raw) {
		t.Error("zero Seed/Years do not default to 1/2")
	}
	if z := Generate(Options{}); len(z.Messages) == 0 {
		t.Error("zero Options generated nothing")
	}
}

func TestMailboxShape(t *testing.T) {
	mb := Generate(Options{Now: testNow})
	if n := len(mb.Messages); n < 1500 || n > 3000 {
		t.Errorf("%d messages, want 1500–3000", n)
	}
	folders := map[string]int{}
	ids := map[string][]Message{}
	var malformed, bounces int
	for i, m := range mb.Messages {
		folders[m.Folder]++
		if bytes.Contains(bytes.ReplaceAll(m.Raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("message %d has a bare LF", i)
		}
		if m.InternalDate.After(testNow) || m.InternalDate.Before(testNow.AddDate(-2, 0, -7)) {
			t.Errorf("message %d dated %v, outside two years before %v", i, m.InternalDate, testNow)
		}
		if i > 0 {
			p := mb.Messages[i-1]
			if slices.Index(Folders(), p.Folder) > slices.Index(Folders(), m.Folder) ||
				(p.Folder == m.Folder && p.InternalDate.After(m.InternalDate)) {
				t.Errorf("message %d out of order", i)
			}
		}
		h := parseHeader(t, m.Raw)
		id := h.Get("Message-Id")
		ids[id] = append(ids[id], m)
		if h.Get("Date") == malformedDate {
			malformed++
		}
		if strings.HasPrefix(h.Get("Content-Type"), "multipart/report; report-type=delivery-status") {
			bounces++
		}
	}
	for _, f := range Folders() {
		if folders[f] == 0 {
			t.Errorf("folder %s is empty", f)
		}
	}
	if malformed != 1 || bounces != 1 {
		t.Errorf("%d malformed Date headers and %d bounces, want exactly 1 each", malformed, bounces)
	}
	for id, ms := range ids {
		switch {
		case len(ms) == 1:
		case len(ms) == 2 && ms[0].Folder == FolderArchive && ms[1].Folder == FolderTrash && bytes.Equal(ms[0].Raw, ms[1].Raw):
		default:
			t.Errorf("Message-ID %s appears %d times", id, len(ms))
		}
	}
	if folders[FolderTrash] == 0 {
		t.Error("no Trash duplicate of an archived message")
	}
}

func TestEncodedNames(t *testing.T) {
	mb := Generate(Options{Now: testNow})
	var all bytes.Buffer
	for _, m := range mb.Messages {
		all.Write(m.Raw)
	}
	for _, want := range []string{
		"=?utf-8?q?Jos=C3=A9_M=C3=BCller?=",     // UTF-8 Q
		"=?utf-8?b?Wm/DqyDDmGRlZ2FhcmQ=?=",      // UTF-8 B: Zoë Ødegaard
		"=?utf-8?b?55Sw5LitIOe+juWSsg==?=",      // UTF-8 B: 田中 美咲
		"=?ISO-8859-1?Q?Fran=E7ois_Lef=E8vre?=", // Latin-1 Q
		"=?windows-1252?Q?Ren=E9e_O=92Connor?=", // Windows-1252 Q
		`"Lee, Jordan"`,
	} {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("no header contains %s", want)
		}
	}
}
