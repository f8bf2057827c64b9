package digest

import (
	"strings"
	"testing"
)

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name   string
		digest func(*testing.T) Digest
	}{
		{"full", fullDigest},
		{"reach_only", reachOnlyDigest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.digest(t)
			golden(t, tt.name+".txt.golden", RenderText(d))
			html, err := RenderHTML(d)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".html.golden", html)
		})
	}
}

func TestRenderTextOrderAndOmission(t *testing.T) {
	full := RenderText(fullDigest(t))
	order := []string{"PEOPLE TO REACH OUT TO", "JOB CHANGES", "UPCOMING BIRTHDAYS", "ACCOUNTS AT RISK", "THIS WEEK'S PICK", "Tracking 142 people"}
	last := -1
	for _, h := range order {
		i := strings.Index(full, h)
		if i <= last {
			t.Errorf("%q at %d, want after %d (order: reach-outs, job changes, birthdays, risks, pick, summary)", h, i, last)
		}
		last = i
	}
	only := RenderText(reachOnlyDigest(t))
	for _, h := range order[1:] {
		if strings.Contains(only, h) {
			t.Errorf("reach-out-only digest contains %q", h)
		}
	}
	for _, filler := range []string{"just checking in", "nothing", "none"} {
		if strings.Contains(strings.ToLower(full+only), filler) {
			t.Errorf("digest contains filler %q", filler)
		}
	}
}

func TestRenderTextKeepsUserDataOnOneLine(t *testing.T) {
	d := reachOnlyDigest(t)
	d.ReachOut[0].Result.Name = "Eve\r\nBcc: x@evil.example"
	d.ReachOut[0].Note = "line one\n\nline two\x00"
	text := RenderText(d)
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "Bcc:") || strings.HasPrefix(line, "line two") {
			t.Errorf("user data broke onto its own line: %q", line)
		}
	}
	if !strings.Contains(text, "Note: line one line two") {
		t.Errorf("note not joined on one line:\n%s", text)
	}
	if strings.ContainsRune(text, 0) || strings.ContainsRune(text, '\r') {
		t.Errorf("control characters leaked into text")
	}
}

func TestEmpty(t *testing.T) {
	d := fullDigest(t)
	if d.Empty() {
		t.Error("full digest reported empty")
	}
	e := Digest{Period: "2026-W48", Summary: Summary{Tracked: 3, Active: 3}}
	if !e.Empty() {
		t.Error("digest with only a summary is not empty")
	}
	e.Pick = d.Pick
	if e.Empty() {
		t.Error("digest with a pick reported empty")
	}
}

func TestSubject(t *testing.T) {
	full := fullDigest(t)
	one := reachOnlyDigest(t)
	one.ReachOut = one.ReachOut[:1]
	tests := []struct {
		name string
		d    Digest
		want string
	}{
		{"weekly", full, "tend: 3 people to reach out to this week"},
		{"daily one", one, "tend: 1 person to reach out to today"},
		{"no reach-outs", Digest{Period: "2026-W48", JobChanges: full.JobChanges, Birthdays: full.Birthdays}, "tend: 1 job change, 2 birthdays this week"},
		{"empty", Digest{Period: "2026-W48"}, "tend: nothing due this week"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Subject(tt.d); got != tt.want {
				t.Errorf("Subject = %q, want %q", got, tt.want)
			}
		})
	}
}
