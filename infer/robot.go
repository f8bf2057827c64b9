package infer

import "strings"

// isRobot reports whether an address's local part names a robot or a role
// rather than a person (noreply, notifications, support, ...). A "+tag"
// is ignored for the exact names.
func isRobot(email string) bool {
	local := localPart(email)
	base := local
	if i := strings.IndexByte(base, '+'); i > 0 {
		base = base[:i]
	}
	switch base {
	case "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
		"mailer-daemon", "postmaster", "notification", "notifications", "notify",
		"alert", "alerts", "bounce", "bounces", "info", "support", "help", "helpdesk",
		"service", "news", "newsletter", "newsletters", "marketing", "updates",
		"digest", "billing", "invoice", "invoices", "receipts", "accounts", "admin",
		"system", "root", "automated", "robot", "calendar-notification":
		return true
	}
	for _, p := range []string{"bounce", "reply+", "noreply", "no-reply"} {
		if strings.HasPrefix(local, p) {
			return true
		}
	}
	return strings.Contains(local, "noreply") || strings.Contains(local, "donotreply")
}
