package scoring

import (
	"fmt"
	"strings"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
)

// waitingGrace is how long a message may sit unanswered before it counts as
// waiting on the user: a reply within two days is normal.
const waitingGrace = 2 * day

// personalMoments returns the moments one person's own history shows: a
// recent job change, a one-to-one message waiting on the user, a
// relationship going cold, a birthday or anniversary coming up.
func personalMoments(r Result, ts []model.Touch, cs []conversation, now time.Time, p Params) []Reason {
	var out []Reason
	for i := len(r.Moves) - 1; i >= 0; i-- {
		if m := r.Moves[i]; !m.At.IsZero() && now.Sub(m.At) <= p.MomentWindow {
			out = append(out, Reason{ReasonJobChange, moveText(m)})
		}
	}
	if t, ok := waitingOn(ts, now, p); ok {
		out = append(out, Reason{ReasonWaiting, fmt.Sprintf("they wrote %son %s and you never replied",
			quoted(t.Subject), t.At.UTC().Format(time.DateOnly))})
	}
	if r.Status == StatusActive || r.Status == StatusDue {
		if text, ok := goingCold(cs, r.Cadence, now, p); ok {
			out = append(out, Reason{ReasonCold, text})
		}
	}
	for _, m := range r.UpcomingMoments {
		out = append(out, Reason{ReasonDate, dateText(m, now)})
	}
	return out
}

// moveText describes a job change for the person who moved.
func moveText(m model.Move) string {
	from := companyDisplay(m.FromCompany, m.FromEmail)
	to := companyDisplay(m.ToCompany, m.ToEmail)
	ev := ""
	if m.Evidence != "" {
		ev = " (" + m.Evidence + ")"
	}
	on := m.At.UTC().Format(time.DateOnly)
	switch {
	case to != "" && from != "":
		return fmt.Sprintf("moved from %s to %s on %s%s: a new door", from, to, on, ev)
	case to != "":
		return fmt.Sprintf("now at %s since %s%s: a new door", to, on, ev)
	case from != "":
		return fmt.Sprintf("left %s on %s%s: find out where they went", from, on, ev)
	default:
		return fmt.Sprintf("changed address on %s%s", on, ev)
	}
}

// companyDisplay names an organisation by its domain, or by an address's.
func companyDisplay(domain, email string) string {
	if domain != "" {
		_, n := orgs.Company("x@" + domain)
		if n == "" {
			return domain
		}
		return n
	}
	if email != "" {
		_, n := orgs.Company(email)
		return n
	}
	return ""
}

// waitingOn finds the latest one-to-one message from the person that ends
// a thread the user never wrote in, with nothing from the user (mail or
// meeting) after it, at least waitingGrace and at most MomentWindow old. Touches without a thread
// key are threads of their own; Recipients 0 (unknown) falls back to the
// weight (a message to many has weight < 1).
func waitingOn(ts []model.Touch, now time.Time, p Params) (model.Touch, bool) {
	for i := len(ts) - 1; i >= 0; i-- {
		t := ts[i]
		if t.Channel == model.Meeting || t.Direction != model.Inbound {
			return model.Touch{}, false // the user acted after every earlier message
		}
		age := now.Sub(t.At)
		if age > p.MomentWindow {
			return model.Touch{}, false
		}
		if age < waitingGrace || !oneToOne(t) || laterInThread(ts[i+1:], t.Thread) || userInThread(ts[:i], t) {
			continue
		}
		return t, true
	}
	return model.Touch{}, false
}

// userInThread reports whether the user wrote in t's thread before t: then
// t answers the user (often a closing "thanks") rather than asking. Without
// a thread key, a reply subject ("Re: ...") says the same.
func userInThread(earlier []model.Touch, t model.Touch) bool {
	if t.Thread == "" {
		return isReply(t.Subject)
	}
	for _, e := range earlier {
		if e.Thread == t.Thread && e.Direction != model.Inbound {
			return true
		}
	}
	return false
}

// isReply reports whether a subject starts with a reply prefix.
func isReply(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range []string{"re:", "re :", "aw:", "sv:", "vs:", "antw:", "réf:", "rif:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// oneToOne reports whether a message had nobody but the user and the person.
func oneToOne(t model.Touch) bool {
	if t.Recipients > 0 {
		return t.Recipients <= 1
	}
	return weight(t.Weight) >= 1
}

func laterInThread(later []model.Touch, thread string) bool {
	if thread == "" {
		return false
	}
	for _, t := range later {
		if t.Thread == thread {
			return true
		}
	}
	return false
}

// goingCold compares the conversations of the recent window W = max(ColdWindow,
// 4 x cadence) with the rate of the earlier history: cold when at least 4
// earlier conversations over at least W predict 3 or more, and the window
// holds at most ColdRatio of that.
func goingCold(cs []conversation, cadence time.Duration, now time.Time, p Params) (string, bool) {
	w := max(p.ColdWindow, 4*cadence)
	wDays := int64(w / day)
	cut := dayNumber(now) - wDays
	var past, recent int
	for _, c := range cs {
		if c.start < cut {
			past++
		} else {
			recent++
		}
	}
	if past < 4 || len(cs) == 0 {
		return "", false
	}
	span := cut - cs[0].start
	if span < wDays {
		return "", false
	}
	expected := float64(past) * float64(wDays) / float64(span)
	if expected < 3 || float64(recent) > p.ColdRatio*expected {
		return "", false
	}
	return fmt.Sprintf("going cold: %d %s in the last %d days, against about %.0f before",
		recent, plural(recent, "conversation", "conversations"), wDays, expected), true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// quoted is `"subject" ` for a non-empty subject, else "".
func quoted(subject string) string {
	if s := cleanSubject(subject); s != "" {
		return `"` + s + `" `
	}
	return ""
}
