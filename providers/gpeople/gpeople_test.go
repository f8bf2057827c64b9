package gpeople_test

import (
	"context"
	"errors"
	"testing"

	people "google.golang.org/api/people/v1"

	"github.com/tend-dev/tend/internal/gclient"
	"github.com/tend-dev/tend/internal/googlefake"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/providers/gpeople"
)

func TestBirthdaysWithSyncToken(t *testing.T) {
	f := googlefake.New("me@example.com", nil)
	defer f.Close()
	f.SetCheckAuth(false)
	ada := f.PutPerson(people.Person{Names: []*people.Name{{DisplayName: "Ada Lovelace"}},
		EmailAddresses: []*people.EmailAddress{{Value: "Ada@Acme.com"}, {Value: "ada@home.org"}, {Value: "ada@acme.com"}},
		Birthdays:      []*people.Birthday{{Date: &people.Date{Month: 12, Day: 10}}},
		Events:         []*people.Event{{Type: "anniversary", Date: &people.Date{Year: 2010, Month: 6, Day: 1}}}})
	f.PutPerson(people.Person{Names: []*people.Name{{DisplayName: "No Date"}},
		Birthdays: []*people.Birthday{{Text: "sometime"}}})
	src, err := gpeople.New(context.Background(), gpeople.Options{Client: gclient.Options{Endpoint: f.URL}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ch, err := src.Cards(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Cards) != 2 || ch.Cursor == "" {
		t.Fatalf("cards %+v cursor %q", ch.Cards, ch.Cursor)
	}
	c := ch.Cards[0]
	want := []model.Moment{{Kind: "birthday", Month: 12, Day: 10}, {Kind: "anniversary", Month: 6, Day: 1, Year: 2010}}
	if c.Name != "Ada Lovelace" || len(c.Emails) != 2 || len(c.Moments) != 2 || c.Moments[0] != want[0] || c.Moments[1] != want[1] {
		t.Errorf("card %+v", c)
	}
	if len(ch.Cards[1].Moments) != 0 {
		t.Errorf("a birthday without a date became a moment: %+v", ch.Cards[1])
	}
	q := f.Requests("/v1/people/me/connections")[0].Query
	if q.Get("personFields") != "names,emailAddresses,birthdays,events" || q.Get("requestSyncToken") != "true" {
		t.Errorf("query %v", q)
	}

	f.DeletePerson(ada)
	ch2, err := src.Cards(ctx, ch.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch2.Deleted) != 1 || ch2.Deleted[0] != ada || len(ch2.Cards) != 0 {
		t.Errorf("incremental %+v", ch2)
	}
	f.ExpirePeopleSyncTokens()
	if _, err := src.Cards(ctx, ch2.Cursor); !errors.Is(err, gpeople.ErrSyncTokenExpired) {
		t.Fatalf("err = %v, want ErrSyncTokenExpired", err)
	}
}
