package infer

import (
	"testing"
	"time"
)

func TestSoftBounceSeries(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, d) }
	soft := func(addr string, d int) DatedEvidence {
		return DatedEvidence{At: day(d), Evidence: Evidence{Kind: EvidenceBounce, Address: addr, Status: "4.2.2", Detail: "mailbox full"}}
	}
	tests := []struct {
		name     string
		in       []DatedEvidence
		wantAddr []string
		wantAt   []time.Time
	}{
		{name: "three over ten days", in: []DatedEvidence{soft("a@x.example", 0), soft("a@x.example", 4), soft("a@x.example", 10)},
			wantAddr: []string{"a@x.example"}, wantAt: []time.Time{day(10)}},
		{name: "three within a week is a bad week", in: []DatedEvidence{soft("a@x.example", 0), soft("a@x.example", 2), soft("a@x.example", 6)}},
		{name: "two over a month is not a series", in: []DatedEvidence{soft("a@x.example", 0), soft("a@x.example", 30)}},
		{name: "dated at the bounce that completed it, unsorted input, later ones ignored",
			in:       []DatedEvidence{soft("a@x.example", 20), soft("a@x.example", 0), soft("a@x.example", 3), soft("a@x.example", 8)},
			wantAddr: []string{"a@x.example"}, wantAt: []time.Time{day(8)}},
		{name: "the same bounce seen twice counts once",
			in: []DatedEvidence{soft("a@x.example", 0), soft("a@x.example", 0), soft("a@x.example", 9)}},
		{name: "addresses are counted apart",
			in:       []DatedEvidence{soft("a@x.example", 0), soft("b@x.example", 4), soft("a@x.example", 10), soft("b@x.example", 6), soft("b@x.example", 9), soft("a@x.example", 11)},
			wantAddr: []string{"a@x.example"}, wantAt: []time.Time{day(11)}},
		{name: "hard bounces and auto-replies are not soft bounces",
			in: []DatedEvidence{{At: day(0), Evidence: Evidence{Kind: EvidenceBounce, Address: "a@x.example", Hard: true}},
				{At: day(5), Evidence: Evidence{Kind: EvidenceAutoReply, Address: "a@x.example"}}, soft("a@x.example", 10)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SoftBounceSeries(tc.in)
			if len(got) != len(tc.wantAddr) {
				t.Fatalf("got %+v, want addresses %v", got, tc.wantAddr)
			}
			for i, g := range got {
				if g.Address != tc.wantAddr[i] || !g.At.Equal(tc.wantAt[i]) || !g.Hard || g.Kind != EvidenceBounce {
					t.Errorf("got %+v, want %s at %s, hard", g, tc.wantAddr[i], tc.wantAt[i])
				}
			}
		})
	}
	got := SoftBounceSeries([]DatedEvidence{soft("a@x.example", 0), soft("a@x.example", 4), soft("a@x.example", 10)})
	if want := `bounce 4.2.2 "3 soft bounces since 2026-01-01, last: mailbox full" on 2026-01-11`; got[0].Line(got[0].At) != want {
		t.Errorf("Line = %s\nwant   %s", got[0].Line(got[0].At), want)
	}
}
