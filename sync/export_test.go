package sync

import "testing"

// SetPieceMin lowers the smallest piece a large folder is cut into, so
// that the demo mailbox's folders are cut, until t ends.
func SetPieceMin(t testing.TB, n int64) {
	old := pieceMin
	pieceMin = n
	t.Cleanup(func() { pieceMin = old })
}
