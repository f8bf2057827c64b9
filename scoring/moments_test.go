package scoring

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// threaded sets a touch's thread and recipient count.
func threaded(t model.Touch, thread string, recipients int) model.Touch {
	t.Thread, t.Recipients = thread, recipients
	return t
}

func TestWaitingOnTheUser(t *testing.T) {
	base := every(30, 360, 40, "x") // steady, last exchange 40 days ago (answered)
	with := func(ts ...model.Touch) []model.Touch { return append(append([]model.Touch(nil), base...), ts...) }
	tests := []struct {
		name    string
		touches []model.Touch
		want    string // "" for no waiting reason
	}{
		{"a one-to-one message 10 days ago, never answered",
			with(threaded(in(ago(10), "Contract renewal"), "t1", 1)),
			`they wrote "Contract renewal" on 2026-05-22 and you never replied`},
		{"answered in the same thread", with(threaded(in(ago(10), "Contract renewal"), "t1", 1), threaded(out(ago(9), "Re: Contract renewal"), "t1", 1)), ""},
		{"a meeting after it counts as an answer", with(threaded(in(ago(10), "Contract renewal"), "t1", 1), meet(ago(5), "Call")), ""},
		{"a message to a group is not waiting on you", with(threaded(in(ago(10), "All hands"), "t1", 4)), ""},
		{"unknown recipients: a weight below 1 means a group", with(model.Touch{At: ago(10), Direction: model.Inbound, Channel: model.Email, Weight: 0.5}), ""},
		{"a day old is not yet waiting", with(threaded(in(ago(1), "Contract renewal"), "t1", 1)), ""},
		{"older than the moment window is history, not news", append(every(30, 720, 230, "x"), threaded(in(ago(200), "Old"), "t9", 1)), ""},
		{"a later group message in another thread leaves the one-to-one thread waiting",
			with(threaded(in(ago(12), "Pricing"), "t1", 1), threaded(in(ago(5), "Team intro"), "t2", 3)),
			`they wrote "Pricing" on 2026-05-20 and you never replied`},
		{"their reply in a thread you wrote in is not waiting (often a closing thanks)",
			with(threaded(out(ago(12), "Pricing"), "t1", 1), threaded(in(ago(10), "Re: Pricing"), "t1", 1)), ""},
		{"without thread keys a reply subject says the same",
			with(in(ago(10), "Re: Pricing")), ""},
		{"without thread keys a new subject is waiting",
			with(in(ago(10), "Intro to our CFO")), `they wrote "Intro to our CFO" on 2026-05-22 and you never replied`},
		{"their follow-up in the same thread is what waits",
			with(threaded(in(ago(12), "Pricing"), "t1", 1), threaded(in(ago(6), "Re: Pricing"), "t1", 1)),
			`they wrote "Re: Pricing" on 2026-05-26 and you never replied`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Touches: tt.touches}, testNow, Params{})
			var got string
			for _, x := range r.Reasons {
				if x.Kind == ReasonWaiting {
					got = x.Text
				}
			}
			if got != tt.want {
				t.Errorf("waiting = %q, want %q", got, tt.want)
			}
			if tt.want != "" && (!r.ReachOut || !strings.Contains(r.Reason, tt.want)) {
				t.Errorf("waiting person not on the list: reach-out %v, reason %q", r.ReachOut, r.Reason)
			}
		})
	}
}

func TestGoingCold(t *testing.T) {
	tests := []struct {
		name    string
		touches []model.Touch
		status  string
		want    string
	}{
		{"weekly for two years, then twice in four months",
			append(every(7, 720, 150, "sync"), every(60, 65, 5, "catch-up")...), StatusActive,
			"going cold: 2 conversations in the last 120 days, against about 16 before"},
		{"steady weekly contact is not cold", every(7, 720, 3, "sync"), StatusActive, ""},
		{"too little past history says nothing", append(every(7, 150, 130, "sync"), every(60, 65, 5, "x")...), StatusActive, ""},
		{"a lapsed relationship is lapsed, not going cold", every(7, 720, 130, "sync"), StatusLapsed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Touches: tt.touches}, testNow, Params{})
			var got string
			for _, x := range r.Reasons {
				if x.Kind == ReasonCold {
					got = x.Text
				}
			}
			if r.Status != tt.status || got != tt.want {
				t.Errorf("status %s, cold %q; want %s, %q", r.Status, got, tt.status, tt.want)
			}
			if tt.want != "" && !r.ReachOut {
				t.Error("an active relationship going cold is not on the reach-out list")
			}
		})
	}
}

