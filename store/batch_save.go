package store

import (
	"fmt"
)

// saveAll stores items (of one folder) with a few multi-row statements
// instead of several statements per message; the outcome is the same as
// storing them one by one in order:
//   - every item's location is stored (one already stored is ignored);
//   - a message whose key is stored already, or came earlier in items,
//     is not new: the first copy decides its class and interactions;
//   - the addresses of new messages' interactions are found, or created
//     with a person each, in order of first appearance, and the name rule
//     (named.rename) runs in item order.
//
// New rows get the ids above the table's highest, in order (checked): the
// transaction is BEGIN IMMEDIATE, so no other writer can take them meanwhile.
// Every statement is INSERT OR FAIL: a failure fails the whole transaction
// (BatchTx), so SQLite need not keep a statement journal to undo part of one.
func (w *batchWriter) saveAll(folder int64, items []Item) error {
	ids, isNew, err := w.messageIDs(items)
	if err != nil {
		return err
	}
	if err := w.preloadAddresses(items, isNew); err != nil {
		return err
	}
	shared := w.shared[:len(items)]
	loc := newBulkInsert(w.raw, `INSERT OR FAIL INTO locations (id, msg_id)`, ` ON CONFLICT DO NOTHING`, 2)
	for i, it := range items {
		shared[i].id = ids[i]
		if err := loc.add(locationID(folder, it.UID), shared[i].id); err != nil {
			return fmt.Errorf("storing locations: %w", err)
		}
	}
	if err := loc.flush(); err != nil {
		return fmt.Errorf("storing locations: %w", err)
	}
	ins := newBulkInsert(w.raw, `INSERT OR FAIL INTO interactions
		(msg_id, person_id, email, direction, channel, at, weight, recipients, subject, thread)`,
		` ON CONFLICT DO NOTHING`, 10)
	for i, it := range items {
		if !isNew[i] {
			continue
		}
		m := it.Msg
		for _, in := range m.Interactions {
			email := normEmail(in.Email)
			if email == "" {
				continue
			}
			a, err := w.address(email) // preloaded: no query
			if err != nil {
				return fmt.Errorf("message uid %d: %w", it.UID, err)
			}
			at := unix(in.At)
			if in.Name != "" {
				a.rename(in.Name, at)
				w.people[a.personID].rename(in.Name, at)
			}
			if a.emailArg == nil {
				a.emailArg = email
			}
			if p, ok := a.personArg.(int64); !ok || p != a.personID {
				a.personArg = a.personID
			}
			err = ins.add(shared[i].id, a.personArg, a.emailArg, enumArg(in.Direction), enumArg(in.Channel), at,
				in.Weight, int64(in.Recipients), shared[i].subject, shared[i].thread)
			if err != nil {
				return fmt.Errorf("storing interactions: %w", err)
			}
		}
	}
	if err := ins.flush(); err != nil {
		return fmt.Errorf("storing interactions: %w", err)
	}
	clear(shared) // hold no message's values past its batch
	return nil
}

// messageIDs returns each item's message id, storing the new messages, and
// which items stored theirs.
//
// It inserts first and looks up only when an insert skipped a key already
// stored (or repeated): in an initial sync nearly every message is new, and
// the lookup would probe the key index a second time for nothing. Rows
// inserted without an id take the ids after the table's highest, in order,
// so a statement that inserted every row tells each row's id by itself, and
// that no two of its rows shared a key.
func (w *batchWriter) messageIDs(items []Item) (ids []int64, isNew []bool, err error) {
	if cap(w.shared) < len(items) {
		w.shared = make([]msgArgs, len(items))
	}
	w.shared = w.shared[:cap(w.shared)]
	last, err := maxID(w.ctx, w.tx, "messages")
	if err != nil {
		return nil, nil, fmt.Errorf("looking up messages: %w", err)
	}
	ids, isNew = make([]int64, len(items)), make([]bool, len(items))
	for lo := 0; lo < len(items); lo += bulkRows {
		if last, err = w.insertMessages(items, lo, min(len(items), lo+bulkRows), last, ids, isNew); err != nil {
			return nil, nil, err
		}
	}
	return ids, isNew, nil
}

