package index

import "errors"

// Error kinds returned by the index, wrapped with details; callers test them
// with errors.Is and map them to their own status codes.
var (
	// ErrNotFound means the requested article does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means an article or a request parameter is malformed.
	ErrInvalid = errors.New("invalid input")
	// ErrBadQuery means the query string does not parse.
	ErrBadQuery = errors.New("invalid query syntax")
	// ErrTooLarge means an input exceeds a configured limit.
	ErrTooLarge = errors.New("too large")
	// ErrMappingVersion means the index on disk was built with another mapping version.
	ErrMappingVersion = errors.New("index mapping version mismatch")
	// ErrRead means an input stream could not be read to its end.
	ErrRead = errors.New("cannot read input")
	// ErrExists means the target of a backup or restore already exists.
	ErrExists = errors.New("already exists")
	// ErrLocked means another process holds the index open.
	ErrLocked = errors.New("index is locked by another process")
	// ErrDamaged means the index directory lacks files an index needs or
	// cannot be read.
	ErrDamaged = errors.New("index damaged")
	// ErrNoSpace means the disk holding the index is (nearly) full: writes are
	// refused until space returns; reads keep working.
	ErrNoSpace = errors.New("insufficient storage")
	// ErrBusy means every write slot stayed busy past the wait allowed.
	ErrBusy = errors.New("too many writes in progress")
	// ErrConflict means a request contradicts the current state, such as
	// removing at run time a feed that config.yaml defines.
	ErrConflict = errors.New("conflict")
)
