package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tend-dev/tend/internal/radicaletest"
)

// meetingICS is one meeting the user organises with who, at start (UTC,
// 20261118T150000Z).
func meetingICS(uid, start, self, who string) string {
	return fmt.Sprintf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tend//test//EN\nBEGIN:VEVENT\nUID:%s\nDTSTAMP:20261101T000000Z\n"+
		"DTSTART:%s\nDURATION:PT30M\nSUMMARY:Catch-up\nORGANIZER:mailto:%s\nATTENDEE;PARTSTAT=ACCEPTED:mailto:%s\n"+
		"ATTENDEE;PARTSTAT=ACCEPTED:mailto:%s\nEND:VEVENT\nEND:VCALENDAR\n", uid, start, self, self, who)
}

// TestCalDAVEndToEnd: mail from an IMAP server and meetings from a real
// Radicale through `tend sync`: a recent meeting revives a relationship mail
// had let lapse, and a meeting coming up holds back the reminder.
func TestCalDAVEndToEnd(t *testing.T) {
	rad := radicaletest.Start(t)
	rad.MkCalendar(t, "work", "Work")
	cfg, mb, _ := serveDemo(t, 7)

	mustTend(t, "--config", cfg, "sync")
	before := contactsJSON(t, cfg)
	var lapsed []string
	for email, row := range before {
		if row["status"] == "lapsed" && row["reach_out"] == true {
			lapsed = append(lapsed, email)
		}
	}
	sort.Strings(lapsed)
	if len(lapsed) < 2 {
		t.Fatalf("the demo mailbox has %d lapsed people, want at least 2", len(lapsed))
	}
	met, planned := lapsed[0], lapsed[1]

	// Last week's meeting with one, next week's with the other.
	rad.PutEvent(t, "work", "met.ics", meetingICS("met@tend.test", "20261118T150000Z", mb.User, met))
	rad.PutEvent(t, "work", "planned.ics", meetingICS("planned@tend.test", "20261202T150000Z", mb.User, planned))
	t.Setenv("TEND_TEST_RADICALE_PW", rad.Password)
	text, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// An address book export: the person met has a birthday in three days.
	vcf := filepath.Join(t.TempDir(), "contacts.vcf")
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card Name\r\nEMAIL:" + met + "\r\nBDAY:--1128\r\nNOTE:private\r\nEND:VCARD\r\n"
	if err := os.WriteFile(vcf, []byte(card), 0o600); err != nil {
		t.Fatal(err)
	}
	text = append(text, fmt.Sprintf("\n[[accounts]]\nname = \"book\"\nkind = \"vcard\"\npath = %q\n", vcf)...)
	text = append(text, fmt.Sprintf("\n[[accounts]]\nname = \"dav\"\nkind = \"caldav\"\nurl = %q\nusername = %q\npassword_env = \"TEND_TEST_RADICALE_PW\"\n\n[log]\nlevel = \"debug\"\n",
		rad.URL, rad.User)...)
	if err := os.WriteFile(cfg, text, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := tend(t, "--config", cfg, "sync")
	if err != nil {
		t.Fatalf("sync: %v\n%s", err, errOut)
	}
	if strings.Contains(errOut, rad.Password) {
		t.Fatal("the CalDAV password appeared in the log")
	}
	after := contactsJSON(t, cfg)
	if r := after[met]; r == nil || r["status"] != "active" || r["last_channel"] != "meeting" {
		t.Errorf("after last week's meeting, %s = %v, want active via a meeting", met, r)
	}
	if r := after[met]; r == nil || !strings.Contains(fmt.Sprint(r["reasons"]), "birthday") {
		t.Errorf("the card's birthday is not among the reasons for %s: %v", met, r)
	}
	if r := after[planned]; r == nil || r["reach_out"] != false {
		t.Errorf("with a meeting next week, %s = %v, want no reminder", planned, r)
	}
	list := mustTend(t, "--config", cfg, "contacts", "--now", testNow)
	if strings.Contains(list, planned) {
		t.Errorf("the reach-out list names %s, whom you meet next week:\n%s", planned, list)
	}

	status := mustTend(t, "--config", cfg, "status", "--now", testNow)
	if !strings.Contains(status, "cal:/alice/work/") || !strings.Contains(status, "caldav 127.0.0.1") ||
		!strings.Contains(status, "book:"+vcf) {
		t.Errorf("status does not show the calendar:\n%s", status)
	}
	if strings.Contains(status, rad.Password) {
		t.Error("status shows the password")
	}
}
