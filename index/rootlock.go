package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// An index directory holds the index in use and, after online rebuilds,
// the pointer naming which rN it is. Bleve's own lock is on the index in
// use, so a second process that read the pointer just before a switch
// would wait on the old index's lock, get it once the daemon closed that
// index, and then remove what it takes for stale: the daemon's new index.
// The lock of the directory itself, taken before the pointer is read and
// held while the index is open, closes that gap.

// rootLockName is the file in an index directory that a process holding
// the directory locks.
const rootLockName = "searchd.lock"

// rootLockWait is how long opening waits for another process to let go,
// as long as Bleve waits for its own lock.
const rootLockWait = 2 * time.Second

// rootLock is a held lock of an index directory.
type rootLock struct{ f *os.File }

// lockRoot takes the lock of the index directory root, waiting up to
// rootLockWait; a directory that does not exist yet needs none (nil, nil):
// nothing can be switched in an index not yet created.
func lockRoot(root string) (*rootLock, error) {
	if root == "" {
		return nil, nil
	}
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	f, err := os.OpenFile(filepath.Join(root, rootLockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock index directory: %w", noSpaceError(err))
	}
	deadline := time.Now().Add(rootLockWait)
	for {
		ok, err := tryLockFile(f)
		switch {
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("lock index directory: %w", err)
		case ok:
			return &rootLock{f: f}, nil
		case time.Now().After(deadline):
			f.Close()
			return nil, fmt.Errorf("index directory %s is in use by another searchd process: %w", root, ErrLocked)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// release lets go of the lock; nil releases nothing.
func (l *rootLock) release() error {
	if l == nil {
		return nil
	}
	return l.f.Close() // closing the file drops its lock
}
