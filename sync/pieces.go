package sync

import (
	"math"
	stdsync "sync"
)

// A piece is a UID range of one folder that one connection fetches. A large
// folder is cut into several, so that the connections share it instead of
// one connection fetching it alone while the others, done with the small
// folders, wait (bench/: 10,000 messages, 63 % of them in one folder).
type piece struct {
	plan     plan
	lo, hi   uint32 // UIDs lo..hi; hi 0 = open-ended (the server gave no UIDNEXT)
	progress *folderProgress
	index    int // in progress.done and progress.ends
	expected int64
}

// pieceMin is the fewest messages worth a piece of their own: each piece
// costs a FETCH round trip that nothing overlaps, and an EXAMINE when its
// connection was on another folder.
var pieceMin int64 = 1000 // a variable for tests (export_test.go)

// pieceSize is the messages per piece for a sync expecting total messages
// over conns connections: about four pieces per connection, so that the
// last pieces to finish are short, and never fewer than pieceMin. One
// connection fetches whole folders.
func pieceSize(total int64, conns int) int64 {
	if conns <= 1 {
		return math.MaxInt64
	}
	return max(pieceMin, total/int64(4*conns))
}

// pieceAlign is the UID multiple pieces are cut at: the IMAP provider
// fetches ranges of 500 UIDs, so a piece ends where a FETCH would, instead
// of adding a short FETCH of its own.
const pieceAlign = 500

// split cuts p into pieces of about size messages, by UID, assuming its
// messages are spread evenly over the UIDs; a last piece shorter than half
// the others joins the one before. A folder without UIDNEXT, or too small
// to cut, is one piece.
func split(p plan, size int64) []piece {
	n := expected(p)
	first := uint64(p.afterUID) + 1
	if p.status.UIDNext == 0 || n/2 < size {
		hi := uint32(0)
		if p.status.UIDNext != 0 {
			hi = p.status.UIDNext - 1
		}
		return []piece{{plan: p, lo: uint32(first), hi: hi, expected: n}}
	}
	span := uint64(p.status.UIDNext) - first // UIDs first..UIDNext-1
	per := max(uint64(size)*span/uint64(n), 1)
	per = (per + pieceAlign - 1) / pieceAlign * pieceAlign
	var out []piece
	for lo := first; lo < first+span; lo += per {
		hi := min(lo+per, first+span) - 1
		if first+span-1-hi < per/2 { // what would be left is short: take it
			hi = first + span - 1
		}
		out = append(out, piece{plan: p, lo: uint32(lo), hi: uint32(hi), expected: int64((hi - lo + 1) * uint64(n) / span)})
		if hi == first+span-1 {
			break
		}
	}
	return out
}

// folderProgress is how far one folder's pieces are stored. Only the writer
// goroutine advances it, as it saves their batches, so the cursor it gives
// a batch covers exactly what is stored once that batch commits.
type folderProgress struct {
	after uint32   // the cursor before this sync
	done  []uint32 // per piece: every UID of the piece up to this one is stored
	ends  []uint32 // per piece: its hi
}

func newFolderProgress(after uint32, ps []piece) *folderProgress {
	f := &folderProgress{after: after}
	for _, p := range ps {
		f.done = append(f.done, p.lo-1)
		f.ends = append(f.ends, p.hi)
	}
	return f
}

// advance records that piece i is stored up to UID upTo and returns the
// folder's cursor: the end of the complete pieces that follow the old
// cursor without a gap, or the progress of the first incomplete one.
func (f *folderProgress) advance(i int, upTo uint32) uint32 {
	f.done[i] = max(f.done[i], upTo)
	cursor := f.after
	for j, done := range f.done {
		cursor = max(cursor, done)
		if f.ends[j] == 0 || done < f.ends[j] {
			break
		}
	}
	return cursor
}

// pieceQueue hands out pieces to connections. A connection keeps to the
// folder it has examined while that folder has pieces left; otherwise it
// takes a folder no connection is on yet, or failing that the folder with
// the most messages left per connection already on it. Each folder's
// pieces go out in UID order, so its cursor advances as they complete.
type pieceQueue struct {
	mu    stdsync.Mutex
	order []string           // folders, in plan order
	left  map[string][]piece // pieces not handed out yet, by folder
	on    map[string]int     // connections whose last piece was of the folder
	at    map[int]string     // each connection's last piece's folder
}

func newPieceQueue(ps []piece) *pieceQueue {
	q := &pieceQueue{left: map[string][]piece{}, on: map[string]int{}, at: map[int]string{}}
	for _, p := range ps {
		f := p.plan.folder
		if _, ok := q.left[f]; !ok {
			q.order = append(q.order, f)
		}
		q.left[f] = append(q.left[f], p)
	}
	return q
}

// next returns the next piece for connection conn, which has folder
// examined ("" for none), and false when none is left.
func (q *pieceQueue) next(conn int, examined string) (piece, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	f := examined
	if len(q.left[f]) == 0 {
		f = ""
		var best float64
		for _, g := range q.order {
			var n int64
			for _, p := range q.left[g] {
				n += p.expected
			}
			if n == 0 {
				continue
			}
			// A folder nobody is on comes first, the largest first.
			share := float64(n) / float64(q.on[g]+1)
			if q.on[g] == 0 {
				share += math.MaxInt64
			}
			if f == "" || share > best {
				f, best = g, share
			}
		}
		if f == "" {
			return piece{}, false
		}
	}
	if prev, ok := q.at[conn]; !ok || prev != f {
		if ok {
			q.on[prev]--
		}
		q.on[f]++
		q.at[conn] = f
	}
	p := q.left[f][0]
	q.left[f] = q.left[f][1:]
	return p, true
}