func TestJobChange(t *testing.T) {
	moved := model.Move{At: ago(20), FromEmail: "dana@initech.example", ToEmail: "dana@cyberdyne.example",
		FromCompany: "initech.example", ToCompany: "cyberdyne.example", Kind: "new-domain",
		Evidence: "first wrote from dana@cyberdyne.example on 2026-05-12"}
	bounced := model.Move{At: ago(30), FromEmail: "bill@initech.example", FromCompany: "initech.example", Kind: "bounce",
		Evidence: `bounce 5.1.1 "user unknown" on 2026-05-02`}
	tests := []struct {
		name    string
		touches []model.Touch
		moves   []model.Move
		want    string
		company string
		former  []string
	}{
		{"a new domain after silence is a new door",
			append(every(30, 700, 200, "x"), every(14, 20, 6, "hello from Cyberdyne")...), []model.Move{moved},
			"moved from Initech to Cyberdyne on 2026-05-12 (first wrote from dana@cyberdyne.example on 2026-05-12): a new door",
			"Cyberdyne", []string{"initech.example"}},
		{"a hard bounce: they left",
			every(30, 700, 60, "x"), []model.Move{bounced},
			`left Initech on 2026-05-02 (bounce 5.1.1 "user unknown" on 2026-05-02): find out where they went`,
			"Initech", []string{"initech.example"}},
		{"a move long ago is history, not news",
			every(30, 700, 10, "x"), []model.Move{{At: ago(400), FromCompany: "initech.example", ToCompany: "cyberdyne.example", Kind: "new-domain"}},
			"", "Cyberdyne", []string{"initech.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.touches {
				tt.touches[i].Email = "dana@initech.example"
				if tt.touches[i].At.After(ago(25)) && tt.company == "Cyberdyne" {
					tt.touches[i].Email = "dana@cyberdyne.example"
				}
			}
			if tt.company == "Cyberdyne" && tt.want == "" {
				tt.touches[len(tt.touches)-1].Email = "dana@cyberdyne.example"
			}
			r := Score(model.PersonHistory{Name: "Dana Whitfield", Email: "dana@initech.example", Touches: tt.touches, Moves: tt.moves}, testNow, Params{})
			var got string
			for _, x := range r.Reasons {
				if x.Kind == ReasonJobChange {
					got = x.Text
				}
			}
			if got != tt.want {
				t.Errorf("job change = %q\nwant         %q", got, tt.want)
			}
			if tt.want != "" && (!r.ReachOut || !strings.HasPrefix(r.Reason, tt.want)) {
				t.Errorf("reach-out %v, reason %q: the move should lead", r.ReachOut, r.Reason)
			}
			if r.Company != tt.company || strings.Join(r.Former, ",") != strings.Join(tt.former, ",") {
				t.Errorf("company %q former %v, want %q %v", r.Company, r.Former, tt.company, tt.former)
			}
		})
	}
}

func TestUpcomingDates(t *testing.T) { // testNow is 2026-06-01
	tests := []struct {
		name    string
		moments []model.Moment
		want    []string
	}{
		{"a birthday in five days", []model.Moment{{Kind: "birthday", Month: 6, Day: 6}}, []string{"birthday on Jun 6, in 5 days"}},
		{"today, with the age", []model.Moment{{Kind: "birthday", Month: 6, Day: 1, Year: 1980}}, []string{"birthday (46 years) today"}},
		{"an anniversary tomorrow", []model.Moment{{Kind: "anniversary", Month: 6, Day: 2, Year: 2021}}, []string{"anniversary (5 years) tomorrow (Jun 2)"}},
		{"three weeks away is too far", []model.Moment{{Kind: "birthday", Month: 6, Day: 22}}, nil},
		{"last week's is next year", []model.Moment{{Kind: "birthday", Month: 5, Day: 25}}, nil},
		{"invalid dates are skipped", []model.Moment{{Kind: "birthday", Month: 13, Day: 1}, {Kind: "birthday", Month: 6, Day: 31}, {Kind: "birthday"}}, nil},
		{"soonest first", []model.Moment{{Kind: "anniversary", Month: 6, Day: 10}, {Kind: "birthday", Month: 6, Day: 3}},
			[]string{"birthday on Jun 3, in 2 days", "anniversary on Jun 10, in 9 days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(model.PersonHistory{Email: "a@acme.com", Touches: every(30, 360, 10, "x"), Moments: tt.moments}, testNow, Params{})
			var got []string
			for _, x := range r.Reasons {
				if x.Kind == ReasonDate {
					got = append(got, x.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(r.UpcomingMoments) != len(tt.want) {
				t.Errorf("dates = %q (%d upcoming), want %q", got, len(r.UpcomingMoments), tt.want)
			}
			if len(tt.want) > 0 && !r.ReachOut {
				t.Error("a birthday does not put an active contact on the list")
			}
		})
	}
	t.Run("29 February falls on the 28th in other years", func(t *testing.T) {
		now := time.Date(2027, 2, 20, 9, 0, 0, 0, time.UTC)
		us := upcomingDates([]model.Moment{{Kind: "birthday", Month: 2, Day: 29}}, now, 14*day)
		if len(us) != 1 || !us[0].On.Equal(time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("got %v", us)
		}
	})
}

func TestCompanyFromTheAddressBookForFreeMail(t *testing.T) {
	tests := []struct {
		name, email, org, want string
	}{
		{"free mail takes the card's organisation", "jo.baker@gmail.com", "Baker & Sons", "Baker & Sons"},
		{"a company address wins over the card", "jo@initech.example", "Baker & Sons", "Initech"},
		{"no card, no company", "jo.baker@gmail.com", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := model.PersonHistory{Name: "Jo Baker", Email: tt.email, Org: tt.org,
				Touches: []model.Touch{{At: ago(10), Direction: model.Outbound, Channel: model.Email, Weight: 1, Email: tt.email}}}
			if r := Score(h, testNow, Params{}); r.Company != tt.want {
				t.Errorf("company %q, want %q", r.Company, tt.want)
			}
		})
	}
}
