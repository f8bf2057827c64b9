package orgs

// isFreeMailDomain reports whether a registrable domain belongs to a
// free-mail provider: an address there says nothing about the person's
// organisation. The list lives here and only here.
func isFreeMailDomain(domain string) bool {
	switch domain {
	case "gmail.com", "googlemail.com",
		"outlook.com", "live.com", "msn.com", "passport.com",
		"ymail.com", "rocketmail.com",
		"icloud.com", "me.com", "mac.com",
		"aol.com", "aim.com",
		"proton.me", "protonmail.com", "protonmail.ch", "pm.me",
		"web.de", "t-online.de", "freenet.de", "posteo.de", "posteo.net",
		"mail.com", "email.com", "usa.com",
		"zoho.com", "zohomail.com",
		"fastmail.com", "fastmail.fm",
		"hey.com",
		"tutanota.com", "tutanota.de", "tuta.io", "tutamail.com",
		"qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com",
		"mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru",
		"orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
		"libero.it", "virgilio.it", "tiscali.it",
		"naver.com", "daum.net", "hanmail.net",
		"comcast.net", "verizon.net", "att.net", "sbcglobal.net",
		"btinternet.com", "sky.com",
		"hushmail.com", "mailbox.org", "disroot.org", "riseup.net",
		"duck.com", "seznam.cz", "wp.pl", "o2.pl", "interia.pl",
		"rediffmail.com", "lycos.com", "inbox.com":
		return true
	}
	return false
}

// isFreeMailBrand reports whether label is the first label of a free-mail
// provider registered under many country domains (yahoo.fr, gmx.de,
// hotmail.co.uk, ...).
func isFreeMailBrand(label string) bool {
	switch label {
	case "yahoo", "hotmail", "gmx", "yandex", "live", "outlook", "windowslive", "aol", "ya":
		return true
	}
	return false
}
