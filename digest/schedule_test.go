package digest

import (
	"strings"
	"testing"
	"time"
)

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // String() of the result, or a piece of the error
		bad      bool
	}{
		{"weekly", "weekly mon 08:00", "weekly mon 08:00 UTC", false},
		{"daily", "daily 07:30", "daily 07:30 UTC", false},
		{"case and spaces", "  Weekly   FRI 17:30 ", "weekly fri 17:30 UTC", false},
		{"full day, one-digit hour", "weekly sunday 8:05", "weekly sun 08:05 UTC", false},
		{"midnight", "daily 00:00", "daily 00:00 UTC", false},
		{"last minute", "daily 23:59", "daily 23:59 UTC", false},
		{"empty", "", "empty", true},
		{"unknown frequency", "hourly 08:00", `unknown frequency "hourly"`, true},
		{"weekly without day", "weekly 08:00", `want "weekly DAY HH:MM"`, true},
		{"unknown day", "weekly funday 08:00", `unknown weekday "funday"`, true},
		{"daily with day", "daily mon 08:00", `want "daily HH:MM"`, true},
		{"hour 24", "daily 24:00", `time "24:00" is not HH:MM`, true},
		{"minute 60", "daily 7:60", `time "7:60"`, true},
		{"no colon", "daily 0800", `time "0800"`, true},
		{"one-digit minute", "daily 08:0", `time "08:0"`, true},
		{"negative", "daily -1:00", `time "-1:00"`, true},
		{"am/pm", "daily 8:00am", `time "8:00am"`, true},
		{"trailing junk", "weekly mon 08:00 please", `want "weekly DAY HH:MM"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchedule(tt.in, nil)
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "schedule") {
					t.Errorf("ParseSchedule(%q) err = %v, want one naming %q", tt.in, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSchedule(%q): %v", tt.in, err)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func TestScheduleAcrossDST(t *testing.T) {
	tests := []struct {
		name       string
		sched, tz  string
		now        time.Time
		wantPeriod string
		wantLatest time.Time
		wantNext   time.Time
	}{
		// EU spring forward, Sun 2026-03-29 02:00 CET -> 03:00 CEST.
		{"berlin weekly mon before switch", "weekly mon 08:00", "Europe/Berlin", utc(2026, 3, 30, 5, 59),
			"2026-W13", utc(2026, 3, 23, 7, 0), utc(2026, 3, 30, 6, 0)},
		{"berlin weekly mon after switch", "weekly mon 08:00", "Europe/Berlin", utc(2026, 3, 30, 6, 0),
			"2026-W14", utc(2026, 3, 30, 6, 0), utc(2026, 4, 6, 6, 0)},
		{"berlin skipped 02:30 fires at 03:00", "daily 02:30", "Europe/Berlin", utc(2026, 3, 29, 1, 0),
			"2026-03-29", utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)},
		{"berlin before skipped slot", "daily 02:30", "Europe/Berlin", utc(2026, 3, 29, 0, 59),
			"2026-03-28", utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0)},
		// EU fall back, Sun 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice.
		{"berlin repeated 02:30 first pass", "daily 02:30", "Europe/Berlin", utc(2026, 10, 25, 0, 30),
			"2026-10-25", utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)},
		{"berlin repeated 02:30 second pass fires no more", "daily 02:30", "Europe/Berlin", utc(2026, 10, 25, 1, 45),
			"2026-10-25", utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)},
		{"berlin weekly sun on fall-back day", "weekly sun 08:00", "Europe/Berlin", utc(2026, 10, 25, 6, 59),
			"2026-W42", utc(2026, 10, 18, 6, 0), utc(2026, 10, 25, 7, 0)},
		// US spring forward, Sun 2026-03-08 02:00 EST -> 03:00 EDT.
		{"new york skipped 02:30 fires at 03:00", "daily 02:30", "America/New_York", utc(2026, 3, 8, 7, 0),
			"2026-03-08", utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)},
		{"new york weekly sun 08:00", "weekly sun 08:00", "America/New_York", utc(2026, 3, 8, 12, 30),
			"2026-W10", utc(2026, 3, 8, 12, 0), utc(2026, 3, 15, 12, 0)},
		{"new york weekly sun before slot", "weekly sun 08:00", "America/New_York", utc(2026, 3, 8, 11, 59),
			"2026-W09", utc(2026, 3, 1, 13, 0), utc(2026, 3, 8, 12, 0)},
		// US fall back, Sun 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice.
		{"new york repeated 01:30 once", "daily 01:30", "America/New_York", utc(2026, 11, 1, 6, 45),
			"2026-11-01", utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)},
		{"new york weekly mon after fall back", "weekly mon 08:00", "America/New_York", utc(2026, 11, 2, 12, 59),
			"2026-W44", utc(2026, 10, 26, 12, 0), utc(2026, 11, 2, 13, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchedule(tt.sched, zone(t, tt.tz))
			if err != nil {
				t.Fatal(err)
			}
			period, slot := s.Latest(tt.now)
			if period != tt.wantPeriod || !slot.Equal(tt.wantLatest) {
				t.Errorf("Latest(%v) = %q, %v; want %q, %v", tt.now, period, slot.UTC(), tt.wantPeriod, tt.wantLatest)
			}
			if next := s.Next(tt.now); !next.Equal(tt.wantNext) {
				t.Errorf("Next(%v) = %v, want %v", tt.now, next.UTC(), tt.wantNext)
			}
		})
	}
}

func TestSchedulePeriodKeysAtYearEnd(t *testing.T) {
	tests := []struct {
		name, sched, tz string
		now             time.Time
		want            string
	}{
		{"2026 has ISO week 53", "weekly mon 08:00", "UTC", utc(2026, 12, 31, 12, 0), "2026-W53"},
		{"week 53 runs into January", "weekly sun 20:00", "UTC", utc(2027, 1, 3, 21, 0), "2026-W53"},
		{"first week of 2027", "weekly mon 08:00", "UTC", utc(2027, 1, 4, 8, 0), "2027-W01"},
		{"Monday 2024-12-30 is 2025-W01", "weekly mon 08:00", "UTC", utc(2024, 12, 31, 0, 0), "2025-W01"},
		{"daily before the slot on New Year", "daily 07:30", "UTC", utc(2027, 1, 1, 6, 0), "2026-12-31"},
		{"local date decides the key", "daily 00:15", "Europe/Berlin", utc(2026, 12, 31, 23, 30), "2027-01-01"},
		{"local week decides the key", "weekly mon 00:15", "Europe/Berlin", utc(2026, 12, 27, 23, 30), "2026-W53"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSchedule(tt.sched, zone(t, tt.tz))
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Latest(tt.now); got != tt.want {
				t.Errorf("Latest(%v) period = %q, want %q", tt.now, got, tt.want)
			}
		})
	}
}

// TestScheduleWalksAYear follows Next through two years of slots and checks
// each keeps its wall time, gets a fresh period key and is its own Latest.
func TestScheduleWalksAYear(t *testing.T) {
	for _, tc := range []struct{ sched, tz, wall, gapWall string }{
		{"daily 08:00", "Europe/Berlin", "08:00", ""},
		{"weekly mon 08:00", "America/New_York", "08:00", ""},
		{"daily 02:30", "America/New_York", "02:30", "03:00"},
		{"weekly sun 02:30", "Europe/Berlin", "02:30", "03:00"},
	} {
		t.Run(tc.sched+" "+tc.tz, func(t *testing.T) {
			loc := zone(t, tc.tz)
			s, err := ParseSchedule(tc.sched, loc)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			gaps := 0 // spring-forward days in 2026 and 2027
			prev := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			for i := 0; i < 800 && prev.Year() < 2028; i++ {
				slot := s.Next(prev)
				if !slot.After(prev) {
					t.Fatalf("Next(%v) = %v, not after", prev, slot)
				}
				key, latest := s.Latest(slot)
				if !latest.Equal(slot) || seen[key] {
					t.Fatalf("Latest(%v) = %q, %v (seen before: %v)", slot, key, latest, seen[key])
				}
				seen[key] = true
				if again, _ := s.Latest(slot.Add(-time.Second)); again == key {
					t.Fatalf("slot %v: period %q already current a second before", slot, key)
				}
				local := slot.In(loc)
				if hm := local.Format("15:04"); hm != tc.wall {
					gaps++
					if hm != tc.gapWall || gaps > 2 {
						t.Errorf("slot %v at %s local, want %s", slot, hm, tc.wall)
					}
				}
				prev = slot
			}
		})
	}
}
