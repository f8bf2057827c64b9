package carddav_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tend-dev/tend/internal/radicaletest"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/carddav"
	"github.com/tend-dev/tend/store"
	tendsync "github.com/tend-dev/tend/sync"
)

// Cards as Google, Apple and Outlook-synced clients store them on a server.
var cards = map[string]string{
	"ann.vcf": `BEGIN:VCARD
VERSION:3.0
UID:ann-1
FN:Ann Example
N:Example;Ann;;;
EMAIL;TYPE=INTERNET;TYPE=WORK:ann@acme.test
EMAIL;TYPE=INTERNET;TYPE=HOME:ann.example@gmail.test
ORG:Acme Corp
BDAY:1985-04-12
NOTE:Two kids\, loves sailing.
END:VCARD
`,
	"clara.vcf": `BEGIN:VCARD
VERSION:3.0
UID:clara-1
N:Sommer;Clara;;;
FN:Clara Sommer
EMAIL;type=INTERNET;type=pref:clara@partner.test
BDAY;X-APPLE-OMIT-YEAR=1604:1604-09-03
item1.X-ABDATE;type=pref:2015-06-20
item1.X-ABLabel:_$!<Anniversary>!$_
END:VCARD
`,
	"bob.vcf": `BEGIN:VCARD
VERSION:4.0
UID:bob-1
FN:Bob Buyer
EMAIL:bob@buyer.test
BDAY:--0704
END:VCARD
`,
}

// people lists each person in the index: name, addresses, moments, organisation.
func people(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	err := st.Histories(context.Background(), func(h model.PersonHistory) error {
		if len(h.Emails) == 0 {
			return nil
		}
		var ms []string
		for _, m := range h.Moments {
			ms = append(ms, fmt.Sprintf("%s %d/%d/%d", m.Kind, m.Month, m.Day, m.Year))
		}
		sort.Strings(ms)
		emails := append([]string(nil), h.Emails...)
		sort.Strings(emails)
		out = append(out, h.Name+"|"+strings.Join(emails, " ")+"|"+strings.Join(ms, ", ")+"|"+h.Org)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestCardDAVSync(t *testing.T) {
	s := radicaletest.Start(t)
	s.MkAddressBook(t, "contacts", "Contacts")
	for name, vcf := range cards {
		s.PutCard(t, "contacts", name, vcf)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "tend.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Mail with each address, so each is a person before the cards link them.
	var msgs []model.Message
	for i, e := range []string{"ann@acme.test", "ann.example@gmail.test", "bob@buyer.test", "bob@newco.test", "clara@partner.test"} {
		at := time.Date(2026, 1, 1+i, 9, 0, 0, 0, time.UTC)
		msgs = append(msgs, model.Message{Key: "m" + e, At: at, ThreadKey: "m" + e, Class: model.Personal,
			Interactions: []model.Interaction{{Email: e, Direction: model.Inbound, Channel: model.Email, At: at, Weight: 1, Recipients: 1}}})
	}
	if err := st.SaveSource(ctx, store.SourceBatch{Account: "mail", Source: "x", Cursor: "1", SyncedAt: time.Now(),
		Upserts: []store.SourceItem{{ID: "all", Msgs: msgs}}}); err != nil {
		t.Fatal(err)
	}
	src, err := carddav.New(carddav.Options{URL: s.URL, Username: s.User, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	acct := tendsync.ContactAccount{Name: "book",
		Dial: func(context.Context) (tendsync.ContactSource, error) { return src, nil }}
	sync := func() {
		t.Helper()
		if _, err := tendsync.SyncContacts(ctx, st, acct, tendsync.Options{Clock: func() time.Time { return time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC) }}); err != nil {
			t.Fatal(err)
		}
	}
	sync()
	want := []string{
		"Ann Example|ann.example@gmail.test ann@acme.test|birthday 4/12/1985|Acme Corp",
		"Bob Buyer|bob@buyer.test|birthday 7/4/0|",
		"Clara Sommer|clara@partner.test|anniversary 6/20/2015, birthday 9/3/0|",
		"|bob@newco.test||",
	}
	if got := people(t, st); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after the first sync:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Bob gains a second address and loses his birthday; Clara's card goes.
	s.PutCard(t, "contacts", "bob.vcf", "BEGIN:VCARD\nVERSION:4.0\nUID:bob-1\nFN:Bob Buyer\nEMAIL:bob@buyer.test\nEMAIL:bob@newco.test\nEND:VCARD\n")
	s.Delete(t, "contacts", "clara.vcf")
	sync()
	want = []string{
		"Ann Example|ann.example@gmail.test ann@acme.test|birthday 4/12/1985|Acme Corp",
		"Bob Buyer|bob@buyer.test bob@newco.test||",
		"|clara@partner.test||", // the card went; the person and the mail stay
	}
	if got := people(t, st); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	states, err := st.SourceStates(ctx, "book")
	if err != nil || len(states) != 1 || states[0].Cards != 2 || states[0].Source != "book:/alice/contacts/" {
		t.Fatalf("source states %+v %v, want one book with 2 cards", states, err)
	}
}

func TestCardDAVNotesOnlyWhenAsked(t *testing.T) {
	s := radicaletest.Start(t)
	s.MkAddressBook(t, "contacts", "Contacts")
	s.PutCard(t, "contacts", "ann.vcf", cards["ann.vcf"])
	ctx := context.Background()
	for _, notes := range []bool{false, true} {
		src, err := carddav.New(carddav.Options{URL: s.CollectionURL("contacts"), Username: s.User, Password: s.Password, IncludeNotes: notes})
		if err != nil {
			t.Fatal(err)
		}
		books, err := src.AddressBooks(ctx)
		if err != nil || len(books) != 1 || books[0].Name != "Contacts" {
			t.Fatalf("address books of a book URL: %+v %v", books, err)
		}
		ch, err := src.Cards(ctx, books[0], "")
		if err != nil || len(ch.Cards) != 1 {
			t.Fatalf("cards: %+v %v", ch, err)
		}
		if got := ch.Cards[0].Note; (got != "") != notes {
			t.Errorf("include_notes=%v: note %q", notes, got)
		}
		if notes && ch.Cards[0].Note != "Two kids, loves sailing." {
			t.Errorf("note %q", ch.Cards[0].Note)
		}
	}
}
