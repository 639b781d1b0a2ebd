package index

import "golang.org/x/sys/unix"

// freeBytes returns the bytes an unprivileged process may still write on
// the filesystem holding path (Linux counts free blocks in fragment size).
func freeBytes(path string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Frsize), nil
}
