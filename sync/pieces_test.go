package sync

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tend-dev/tend/model"
)

func folderPlan(name string, after, uidNext, messages uint32) plan {
	return plan{folder: name, afterUID: after, status: model.FolderStatus{UIDNext: uidNext, Messages: messages, UIDValidity: 1}}
}

// Pieces cover the folder's new UIDs exactly once, in order, and a folder
// too small to cut, or without UIDNEXT, is one piece.
func TestSplitCoversNewUIDsOnce(t *testing.T) {
	for _, tc := range []struct {
		p    plan
		size int64
		want int // pieces
	}{
		{folderPlan("big", 0, 62312, 62311), 8000, 8}, // 7 of 8,000 and one of 6,311
		{folderPlan("resumed", 40000, 62312, 62311), 8000, 3},
		{folderPlan("short tail", 0, 8201, 8200), 2000, 4}, // the last 200 join the fourth piece
		{folderPlan("sparse", 0, 1000001, 20000), 5000, 4},
		{folderPlan("small", 0, 1500, 1499), 1000, 1},
		{folderPlan("no uidnext", 0, 0, 50000), 1000, 1},
		{folderPlan("one connection", 0, 62312, 62311), pieceSize(62311, 1), 1},
	} {
		ps := split(tc.p, tc.size)
		if len(ps) != tc.want {
			t.Errorf("%s: %d pieces, want %d", tc.p.folder, len(ps), tc.want)
			continue
		}
		next := tc.p.afterUID + 1
		for _, pc := range ps {
			if pc.lo != next || (pc.hi != 0 && pc.hi < pc.lo) {
				t.Errorf("%s: piece %d..%d, want it to start at %d", tc.p.folder, pc.lo, pc.hi, next)
			}
			next = pc.hi + 1
		}
		if last := ps[len(ps)-1].hi; tc.p.status.UIDNext != 0 && last != tc.p.status.UIDNext-1 {
			t.Errorf("%s: last piece ends at %d, want %d", tc.p.folder, last, tc.p.status.UIDNext-1)
		} else if tc.p.status.UIDNext == 0 && last != 0 {
			t.Errorf("%s: without UIDNEXT the piece ends at %d, want open-ended", tc.p.folder, last)
		}
	}
}

// The cursor never passes a UID that is not stored: pieces completed out
// of order move it only once the gap before them is filled.
func TestProgressCursorWaitsForGaps(t *testing.T) {
	ps := split(folderPlan("f", 100, 2101, 2000), 500) // 101..600, 601..1100, 1101..1600, 1601..2100
	if len(ps) != 4 {
		t.Fatalf("%d pieces, want 4", len(ps))
	}
	f := newFolderProgress(100, ps)
	steps := []struct {
		piece int
		upTo  uint32
		want  uint32
	}{
		{1, 1100, 100},  // the second piece is done, the first not begun
		{0, 200, 200},   // part of the first
		{2, 1200, 200},  // part of the third
		{0, 600, 1200},  // the first is done: through the second, into the third
		{3, 2100, 1200}, // the last is done, the third not yet
		{2, 1600, 2100}, // all done
		{0, 300, 2100},  // a late, lower report changes nothing
	}
	for i, s := range steps {
		if got := f.advance(s.piece, s.upTo); got != s.want {
			t.Fatalf("step %d (piece %d up to %d): cursor %d, want %d", i, s.piece, s.upTo, got, s.want)
		}
	}
	open := newFolderProgress(0, split(folderPlan("g", 0, 0, 10), 1000))
	if got := open.advance(0, 42); got != 42 {
		t.Errorf("open-ended piece: cursor %d, want 42", got)
	}
}

// A connection keeps to the folder it has examined while it has pieces
// left, then takes a folder nobody is on, then the folder with the most
// messages left per connection on it; every piece goes out once, each
// folder's in UID order.
func TestPieceQueueSharesTheLargeFolder(t *testing.T) {
	var all []piece
	for _, p := range []plan{folderPlan("Archive", 0, 6001, 6000), folderPlan("Sent", 0, 2001, 2000), folderPlan("INBOX", 0, 1001, 1000)} {
		all = append(all, split(p, 1000)...) // 6 + 2 + 1 pieces
	}
	q := newPieceQueue(all)
	examined := []string{"INBOX", "", ""} // examineAll left INBOX examined on the first connection
	var order []string
	next := map[string]uint32{"Archive": 1, "Sent": 1, "INBOX": 1}
	for turn := 0; ; turn++ {
		conn := turn % 3
		p, ok := q.next(conn, examined[conn])
		if !ok {
			break
		}
		f := p.plan.folder
		if p.lo != next[f] {
			t.Errorf("%s: piece from %d handed out, want the one from %d", f, p.lo, next[f])
		}
		next[f] = p.hi + 1
		examined[conn] = f
		order = append(order, fmt.Sprintf("%d:%s", conn, f))
	}
	// INBOX stays on the first connection; the others start the folders
	// nobody is on, the largest first; once INBOX is done, its connection
	// joins Archive (5,000 left over one connection) rather than Sent
	// (1,000 over one).
	want := "0:INBOX 1:Archive 2:Sent 0:Archive 1:Archive 2:Sent 0:Archive 1:Archive 2:Archive"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("pieces went\n  %s\nwant\n  %s", got, want)
	}
	for f, n := range next {
		if end := map[string]uint32{"Archive": 6001, "Sent": 2001, "INBOX": 1001}[f]; n != end {
			t.Errorf("%s: handed out up to %d, want %d", f, n-1, end-1)
		}
	}
}
