// Package errs is the one error type of searchd's core: what went wrong
// (a Kind), in which request parameter, where in it and why. The core
// (query, index, feeds) returns *Error; the API maps each Kind to an HTTP
// status in one table. A Kind is itself an error, so errors.Is(err,
// errs.NotFound) tests an error's kind through any wrapping.
package errs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind classifies an error so that callers can map it to a status code
// without reading its message.
type Kind uint8

// The kinds of error. Other is the zero value, for errors that fit no kind.
const (
	Other          Kind = iota // unclassified: a fault of the service
	Invalid                    // a parameter or article is malformed (unknown country, bad date)
	Syntax                     // the query does not parse
	TooLarge                   // an input exceeds a configured limit
	Expensive                  // the query asks for an expansion refused up front
	NotFound                   // the requested thing does not exist
	Exists                     // the target already exists (a backup, a feed)
	Read                       // an input stream could not be read to its end
	Locked                     // another process holds the index open
	Damaged                    // the index directory lacks files or cannot be read
	NoSpace                    // the disk holding the index is (nearly) full
	Busy                       // every slot stayed busy past the wait allowed
	MappingVersion             // the index on disk was built with another mapping version
	Conflict                   // the request conflicts with work in progress (a reindex running)
)

var kindText = [...]string{
	Other:          "internal error",
	Invalid:        "invalid input",
	Syntax:         "invalid query syntax",
	TooLarge:       "too large",
	Expensive:      "query too expensive",
	NotFound:       "not found",
	Exists:         "already exists",
	Read:           "cannot read input",
	Locked:         "index is locked by another process",
	Damaged:        "index damaged",
	NoSpace:        "insufficient storage",
	Busy:           "too many writes in progress",
	MappingVersion: "index mapping version mismatch",
	Conflict:       "conflict",
}

// String describes the kind in a few lower-case words.
func (k Kind) String() string {
	if int(k) < len(kindText) {
		return kindText[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// Kinds returns every kind but Other.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kindText)-1)
	for k := Other + 1; int(k) < len(kindText); k++ {
		out = append(out, k)
	}
	return out
}

// Error makes a Kind an error of its own, to wrap with fmt.Errorf's %w
// and to test with errors.Is.
func (k Kind) Error() string { return k.String() }

// Error is an error of the core: Kind says what went wrong, Param the
// request parameter at fault, Pos where in it (a 1-based rune column, 0
// when not about one place), Msg why, and Err the error it wraps.
type Error struct {
	Kind  Kind
	Param string
	Pos   int
	Msg   string
	Err   error
}

// E builds an *Error of kind k about param; format follows fmt.Sprintf.
func E(k Kind, param, format string, args ...any) *Error {
	return &Error{Kind: k, Param: param, Msg: fmt.Sprintf(format, args...)}
}

// Wrap gives err the kind k, keeping its message; nil stays nil.
func Wrap(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err}
}

// Error formats "param: msg at pos"; the kind is left out, as it is for
// the caller to turn into a status, and nothing is cut off the message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Param != "" {
		b.WriteString(e.Param)
		b.WriteString(": ")
	}
	msg := e.Msg
	switch {
	case msg != "" && e.Err != nil:
		msg += ": " + e.Err.Error()
	case msg == "" && e.Err != nil:
		msg = e.Err.Error()
	case msg == "":
		msg = e.Kind.String()
	}
	b.WriteString(msg)
	if e.Pos > 0 {
		b.WriteString(" at ")
		b.WriteString(strconv.Itoa(e.Pos))
	}
	return b.String()
}

// Unwrap returns the wrapped error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is e's kind, so that errors.Is(err, k) finds
// the kind of an *Error anywhere in a chain.
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind && k != Other
}

// KindOf returns the kind of err: that of the outermost *Error with one,
// or of a Kind it wraps; Other when there is none.
func KindOf(err error) Kind {
	for err != nil {
		switch e := err.(type) {
		case *Error:
			if e.Kind != Other {
				return e.Kind
			}
		case Kind:
			return e
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if k := KindOf(inner); k != Other {
					return k
				}
			}
			return Other
		default:
			return Other
		}
	}
	return Other
}

// Detail returns the parameter and position of the outermost *Error in
// err's chain that names them.
func Detail(err error) (param string, pos int) {
	var e *Error
	for errors.As(err, &e) {
		if e.Param != "" || e.Pos > 0 {
			return e.Param, e.Pos
		}
		err = e.Err
	}
	return "", 0
}
