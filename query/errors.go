package query

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind classifies an Error so that callers can map it to a status code
// without reading its message.
type Kind uint8

// The kinds of Error. Other is the zero value, for errors that fit no kind.
const (
	Other     Kind = iota // unclassified
	Invalid               // a parameter's value is not acceptable (unknown country, bad date)
	Syntax                // the query does not parse
	TooLarge              // the query exceeds a length, clause or nesting limit
	Expensive             // the query asks for an expansion that is refused up front
)

// String names the kind in lower case.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case Syntax:
		return "syntax"
	case TooLarge:
		return "too large"
	case Expensive:
		return "expensive"
	}
	return "other"
}

// Error is the one error type of the package: what went wrong (Kind), in
// which request parameter (Param), where in it (Pos, a 1-based rune column,
// 0 when not about one place) and why (Msg, and Err when it wraps another
// error). It is self-contained so that it can move to a shared package.
type Error struct {
	Kind  Kind
	Param string
	Pos   int
	Msg   string
	Err   error
}

// Error formats "param: msg at pos"; the kind is left out, as it is for the
// caller to turn into a status, and nothing is ever cut off the message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Param != "" {
		b.WriteString(e.Param)
		b.WriteString(": ")
	}
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if msg == "" {
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

// IsKind reports whether err is, or wraps, an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// errorf builds an *Error; format follows fmt.Sprintf.
func errorf(kind Kind, param string, pos int, format string, args ...any) *Error {
	return &Error{Kind: kind, Param: param, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
