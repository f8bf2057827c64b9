package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func ago(days int) time.Time { return testNow.AddDate(0, 0, -days) }

// sampleResults scores three realistic people plus one never contacted.
func sampleResults() []scoring.Result {
	e := func(days int, dir model.Direction, subj string) model.Touch {
		return model.Touch{At: ago(days), Direction: dir, Channel: model.Email, Weight: 1, Subject: subj}
	}
	hs := []model.PersonHistory{
		{Name: `Doe, Jane "JJ"`, Email: "jane.doe@eu.acme-robotics.example", Touches: []model.Touch{
			e(200, model.Outbound, ""), e(170, model.Inbound, ""), e(140, model.Outbound, ""),
			e(110, model.Inbound, ""), e(80, model.Outbound, "Q3 pricing, revised"),
		}},
		{Name: "Zoë Ångström-Müller", Email: "zoe@gmail.com", Touches: []model.Touch{
			e(20, model.Outbound, "Lunch?"),
			{At: ago(6), Direction: model.Mutual, Channel: model.Meeting, Weight: 1, Subject: "Lunch"},
		}},
		{Name: `=HYPERLINK("http://evil.example","click")`, Email: "+1@evil.example", Touches: []model.Touch{
			e(150, model.Inbound, "=cmd|' /C calc'!A0"),
		}},
		{Name: "", Email: "nobody@acme.co.uk"},
	}
	rs := make([]scoring.Result, len(hs))
	for i, h := range hs {
		rs[i] = scoring.Score(h, testNow, scoring.Params{})
	}
	return rs
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestGolden(t *testing.T) {
	rs := sampleResults()
	t.Run("csv", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteCSV(&b, rs, CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		golden(t, "results.csv", b.Bytes())
	})
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteJSON(&b, rs); err != nil {
			t.Fatal(err)
		}
		golden(t, "results.json", b.Bytes())
	})
}

func TestWriteCSVParsesBack(t *testing.T) {
	rs := sampleResults()
	var b bytes.Buffer
	if err := WriteCSV(&b, rs, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	raw := b.String()
	if strings.Count(raw, "\r\n") != len(rs)+1 {
		t.Errorf("want %d CRLF-terminated records, got %d CRLFs", len(rs)+1, strings.Count(raw, "\r\n"))
	}
	recs, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatalf("parsing our own csv: %v", err)
	}
	if !slices.Equal(recs[0], Columns()) {
		t.Fatalf("header = %v, want %v", recs[0], Columns())
	}
	col := func(rec []string, name string) string { return rec[slices.Index(Columns(), name)] }
	jane, zoe, evil, nobody := recs[1], recs[2], recs[3], recs[4]
	tests := []struct{ name, got, want string }{
		{"comma and quotes survive", col(jane, "name"), `Doe, Jane "JJ"`},
		{"company from a subdomain", col(jane, "company"), "Acme Robotics"},
		{"last contact in RFC 3339 UTC", col(jane, "last_contact"), "2026-03-13T12:00:00Z"},
		{"days since", col(jane, "days_since"), "80"},
		{"history cadence in days", col(jane, "cadence_days"), "30"},
		{"overdue days past the cadence", col(jane, "overdue_days"), "50"},
		{"status", col(jane, "status"), "lapsed"},
		{"score has two decimals", col(jane, "score")[len(col(jane, "score"))-3:][:1], "."},
		{"reason keeps the subject", col(jane, "reason"), `2.7x overdue on your usual 30-day rhythm; last: you wrote "Q3 pricing, revised" on 2026-03-13`},
		{"non-ascii name intact", col(zoe, "name"), "Zoë Ångström-Müller"},
		{"free mail has no company", col(zoe, "company"), ""},
		{"meeting channel", col(zoe, "last_channel"), "meeting"},
		{"active is not overdue", col(zoe, "overdue_days"), "0"},
		{"formula name neutralised", col(evil, "name"), `'=HYPERLINK("http://evil.example","click")`},
		{"formula-looking email neutralised", col(evil, "email"), "'+1@evil.example"},
		{"nobody contacted has no last contact", col(nobody, "last_contact"), ""},
		{"nobody contacted has no days since", col(nobody, "days_since"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	for i, rec := range recs {
		if len(rec) != len(Columns()) {
			t.Errorf("record %d has %d fields, want %d", i, len(rec), len(Columns()))
		}
	}
}

func TestWriteCSVBOM(t *testing.T) {
	tests := []struct {
		name string
		bom  bool
	}{{"with BOM", true}, {"without BOM", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteCSV(&b, sampleResults(), CSVOptions{BOM: tt.bom}); err != nil {
				t.Fatal(err)
			}
			has := bytes.HasPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF})
			if has != tt.bom {
				t.Errorf("starts with BOM = %v, want %v", has, tt.bom)
			}
			rest := bytes.TrimPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF})
			if !bytes.HasPrefix(rest, []byte("name,email,")) {
				t.Errorf("header does not follow: %q", rest[:min(20, len(rest))])
			}
		})
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"formula", "=1+2", "'=1+2"},
		{"plus", "+44 20", "'+44 20"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"plain text", "Jane", "Jane"},
		{"inner equals", "a=b", "a=b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := neutralise(tt.in); got != tt.want {
				t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriteJSON(t *testing.T) {
	rs := sampleResults()
	var b bytes.Buffer
	if err := WriteJSON(&b, rs); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(b.Bytes(), &objs); err != nil {
		t.Fatalf("parsing our own json: %v", err)
	}
	wantKeys := append(Columns(), "last_subject", "candidate", "reach_out", "priority", "reasons")
	slices.Sort(wantKeys)
	for i, o := range objs {
		var keys []string
		for k := range o {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, wantKeys) {
			t.Errorf("object %d keys = %v, want %v", i, keys, wantKeys)
		}
	}
	if got := objs[0]["last_contact"]; got != "2026-03-13T12:00:00Z" {
		t.Errorf("last_contact = %v, want RFC 3339 UTC", got)
	}
	if got := objs[2]["name"]; got != `=HYPERLINK("http://evil.example","click")` {
		t.Errorf("JSON name = %v, want it unaltered", got)
	}
	if objs[3]["last_contact"] != nil || objs[3]["days_since"] != nil {
		t.Errorf("never contacted: last_contact %v days_since %v, want null", objs[3]["last_contact"], objs[3]["days_since"])
	}
	if objs[0]["candidate"] != true || objs[2]["candidate"] != false {
		t.Errorf("candidate flags = %v, %v; want true, false", objs[0]["candidate"], objs[2]["candidate"])
	}

	t.Run("no results give an empty array", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteJSON(&b, nil); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(b.String()); got != "[]" {
			t.Errorf("got %q, want []", got)
		}
	})
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	if err := WriteCSV(failWriter{}, sampleResults(), CSVOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteCSV error = %v, want the writer's error", err)
	}
	if err := WriteJSON(failWriter{}, sampleResults()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteJSON error = %v, want the writer's error", err)
	}
}
