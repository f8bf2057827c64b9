package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ReleaseMemory hands back memory the index's connections hold but no
// longer need: the pages SQLite keeps cached (after a large sync, the
// batch connection's cache is full, writerCacheKiB) and then, where the C
// library allows it, the freed C heap to the operating system. A process
// that keeps the index open calls it when a round of work is done; later
// transactions read what they need again. It waits for a batch
// transaction in progress to end.
func (s *Store) ReleaseMemory(ctx context.Context) error {
	for _, db := range []*sql.DB{s.bulk, s.db} {
		if _, err := db.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
			return fmt.Errorf("releasing the index's memory: %w", err)
		}
	}
	trimHeap()
	return nil
}
