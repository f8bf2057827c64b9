package infer

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

func FuzzClassify(f *testing.F) {
	for _, s := range samples() {
		f.Add([]byte(s), int64(1710226800))
		f.Add([]byte(s), int64(0))
	}
	c := New(Options{Self: []string{"me@example.org", "first.last@gmail.com"}, KeepSubjects: true})
	f.Fuzz(func(t *testing.T, header []byte, unix int64) {
		var internal time.Time
		if unix != 0 {
			internal = time.Unix(unix%(1<<34), 0)
		}
		m, err := c.Classify(model.HeaderMessage{InternalDate: internal, Header: string(header)})
		if err != nil {
			return
		}
		if m.Key == "" || m.ThreadKey == "" {
			t.Fatalf("empty key %q or thread %q", m.Key, m.ThreadKey)
		}
		if m.At.IsZero() {
			t.Fatal("zero At")
		}
		if m.Class == "" {
			t.Fatal("no class")
		}
		if m.Class != model.Personal && len(m.Interactions) > 0 {
			t.Fatalf("%d interactions on a %s message", len(m.Interactions), m.Class)
		}
		for _, in := range m.Interactions {
			if in.Email != strings.ToLower(in.Email) || !strings.Contains(in.Email, "@") {
				t.Fatalf("bad interaction email %q", in.Email)
			}
			if c.IsSelf(in.Email) {
				t.Fatalf("interaction with self address %q", in.Email)
			}
			if in.Weight <= 0 || in.Weight > 1 {
				t.Fatalf("weight %v out of (0, 1]", in.Weight)
			}
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	c := New(Options{Self: []string{"me@example.org"}})
	var msgs []model.HeaderMessage
	for _, s := range samples() {
		msgs = append(msgs, model.HeaderMessage{InternalDate: arrival, Header: s})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := c.Classify(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
