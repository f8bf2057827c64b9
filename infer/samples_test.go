package infer

import "strings"

// samples are real-world-shaped header blocks (addresses anonymised), keyed
// by name; the table tests and the fuzz seeds share them.
func samples() map[string]string {
	return map[string]string{
		"gmail personal": `Date: Tue, 5 Mar 2024 10:15:42 +0100
From: Anna Schmidt <anna.schmidt@gmail.com>
To: Me Myself <me@example.org>
Subject: Re: dinner on Friday?
Message-ID: <CAF3x+mQ8yT2kz@mail.gmail.com>
In-Reply-To: <CAB7y-first@mail.gmail.com>
References: <CAB7y-root@mail.gmail.com> <CAB7y-first@mail.gmail.com>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3"
`,
		"outlook last first": "Date: Wed, 6 Mar 2024 08:01:02 +0000\r\n" +
			"From: \"Doe, Jane\" <Jane.Doe@Contoso.com>\r\n" +
			"To: \"Me\" <ME@example.org>, \"Roe, Richard\" <richard.roe@contoso.com>\r\n" +
			"Cc: \"Poe, Edgar\" <edgar@contoso.com>\r\n" +
			"Subject: Budget review\r\n" +
			"Message-ID: <DB9PR0@EUR03.PROD.OUTLOOK.COM>\r\n" +
			"X-Auto-Response-Suppress: All\r\n\r\n",
		"mailchimp newsletter": `Date: Sun, 26 Jun 2022 16:02:35 +0000
From: Example Shop <hello@shop.example.com>
Reply-To: Example Shop <hello@shop.example.com>
To: <me@example.org>
Subject: Summer sale!
Message-ID: <b00ccdbb39a8456492b99ae9e.be24ad69fc.20220626160230.a8d0ad03b7.fd6563fe@mail16.sea31.mcsv.net>
X-Campaign: mailchimpb00ccdbb39a8456492b99ae9e.a8d0ad03b7
X-MC-User: b00ccdbb39a8456492b99ae9e
Feedback-ID: 153975342:153975342.8987958:us1:mc
List-Unsubscribe: <https://x.us1.list-manage.com/unsubscribe?u=b00c>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
`,
		"ses notification": `Date: Sat, 1 Feb 2020 03:05:53 +0000
From: Acme Cloud <no-reply@acme.example>
To: me@example.org
Subject: Your invoice is ready
Message-ID: <0101016ffeb63bb7-a63b8f9e-000000@us-west-2.amazonses.com>
X-SES-Outgoing: 2020.02.01-54.240.27.38
Feedback-ID: 1.us-west-2.SK64Hb0iaJU5P6aN2hzel1nsxy4lpETy5H8O0BCHUTo=:AmazonSES
`,
		"sendgrid transactional": `Date: Mon, 4 Mar 2024 12:00:00 +0000
From: Bob from Startup <bob@startup.example>
To: me@example.org
Subject: Welcome aboard
Message-ID: <abc123@geopod-ismtpd-1>
X-SG-EID: u001.Wq3NM0Gkz
`,
		"github notification": `Date: Thu, 7 Mar 2024 09:30:00 -0800
From: Octo Cat <notifications@github.com>
Reply-To: tend-dev/tend <reply+AAAA5BQ@reply.github.com>
To: tend-dev/tend <tend@noreply.github.com>
Cc: Me <me@example.org>, Mention <mention@noreply.github.com>
Subject: Re: [tend-dev/tend] infer: lenient dates (PR #12)
Message-ID: <tend-dev/tend/pull/12/c123@github.com>
List-ID: tend-dev/tend <tend.tend-dev.github.com>
List-Unsubscribe: <mailto:unsub+AAAA@reply.github.com>
`,
		"google calendar invite": `Date: Fri, 8 Mar 2024 14:00:00 +0000
From: Anna Schmidt <anna.schmidt@gmail.com>
Sender: Google Calendar <calendar-notification@google.com>
Reply-To: anna.schmidt@gmail.com
To: me@example.org
Subject: Invitation: Lunch @ Fri 15 Mar 2024 12pm (CET)
Message-ID: <calendar-0a1b2c@google.com>
Content-Type: multipart/mixed; boundary="000000000000b"
`,
		"postfix bounce": `Date: Fri, 8 Mar 2024 14:02:11 +0100 (CET)
From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
To: me@example.org
Subject: Undelivered Mail Returned to Sender
Message-Id: <20240308130211.6F2C3@mail.example.org>
Content-Type: multipart/report; report-type=delivery-status;
	boundary="6F2C3.1709902931/mail.example.org"
Auto-Submitted: auto-replied
Return-Path: <>
`,
		"exchange out of office": "Date: Mon, 11 Mar 2024 07:00:00 +0000\r\n" +
			"From: \"Doe, Jane\" <jane.doe@contoso.com>\r\n" +
			"To: Me <me@example.org>\r\n" +
			"Subject: Automatic reply: Budget review\r\n" +
			"Message-ID: <oof1@contoso.com>\r\n" +
			"Auto-Submitted: auto-replied\r\n" +
			"X-Auto-Response-Suppress: All\r\n\r\n",
		"newsletter robot reply-to": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Carla from Acme <carla@acme.example>
Reply-To: Acme <do-not-reply@acme.example>
To: me@example.org
Subject: What's new at Acme
Message-ID: <nl-2024-03@acme.example>
`,
		"rfc2047 utf-8 b": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>
To: me@example.org
Message-ID: <b64@example.de>
`,
		"rfc2047 utf-8 q": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: =?utf-8?Q?Fran=C3=A7oise_Dupr=C3=A9?= <francoise@example.fr>
To: me@example.org
Message-ID: <q@example.fr>
`,
		"rfc2047 iso-8859-1": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: =?ISO-8859-1?Q?Andr=E9_Pirard?= <pirard@example.be>
To: me@example.org
Message-ID: <latin1@example.be>
`,
		"rfc2047 windows-1252": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: =?windows-1252?Q?Zo=EB_=93Z=94_Smith?= <zoe@example.com>
To: me@example.org
Message-ID: <cp1252@example.com>
`,
		"rfc2047 koi8-r": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: =?KOI8-R?B?6dfBzg==?= <ivan@example.ru>
To: me@example.org
Message-ID: <koi8@example.ru>
`,
		"broken date": `Date: Tuesday, 12-Mar-2024 25:99 GMT
From: Pat <pat@example.com>
To: me@example.org
Message-ID: <broken-date@example.com>
`,
		"lenient date": `Date: Tue, 12 Mar 24 06:30 GMT+0200 (Central European Standard Time)
From: Pat <pat@example.com>
To: me@example.org
Message-ID: <lenient-date@example.com>
`,
		"missing date": `From: Pat <pat@example.com>
To: me@example.org
Message-ID: <no-date@example.com>
`,
		"future date": `Date: Sat, 1 Jan 2039 00:00:00 +0000
From: Pat <pat@example.com>
To: me@example.org
Message-ID: <future@example.com>
`,
		"no message-id": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat <pat@example.com>
To: me@example.org
Subject: hello
`,
		"message-id with spaces": "Date: Tue, 12 Mar 2024 06:00:00 +0000\r\n" +
			"From: Pat <pat@example.com>\r\n" +
			"To: me@example.org\r\n" +
			"Message-ID:  < spaced.id@example.com >\r\n\r\n",
		"undisclosed recipients": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat <pat@example.com>
To: undisclosed-recipients:;
Message-ID: <bcc@example.com>
`,
		"malformed to": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat <pat@example.com>
To: "Me <me@example.org>, Sam Stone" <sam@example.com>, "Lee <lee@example.com>,
Message-ID: <malformed@example.com>
`,
		"mixed case": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat Q <Pat.Q@Example.COM>
To: ME@EXAMPLE.ORG
Message-ID: <mixed@example.com>
`,
		"plus tag": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Shop Owner <owner@smallshop.example>
To: me+shopping@example.org
Message-ID: <plus@smallshop.example>
`,
		"sent to three": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Me <me@example.org>
To: Anna <anna.schmidt@gmail.com>, "Doe, Jane" <jane.doe@contoso.com>
Cc: Sam <sam@example.com>, Me Again <Me@Example.org>
Bcc: support@vendor.example
Message-ID: <sent3@example.org>
`,
		"sent to one": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Me <me@example.org>
To: anna.schmidt@gmail.com
Message-ID: <sent1@example.org>
`,
		"sent to twenty": "Date: Tue, 12 Mar 2024 06:00:00 +0000\n" +
			"From: me@example.org\n" + "To: " + manyRecipients(20) + "\n" +
			"Message-ID: <sent20@example.org>\n",
		"sent to self": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: me@example.org
To: Me <me+notes@example.org>
Message-ID: <note@example.org>
`,
		"bcc only": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat <pat@example.com>
To: team@example.com
Message-ID: <bcc-only@example.com>
`,
		"to five people": `Date: Tue, 12 Mar 2024 06:00:00 +0000
From: Pat <pat@example.com>
To: me@example.org, a@example.com, b@example.com, c@example.com
Cc: d@example.com
Message-ID: <five@example.com>
`,
	}
}

// manyRecipients returns an address list of n people.
func manyRecipients(n int) string {
	var l []string
	for i := range n {
		l = append(l, "Person "+string(rune('A'+i))+" <p"+string(rune('a'+i))+"@example.com>")
	}
	return strings.Join(l, ", ")
}
