//go:build !unix

package index

import "errors"

// freeBytes is unknown here: the free-space check is skipped.
func freeBytes(string) (uint64, error) {
	return 0, errors.New("free space unknown on this system")
}
