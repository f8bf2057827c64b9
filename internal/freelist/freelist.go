// Package freelist keeps a few slices for reuse, so that code handing
// batches between goroutines does not allocate a new one for each.
package freelist

// Slices is a bounded free list of slices of one capacity. It is safe for
// concurrent use.
type Slices[T any] struct {
	free chan []T
	size int
}

// New returns a free list that keeps up to n slices; new ones have
// capacity size.
func New[T any](n, size int) *Slices[T] {
	return &Slices[T]{free: make(chan []T, n), size: size}
}

// Get returns an empty slice: a kept one, or a new one.
func (f *Slices[T]) Get() []T {
	select {
	case s := <-f.free:
		return s
	default:
		return make([]T, 0, f.size)
	}
}

// Put keeps s for a later Get when there is room, cleared so that it
// holds nothing alive meanwhile. The caller must not use s afterwards.
func (f *Slices[T]) Put(s []T) {
	clear(s[:cap(s)])
	select {
	case f.free <- s[:0]:
	default:
	}
}
