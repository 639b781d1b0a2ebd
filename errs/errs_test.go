package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindsThroughWrapping(t *testing.T) {
	base := E(Invalid, "country", "unknown country %q", "Atlantis")
	for _, tc := range []struct {
		name string
		err  error
		kind Kind
		text string
	}{
		{"an Error", base, Invalid, `country: unknown country "Atlantis"`},
		{"wrapped by fmt", fmt.Errorf("search: %w", base), Invalid, `search: country: unknown country "Atlantis"`},
		{"a Kind wrapped by fmt", fmt.Errorf("article 3: %w", NotFound), NotFound, "article 3: not found"},
		{"Wrap keeps the message", Wrap(Busy, errors.New("slots full")), Busy, "slots full"},
		{"joined", errors.Join(errors.New("plain"), Wrap(NoSpace, errors.New("disk"))), NoSpace, "plain\ndisk"},
		{"with a position", &Error{Kind: Syntax, Param: "q", Pos: 7, Msg: `expected ")"`}, Syntax, `q: expected ")" at 7`},
		{"kind only", &Error{Kind: TooLarge}, TooLarge, "too large"},
		{"plain", errors.New("boom"), Other, "boom"},
	} {
		if got := KindOf(tc.err); got != tc.kind {
			t.Errorf("%s: KindOf = %v, want %v", tc.name, got, tc.kind)
		}
		if tc.kind != Other && !errors.Is(tc.err, tc.kind) {
			t.Errorf("%s: errors.Is(err, %v) = false", tc.name, tc.kind)
		}
		if errors.Is(tc.err, Exists) {
			t.Errorf("%s: errors.Is(err, Exists) = true", tc.name)
		}
		if got := tc.err.Error(); got != tc.text {
			t.Errorf("%s: Error() = %q, want %q", tc.name, got, tc.text)
		}
	}
	if Wrap(Invalid, nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

func TestDetail(t *testing.T) {
	err := fmt.Errorf("compile: %w", &Error{Kind: Syntax, Param: "q", Pos: 4, Msg: "x"})
	if p, pos := Detail(err); p != "q" || pos != 4 {
		t.Errorf("Detail = %q, %d", p, pos)
	}
	if p, pos := Detail(errors.New("x")); p != "" || pos != 0 {
		t.Errorf("Detail of a plain error = %q, %d", p, pos)
	}
}