// insertMessages stores the messages of items[lo:hi] whose keys are new,
// sets their ids and isNew (true for the first item of each key stored
// here), and returns the table's new highest id (last before).
func (w *batchWriter) insertMessages(items []Item, lo, hi int, last int64, ids []int64, isNew []bool) (int64, error) {
	k := stmtKey{head: `INSERT OR FAIL INTO messages
		(key, at, date_fallback, class, reason, subject, sender, thread, key_hash)`, tail: ` ON CONFLICT (key_hash) DO NOTHING`, width: 9, rows: hi - lo}
	st, err := w.raw.cached(k) // prepared once per size and transaction
	if err != nil {
		return 0, fmt.Errorf("storing messages: %w", err)
	}
	args := w.msgArgs[:0]
	for i := lo; i < hi; i++ {
		args = appendMessageRow(args, items[i].Msg, &w.shared[i])
	}
	w.msgArgs = args
	_, err = w.raw.exec(st, args)
	clear(args)
	if err != nil {
		return 0, fmt.Errorf("storing messages: %w", err)
	}
	got, n, err := w.raw.lastChange() // one read for both
	if err != nil {
		return 0, fmt.Errorf("storing messages: %w", err)
	}
	if n == int64(hi-lo) { // all new and distinct: ids last+1, last+2, ... in order
		if got != last+n {
			return 0, fmt.Errorf("storing messages: new rows got ids up to %d instead of %d", got, last+n)
		}
		for i := lo; i < hi; i++ {
			ids[i], isNew[i] = last+1+int64(i-lo), true
		}
		return last + n, nil
	}
	// Some keys were stored already, or came twice, or found their hash
	// slot taken by another key (keyhash.go): read both slots of every key
	// back, each slot once (keys sharing a hash share them, and a row read
	// twice would count twice). The new rows are those above last; of
	// items sharing a key, the first stored it.
	at := make(map[string][]int, hi-lo)
	var keys []string
	var slots []int64
	seen := make(map[int64]bool, 2*(hi-lo))
	for i := lo; i < hi; i++ {
		key := items[i].Msg.Key
		if at[key] == nil {
			keys = append(keys, key)
			h := keyHash(key)
			for _, slot := range [2]int64{h, collisionSlot(h)} {
				if !seen[slot] {
					seen[slot] = true
					slots = append(slots, slot)
				}
			}
		}
		at[key] = append(at[key], i)
	}
	var added int64
	err = lookupIn(w.ctx, w.prepared, `SELECT key, id FROM messages WHERE key_hash IN (%s)`, slots, func(scan func(...any) error) error {
		var key string
		var id int64
		if err := scan(&key, &id); err != nil {
			return err
		}
		is := at[key] // none for another key in a slot of one of ours
		for _, i := range is {
			ids[i] = id
		}
		if len(is) > 0 && id > last {
			isNew[is[0]] = true
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("looking up messages: %w", err)
	}
	if added != n {
		return 0, fmt.Errorf("storing messages: %d rows inserted but %d found above id %d", n, added, last)
	}
	last += n
	// A key in neither slot found its hash slot taken by another key.
	for _, key := range keys {
		is := at[key]
		if ids[is[0]] != 0 {
			continue
		}
		row := appendMessageRow(nil, items[is[0]].Msg, &w.shared[is[0]])
		id, err := insertCollider(w.ctx, w.tx, row, key)
		if err != nil {
			return 0, fmt.Errorf("storing messages: %w", err)
		}
		if id <= last {
			return 0, fmt.Errorf("storing messages: message %q got id %d, not above %d", key, id, last)
		}
		for _, i := range is {
			ids[i] = id
		}
		isNew[is[0]], last = true, id
	}
	return last, nil
}

// preloadAddresses fills the address and person caches for every address
// of the new messages' interactions, reading the known ones in bulk and
// creating the others (a person each) in order of first appearance.
func (w *batchWriter) preloadAddresses(items []Item, isNew []bool) error {
	var order []string
	want := map[string]bool{}
	for i, it := range items {
		if !isNew[i] {
			continue
		}
		for _, in := range it.Msg.Interactions {
			e := normEmail(in.Email)
			if _, cached := w.addrs[e]; e == "" || want[e] || cached {
				continue
			}
			want[e] = true
			order = append(order, e)
		}
	}
	if len(order) == 0 {
		return nil
	}
	err := lookupIn(w.ctx, w.prepared, `SELECT a.email, a.person_id, a.name, a.name_at, p.name, p.name_at
		FROM addresses a JOIN people p ON p.id = a.person_id WHERE a.email IN (%s)`, order,
		func(scan func(...any) error) error {
			var email string
			a := &address{}
			var p named
			if err := scan(&email, &a.personID, &a.name, &a.at, &p.name, &p.at); err != nil {
				return err
			}
			if _, ok := w.people[a.personID]; !ok {
				w.people[a.personID] = &p
			}
			w.addrs[email] = a
			return nil
		})
	if err != nil {
		return fmt.Errorf("looking up addresses: %w", err)
	}
	next, err := maxID(w.ctx, w.tx, "people")
	if err != nil {
		return fmt.Errorf("creating people: %w", err)
	}
	people := newBulkInsert(w.raw, `INSERT OR FAIL INTO people (name)`, "", 1).sequential(next)
	addrs := newBulkInsert(w.raw, `INSERT OR FAIL INTO addresses (email, person_id)`, "", 2)
	for _, e := range order {
		if _, ok := w.addrs[e]; ok {
			continue
		}
		next++
		w.addrs[e] = &address{personID: next}
		w.people[next] = &named{}
		if err := people.add(""); err != nil {
			return fmt.Errorf("creating people: %w", err)
		}
		if err := addrs.add(e, next); err != nil {
			return fmt.Errorf("creating addresses: %w", err)
		}
	}
	if err := people.flush(); err != nil {
		return fmt.Errorf("creating people: %w", err)
	}
	if err := addrs.flush(); err != nil {
		return fmt.Errorf("creating addresses: %w", err)
	}
	return nil
}
