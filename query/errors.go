package query

import (
	"fmt"

	"github.com/searchd/searchd/errs"
)

// Kind classifies an Error; it is the core's one kind (package errs).
type Kind = errs.Kind

// The kinds of Error the query package returns.
const (
	Other     = errs.Other     // unclassified
	Invalid   = errs.Invalid   // a parameter's value is not acceptable (unknown country, bad date)
	Syntax    = errs.Syntax    // the query does not parse
	TooLarge  = errs.TooLarge  // the query exceeds a length, clause or nesting limit
	Expensive = errs.Expensive // the query asks for an expansion that is refused up front
)

// Error is the core's one error type (package errs): Kind, the request
// parameter at fault, the 1-based rune column in it and why.
type Error = errs.Error

// IsKind reports whether err is, or wraps, an error of kind k (never for
// Other).
func IsKind(err error, k Kind) bool { return k != Other && errs.KindOf(err) == k }

// errorf builds an *Error; format follows fmt.Sprintf.
func errorf(kind Kind, param string, pos int, format string, args ...any) *Error {
	return &Error{Kind: kind, Param: param, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
