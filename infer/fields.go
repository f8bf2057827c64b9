package infer

// bulkSenderFields are headers that bulk-mail services add to what they
// send; any one of them marks a message Bulk. IMAP has no wildcards, so
// each name is exact.
func bulkSenderFields() []string {
	return []string{
		"Feedback-ID",                                           // Amazon SES, Mailchimp, Gmail bulk-sender guideline
		"X-SES-Outgoing",                                        // Amazon SES
		"X-Mailgun-Sid", "X-Mailgun-Tag", "X-Mailgun-Variables", // Mailgun
		"X-SG-EID", "X-SG-ID", // SendGrid
		"X-Campaign", "X-CampaignID", "X-Campaign-Id", // Mailchimp and others
		"X-Mailchimp-Campaign", "X-MC-User", "X-Mandrill-User", // Mailchimp, Mandrill
		"X-MarketoID", "X-Newsletter", "X-Newsletter-ID", // Marketo, newsletter tools
	}
}

// listFields are the mailing-list headers of RFC 2369, 2919 and 8058.
func listFields() []string {
	return []string{"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Post"}
}

// HeaderFields lists the header fields tend fetches (IMAP
// BODY.PEEK[HEADER.FIELDS (...)]): everything Classify reads and nothing
// more. The returned slice is new on every call.
func HeaderFields() []string {
	f := []string{
		"Message-ID", "Date", "Subject", "References", "In-Reply-To",
		"From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Return-Path",
		"Content-Type", "Auto-Submitted", "X-Autoreply", "X-Autorespond",
		"X-Failed-Recipients", "Precedence",
	}
	f = append(f, listFields()...)
	return append(f, bulkSenderFields()...)
}
