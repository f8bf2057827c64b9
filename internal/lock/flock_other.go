//go:build !unix

package lock

import "os"

// tryLock is a no-op where flock does not exist: one instance per index is
// then the user's responsibility.
func tryLock(*os.File) (bool, error) { return false, nil }

func unlock(*os.File) error { return nil }
