package demo

import "time"

// enc is how a display name is written in headers.
type enc int

const (
	encPlain  enc = iota // ASCII, quoted when it holds specials
	encUTF8Q             // RFC 2047 =?utf-8?q?...?=
	encUTF8B             // RFC 2047 =?utf-8?b?...?=
	encLatin1            // RFC 2047 =?ISO-8859-1?Q?...?=
	encCP1252            // RFC 2047 =?windows-1252?Q?...?=
)

// person is one correspondent of the generated user.
type person struct {
	name, email string
	company     string // registrable domain; "" for freemail
	kind        string
	zone        int // UTC offset in hours
	enc         enc
	topics      []string
}

func (p *person) addr() addr {
	return addr{name: p.name, email: p.email, enc: p.enc}
}

func (p *person) loc() *time.Location {
	return time.FixedZone("", p.zone*3600)
}

// roster returns the fixed cast of the generated mailbox. The seed varies
// dates, threads and subjects, not who is who.
func roster() []*person {
	b := []string{"Pilot results", "Contract renewal", "Q3 roadmap sync", "API rate limits",
		"Security questionnaire", "Pricing for next year", "Integration timeline", "Feedback on the proposal",
		"Onboarding plan", "Invoice question", "Quick question about SSO", "Data export format"}
	f := []string{"Lunch next week?", "Coffee?", "Photos from the weekend", "Climbing on Saturday",
		"Book recommendation", "Birthday plans", "Conference in Lisbon", "Trip to Porto"}
	w := []string{"Design review notes", "Hiring update", "Sprint planning", "Incident follow-up",
		"1:1 agenda", "Customer escalation", "Offsite logistics", "Launch checklist"}
	c := []string{"Partnership opportunity", "Quick intro", "Are you hiring?", "Exploring a collaboration"}
	return []*person{
		// northwind.example: several contacts.
		{name: "Ana Kowalski", email: "ana.kowalski@northwind.example", company: "northwind.example", kind: KindActive, zone: 1, topics: b},
		{name: "Ethan Cole", email: "ethan.cole@northwind.example", company: "northwind.example", kind: KindActive, zone: -5, topics: b},
		{name: "Ben Okafor", email: "ben.okafor@northwind.example", company: "northwind.example", kind: KindLapsed, zone: 1, topics: b},
		{name: "Lee, Jordan", email: "jordan.lee@northwind.example", company: "northwind.example", kind: KindDue, zone: -5, topics: b},
		{name: "Priya Natarajan", email: "priya@northwind.example", company: "northwind.example", kind: KindPeriodic, zone: 5, topics: b},
		// acme-robotics.example
		{name: "José Müller", email: "jose.mueller@acme-robotics.example", company: "acme-robotics.example", kind: KindActive, zone: 1, enc: encUTF8Q, topics: b},
		{name: "Hannah Schmidt", email: "h.schmidt@acme-robotics.example", company: "acme-robotics.example", kind: KindLapsed, zone: 1, topics: b},
		{name: "Yuki Mori", email: "yuki.mori@acme-robotics.example", company: "acme-robotics.example", kind: KindLapsed, zone: 9, topics: b},
		{name: "Tom Becker", email: "tom.becker@acme-robotics.example", company: "acme-robotics.example", kind: KindPeriodic, zone: 1, topics: b},
		// globex: a subdomain and the apex.
		{name: "Zoë Ødegaard", email: "zoe.odegaard@eu.globex.example", company: "globex.example", kind: KindLapsed, zone: 1, enc: encUTF8B, topics: b},
		{name: "Lars Nilsson", email: "lars.nilsson@eu.globex.example", company: "globex.example", kind: KindActive, zone: 1, topics: b},
		{name: "Klaus Weber", email: "klaus.weber@eu.globex.example", company: "globex.example", kind: KindPeriodic, zone: 1, topics: b},
		{name: "Maria Garcia", email: "maria.garcia@globex.example", company: "globex.example", kind: KindDue, zone: -6, topics: b},
		{name: "Sven Larsen", email: "sven@eu.globex.example", company: "globex.example", kind: KindNew, zone: 1, topics: b},
		// initech.example
		{name: "Peter Gibbons", email: "peter@initech.example", company: "initech.example", kind: KindActive, zone: -6, topics: b},
		{name: "Samir Nagheenanajar", email: "samir@initech.example", company: "initech.example", kind: KindPeriodic, zone: -6, topics: b},
		{name: "Joanna Park", email: "joanna@initech.example", company: "initech.example", kind: KindLapsed, zone: -6, topics: b},
		{name: "Bill Lumbergh", email: "b.lumbergh@initech.example", company: "initech.example", kind: KindBounced, zone: -6, topics: b},
		// single-contact companies
		{name: "Alice Wong", email: "alice.wong@umbrella.example", company: "umbrella.example", kind: KindLapsed, zone: 8, topics: b},
		{name: "François Lefèvre", email: "f.lefevre@soylent.example", company: "soylent.example", kind: KindDue, zone: 1, enc: encLatin1, topics: b},
		{name: "田中 美咲", email: "misaki.tanaka@wayne-ent.example", company: "wayne-ent.example", kind: KindLapsed, zone: 9, enc: encUTF8B, topics: b},
		{name: "Irene Adler", email: "irene@baskerville.example", company: "baskerville.example", kind: KindActive, zone: 0, topics: b},
		// vandelay.example
		{name: "Art Vandelay", email: "art@vandelay.example", company: "vandelay.example", kind: KindDue, zone: -5, topics: b},
		{name: "Elaine Benes", email: "elaine.benes@vandelay.example", company: "vandelay.example", kind: KindActive, zone: -5, topics: b},
		// hooli.example
		{name: "Gavin Belson", email: "gavin@hooli.example", company: "hooli.example", kind: KindDue, zone: -8, topics: b},
		{name: "Ramona Diaz", email: "ramona.diaz@hooli.example", company: "hooli.example", kind: KindNew, zone: -8, topics: b},
		{name: "Jared Dunn", email: "jared.dunn@hooli.example", company: "hooli.example", kind: KindActive, zone: -8, topics: b},
		{name: "Olivia Grant", email: "olivia.grant@hooli.example", company: "hooli.example", kind: KindUnanswered, zone: -8, topics: b},
		// stark-industries.example
		{name: "Renée O’Connor", email: "renee.oconnor@stark-industries.example", company: "stark-industries.example", kind: KindActive, zone: -5, enc: encCP1252, topics: b},
		{name: "Miles Turner", email: "miles.turner@stark-industries.example", company: "stark-industries.example", kind: KindUnanswered, zone: -5, topics: b},
		{name: "Kenji Watanabe", email: "kenji@stark-industries.example", company: "stark-industries.example", kind: KindLapsed, zone: -5, topics: b},
		// tyrell.example
		{name: "王芳", email: "wang.fang@tyrell.example", company: "tyrell.example", kind: KindPeriodic, zone: 8, enc: encUTF8B, topics: b},
		{name: "Eli Brooks", email: "eli.brooks@tyrell.example", company: "tyrell.example", kind: KindNew, zone: -8, topics: b},
		{name: "李伟", email: "li.wei@tyrell.example", company: "tyrell.example", kind: KindActive, zone: 8, enc: encUTF8B, topics: b},
		{name: "Roy Baty", email: "roy.baty@tyrell.example", company: "tyrell.example", kind: KindLapsed, zone: -8, topics: b},
		{name: "Rachel Tyrell", email: "rachel@tyrell.example", company: "tyrell.example", kind: KindActive, zone: -8, topics: b},
		// freemail friends
		{name: "Chris Park", email: "chris.park@gmail.com", kind: KindActive, zone: -8, topics: f},
		{name: "Jess Morgan", email: "jessmorgan@outlook.com", kind: KindLapsed, zone: -5, topics: f},
		{name: "Oliver Hughes", email: "oliver.hughes@yahoo.co.uk", kind: KindDue, zone: 0, topics: f},
		{name: "Hélène Dubois", email: "helene.dubois@gmail.com", kind: KindActive, zone: 1, enc: encUTF8Q, topics: f},
		{name: "Tariq Aziz", email: "tariq.aziz@outlook.com", kind: KindNew, zone: 4, topics: f},
		{name: "Mei Lin", email: "mei.lin.88@gmail.com", kind: KindPeriodic, zone: -8, topics: f},
		// colleagues at the user's company
		{name: "Maya Chen", email: "maya.chen@lumen.example", company: "lumen.example", kind: KindColleague, zone: -8, topics: w},
		{name: "Diego Alvarez", email: "diego@lumen.example", company: "lumen.example", kind: KindColleague, zone: -8, topics: w},
		{name: "Fatima Khan", email: "fatima.khan@lumen.example", company: "lumen.example", kind: KindColleague, zone: 0, topics: w},
		{name: "Noah Williams", email: "noah@lumen.example", company: "lumen.example", kind: KindColleague, zone: -5, topics: w},
		{name: "Grace Kim", email: "grace.kim@lumen.example", company: "lumen.example", kind: KindColleague, zone: -8, topics: w},
		// planted facts for model-quality tests (see Facts)
		{name: "Dana Whitfield", email: "dana.whitfield@initech.example", company: "initech.example", kind: KindMovedFrom, zone: -6, topics: b},
		{name: "Dana Whitfield", email: "dana.whitfield@cyberdyne.example", company: "cyberdyne.example", kind: KindMovedTo, zone: -8, topics: b},
		{name: "Nina Petrova", email: "nina.petrova@soylent.example", company: "soylent.example", kind: KindLeft, zone: 1, topics: b},
		{name: "Carlos Mendes", email: "carlos.mendes@vandelay.example", company: "vandelay.example", kind: KindCooling, zone: -5, topics: b},
		{name: "Sofia Rossi", email: "sofia.rossi@northwind.example", company: "northwind.example", kind: KindWaiting, zone: 1, topics: b},
		{name: "Owen Fletcher", email: "owen.fletcher@tyrell.example", company: "tyrell.example", kind: KindActive, zone: -8, topics: b},
		{name: "Owen Fletcher", email: "owen.fletcher@gmail.com", kind: KindPeriodic, zone: -8, topics: f},
		{name: "Michael Brown", email: "michael.brown@globex.example", company: "globex.example", kind: KindPeriodic, zone: -6, topics: b},
		{name: "Michael Brown", email: "m.brown@eu.globex.example", company: "globex.example", kind: KindActive, zone: 1, topics: b},
		// strangers who wrote once
		{name: "Kyle Brennan", email: "kyle@growthloop.example", company: "growthloop.example", kind: KindOneOff, zone: -5, topics: c},
		{name: "Lina Sato", email: "lina.sato@vendorly.example", company: "vendorly.example", kind: KindOneOff, zone: 9, topics: c},
		{name: "Mark Ruiz", email: "mruiz@cyberdyne.example", company: "cyberdyne.example", kind: KindOneOff, zone: -8, topics: c},
		{name: "Paula Stein", email: "paula.stein@gmail.com", kind: KindOneOff, zone: 1, topics: c},
	}
}

// sender is a noise sender that must never become a contact.
type sender struct{ name, email, kind string }

// robotSenders returns the noise senders, in Truth order.
func robotSenders() []sender {
	return []sender{
		{"The Go Weekly", "weekly@golangweekly.example", KindNewsletter},
		{"Morning Brief", "crew@morningbrief.example", KindNewsletter},
		{"Ben at Stratosphere", "ben@stratosphere.example", KindNewsletter},
		{"GitHub", "notifications@github.com", KindRobot},
		{"Linear", "notifications@linear.example", KindRobot},
		{"Google Calendar", "calendar-notification@google.com", KindRobot},
		{"Mail Delivery System", "MAILER-DAEMON@mx.lumen.example", KindRobot},
	}
}

// listPosters returns the people who post only to the Bay Area Gophers list.
func listPosters() []sender {
	return []sender{
		{"Dmitri Volkov", "dmitri.volkov@fastmail.example", KindList},
		{"Sophie Laurent", "sophie@laurent.example", KindList},
	}
}
