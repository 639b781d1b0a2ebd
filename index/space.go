package index

import (
	"errors"
	"fmt"
	"syscall"
)

// A full disk must never reach Bleve: Scorch makes a batch's segment live
// in memory before it persists it, and when persisting fails it retries in
// a loop, so a write that runs out of space leaves an unacknowledged batch
// searchable and the persister spinning. Every write therefore checks the
// free space of the index's filesystem first, against an estimate of what
// the batch will take on disk plus a reserve for Scorch's merges (which
// write a merged segment before deleting the ones it replaces). Below that,
// the index is read-only until space returns: reads keep working, and the
// next write after space is freed goes through, with no restart.

// defaultMinFreeBytes is the free space kept in reserve when Options leaves it zero.
const defaultMinFreeBytes = 512 << 20

// diskBytesPerDocByte estimates what a batch adds to the disk per byte of
// its mapped documents: the index is about 2.5 times its text, and the
// segment is written once as a flush and again when merged.
const diskBytesPerDocByte = 3

// spaceGuard checks the free space of the filesystem holding an index.
type spaceGuard struct {
	path    string // empty: an in-memory index, never checked
	reserve uint64 // 0: checks disabled
	free    func(path string) (uint64, error)
}

// check returns nil when need bytes fit above the reserve, and otherwise an
// error wrapping ErrNoSpace that says how much is free and needed.
func (g spaceGuard) check(need uint64) error {
	if g.path == "" || g.reserve == 0 {
		return nil
	}
	free, err := g.free(g.path)
	if err != nil {
		// Not knowing is no reason to refuse writes; Bleve's own error
		// (mapped below) still stops a write that really runs out.
		return nil
	}
	if free < g.reserve+need {
		return fmt.Errorf("the disk holding the index has %s free, and %s must stay free (index.min_free_bytes) "+
			"with %s more for this write: writes resume once space is freed: %w",
			humanBytes(free), humanBytes(g.reserve), humanBytes(need), ErrNoSpace)
	}
	return nil
}

// noSpaceError maps a write error caused by a full disk to ErrNoSpace,
// without the file paths the operating system's error names.
func noSpaceError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("the disk holding the index is full: %w", ErrNoSpace)
	}
	return err
}

// humanBytes renders a byte count for messages: 1.5 GiB, 300 MiB, 12 KiB.
func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
