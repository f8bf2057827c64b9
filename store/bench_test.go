package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tend-dev/tend/model"
)

// BenchmarkSaveBatch saves one 1000-message batch (two interactions each,
// among 20,000 addresses) per op; 100 ops are 100,000 messages.
func BenchmarkSaveBatch(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const perBatch, people = 1000, 20000
	n := 0
	for b.Loop() {
		bt := Batch{Account: "a", Folder: "INBOX", UIDValidity: 1, SyncedAt: base, Items: make([]Item, perBatch)}
		for i := range bt.Items {
			n++
			at := base.Add(time.Duration(n) * time.Minute)
			bt.Items[i] = Item{UID: uint32(n), Msg: personal(fmt.Sprintf("<%d@bench>", n), at, model.Inbound,
				addr(fmt.Sprintf("Person %d", n%people), fmt.Sprintf("p%d@x.test", n%people)),
				addr("", fmt.Sprintf("p%d@x.test", (n*7+1)%people)))}
		}
		bt.LastUID = uint32(n)
		if err := s.SaveBatch(ctx, bt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/msg")
}

// BenchmarkHistories streams 1,000,000 interactions over 20,000 people (two
// per message), generated in SQL.
func BenchmarkHistories(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	const people, msgs = 20000, 500000
	fillHistories(b, s, people, msgs)
	for b.Loop() {
		var persons, touches int
		err := s.Histories(ctx, func(h model.PersonHistory) error {
			persons++
			touches += len(h.Touches)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if persons != people || touches != 2*msgs {
			b.Fatalf("streamed %d people, %d touches", persons, touches)
		}
	}
}

// fillHistories writes people persons, each with one address, and msgs
// messages with two inbound interactions each, straight in SQL. The
// messages' key_hash is their id, not their key's hash: no one looks them
// up by key.
func fillHistories(tb testing.TB, s *Store, people, msgs int) {
	tb.Helper()
	ctx := context.Background()
	fixture := []string{
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < %d)
			INSERT INTO people (id, name, name_at) SELECT i, 'Person ' || i, 0 FROM n`, people),
		`INSERT INTO addresses (email, person_id) SELECT 'p' || id || '@x.test', id FROM people`,
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < %d)
			INSERT INTO messages (id, key, at, date_fallback, class, reason, subject, sender, thread, key_hash)
			SELECT i, 'm' || i, %d + i * 60, 0, 'personal', '', 'subject ' || i, 'me@x.test', 'm' || i, i FROM n`,
			msgs, base.Unix()),
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < %d),
			two(k) AS (VALUES (1), (2))
			INSERT INTO interactions (msg_id, person_id, email, direction, channel, at, weight, recipients, subject)
			SELECT i, p, 'p' || p || '@x.test', 'in', 'email', %d + i * 60, 1.0, 2, 'subject ' || i
			FROM (SELECT i, ((i * 7919 + k * 104729) %% %d) + 1 AS p FROM n, two)`, msgs, base.Unix(), people),
	}
	for _, q := range fixture {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			tb.Fatal(err)
		}
	}
	if st, err := s.Stats(ctx); err != nil || st.Interactions != int64(2*msgs) || st.People != int64(people) {
		tb.Fatalf("fixture stats = %+v, %v", st, err)
	}
}
