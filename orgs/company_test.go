package orgs

import "testing"

func TestCompany(t *testing.T) {
	tests := []struct {
		name, email, domain, display string
	}{
		{"plain", "ada@acme.com", "acme.com", "Acme"},
		{"subdomain folds to the organisation", "ada@eu.mail.acme.com", "acme.com", "Acme"},
		{"hyphenated name", "ada@acme-robotics.example", "acme-robotics.example", "Acme Robotics"},
		{"co.uk keeps its registrable domain", "bob@acme.co.uk", "acme.co.uk", "Acme"},
		{"subdomain under co.uk", "bob@sales.acme.co.uk", "acme.co.uk", "Acme"},
		{"uppercase and spaces", "  Bob@Sales.ACME.Com ", "acme.com", "Acme"},
		{"non-ascii domain", "jo@müller-bau.de", "müller-bau.de", "Müller Bau"},
		{"gmail", "ada@gmail.com", "", ""},
		{"googlemail", "ada@googlemail.com", "", ""},
		{"yahoo.fr", "ada@yahoo.fr", "", ""},
		{"yahoo.co.uk", "ada@yahoo.co.uk", "", ""},
		{"hotmail.de", "ada@hotmail.de", "", ""},
		{"gmx.de", "ada@gmx.de", "", ""},
		{"gmx.net uppercase", "ADA@GMX.NET", "", ""},
		{"web.de", "ada@web.de", "", ""},
		{"icloud", "ada@icloud.com", "", ""},
		{"proton", "ada@proton.me", "", ""},
		{"protonmail.ch", "ada@protonmail.ch", "", ""},
		{"fastmail.fm", "ada@fastmail.fm", "", ""},
		{"no at sign", "acme.com", "", ""},
		{"empty domain", "ada@", "", ""},
		{"a public suffix alone", "ada@co.uk", "", ""},
		{"single label", "root@localhost", "", ""},
		{"ip literal", "ada@[192.0.2.1]", "", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, n := Company(tt.email)
			if d != tt.domain || n != tt.display {
				t.Errorf("Company(%q) = %q, %q; want %q, %q", tt.email, d, n, tt.domain, tt.display)
			}
		})
	}
}
