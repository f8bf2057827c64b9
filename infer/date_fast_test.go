package infer

import (
	"testing"
	"time"
)

func TestFastDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fast bool // the fast path reads it
	}{
		{"rfc 5322", "Mon, 2 Jan 2006 15:04:05 -0700", true},
		{"two-digit day, positive zone", "Tue, 31 Dec 2024 23:59:59 +1400", true},
		{"no weekday", "2 Jan 2006 15:04:05 +0000", true},
		{"zone comment", "Wed, 05 Mar 2024 10:00:00 +0100 (CET)", true},
		{"leap second", "Sat, 31 Dec 2016 23:59:60 +0000", false},
		{"no such day", "Fri, 30 Feb 2024 10:00:00 +0000", false},
		{"zone too far", "Mon, 2 Jan 2006 15:04:05 +1500", false},
		{"zone GMT", "Mon, 2 Jan 2006 15:04:05 GMT", true},
		{"zone UTC with comment", "Mon, 2 Jan 2006 15:04:05 UTC (Coordinated)", true},
		{"zone UT", "2 Jan 2006 15:04:05 UT", true},
		{"zone UTC+2", "Mon, 2 Jan 2006 15:04:05 UTC+2", false},
		{"zone GMT+0200", "Mon, 2 Jan 2006 15:04:05 GMT+0200", false},
		{"zone UTx", "Mon, 2 Jan 2006 15:04:05 UTX", false},
		{"lowercase gmt", "Mon, 2 Jan 2006 15:04:05 gmt", false},
		{"zone name", "Mon, 2 Jan 2006 15:04:05 EST", false},
		{"no seconds", "Mon, 2 Jan 2006 15:04 -0700", false},
		{"lowercase month", "Mon, 2 jan 2006 15:04:05 -0700", false},
		{"nested comment", "Mon, 2 Jan 2006 15:04:05 -0700 (a (b))", false},
		{"three-digit day", "Mon, 002 Jan 2006 15:04:05 -0700", false},
		{"trailing text", "Mon, 2 Jan 2006 15:04:05 -0700 x", false},
		{"hour 24", "Mon, 2 Jan 2006 24:00:00 -0700", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := fastDate(tt.in)
			if ok != tt.fast {
				t.Fatalf("fastDate(%q) ok = %v, want %v", tt.in, ok, tt.fast)
			}
			want, err := parseDateLenient(tt.in)
			if ok && (err != nil || !got.Equal(want) || got.Location() != time.UTC) {
				t.Errorf("fastDate(%q) = %v; lenient parser: %v, %v", tt.in, got, want, err)
			}
			if all, err2 := parseDate(tt.in); !all.Equal(want) || (err == nil) != (err2 == nil) {
				t.Errorf("parseDate(%q) = %v, %v; lenient parser: %v, %v", tt.in, all, err2, want, err)
			}
		})
	}
}

// FuzzFastDate: whatever the fast path accepts, the lenient parser reads as
// the same instant.
func FuzzFastDate(f *testing.F) {
	for _, s := range []string{"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 +0000 (UTC)",
		"Sun, 29 Feb 2023 01:02:03 +1459", "Thu, 1 Jan 1970 00:00:00 -0000", "Mon, 2 Jan 2006 15:04:05 GMT",
		"2 Jan 2006 15:04:05 UT (x)", "Mon, 2 Jan 2006 15:04:05 UTC+1", "Mon, 2 Jan 2006 15:04:05 GMT-0700"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := fastDate(s)
		if !ok {
			return
		}
		want, err := parseDateLenient(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Fatalf("fastDate(%q) = %v; lenient parser: %v, %v", s, got, want, err)
		}
	})
}
