package query

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	inner := errors.New("inner")
	for _, c := range []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: Syntax, Param: "q", Pos: 1, Msg: `expected ")" to close "("`}, `q: expected ")" to close "(" at 1`},
		{&Error{Kind: TooLarge, Param: "q", Msg: "query is longer than 4096 bytes"}, "q: query is longer than 4096 bytes"},
		{&Error{Kind: Invalid, Msg: "bad"}, "bad"},
		{&Error{Kind: Invalid, Param: "from", Err: inner}, "from: inner"},
		{&Error{Kind: Expensive, Param: "q", Pos: 3}, "q: query too expensive at 3"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
	wrapped := fmt.Errorf("search: %w", &Error{Kind: Expensive, Err: inner})
	if !IsKind(wrapped, Expensive) || IsKind(wrapped, Syntax) || !errors.Is(wrapped, inner) {
		t.Error("IsKind or Unwrap does not see through wrapping")
	}
	if IsKind(inner, Other) {
		t.Error("IsKind of a foreign error")
	}
}

// TestParseErrorKinds: every parse error is an *Error with Param q and,
// but for the limits on the whole query, a position inside it.
func TestParseErrorKinds(t *testing.T) {
	for _, q := range parseCases {
		_, err := Parse(q)
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: %T", q, err)
		}
		if e.Param != "q" || e.Kind == Other {
			t.Errorf("%q: %+v", q, e)
		}
		if e.Pos < 1 || e.Pos > len([]rune(q))+1 {
			t.Errorf("%q: position %d outside the query", q, e.Pos)
		}
	}
}
