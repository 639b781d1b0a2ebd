package index

import "github.com/searchd/searchd/errs"

// Error kinds returned by the index: the core's kinds (package errs), in
// *errs.Error values or wrapped with details; callers test them with
// errors.Is or errs.KindOf and map them to their own status codes.
const (
	// ErrNotFound means the requested article does not exist.
	ErrNotFound = errs.NotFound
	// ErrInvalid means an article or a request parameter is malformed.
	ErrInvalid = errs.Invalid
	// ErrBadQuery means the query string does not parse.
	ErrBadQuery = errs.Syntax
	// ErrExpensive means the query asks for an expansion refused up front
	// (a leading wildcard, a pattern matching too many terms).
	ErrExpensive = errs.Expensive
	// ErrTooLarge means an input exceeds a configured limit.
	ErrTooLarge = errs.TooLarge
	// ErrMappingVersion means the index on disk was built with another mapping version.
	ErrMappingVersion = errs.MappingVersion
	// ErrRead means an input stream could not be read to its end.
	ErrRead = errs.Read
	// ErrExists means the target of a backup or restore already exists.
	ErrExists = errs.Exists
	// ErrLocked means another process holds the index open.
	ErrLocked = errs.Locked
	// ErrDamaged means the index directory lacks files an index needs or
	// cannot be read.
	ErrDamaged = errs.Damaged
	// ErrNoSpace means the disk holding the index is (nearly) full: writes are
	// refused until space returns; reads keep working.
	ErrNoSpace = errs.NoSpace
	// ErrBusy means every write slot stayed busy past the wait allowed.
	ErrBusy = errs.Busy
	// ErrConflict means a request contradicts the current state, such as
	// removing at run time a feed that config.yaml defines.
	ErrConflict = errs.Conflict
)
