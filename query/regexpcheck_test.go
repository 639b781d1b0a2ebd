package query

import (
	"strings"
	"testing"
)

// TestRegexpCostRefusals lists pattern families whose automaton took
// seconds to build (measured on the 2-core machine) beside cheap ones that
// must stay accepted. A bound on structure, not on time.
func TestRegexpCostRefusals(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		refused bool
	}{
		{`a(x|.*y){9}`, true},     // 1.2 s before
		{`a(.*b|c.*|d){5}`, true}, // 1.1 s
		{`a(.*b)?(.*c)?(.*d)?`, true},
		{`a.*b.{10}`, true}, // 1 s
		{`a(x|.*y){2}`, false},
		{`a(x|.*y)`, false},
		{`a.*b.*c`, false},
		{`teh.*`, false},
		{`ira(n|q)`, false},
	} {
		err := checkRegexp(tc.pattern, 1)
		if refused := err != nil; refused != tc.refused {
			t.Errorf("/%s/: %v, want refused %v", tc.pattern, err, tc.refused)
		}
		if err != nil && !IsKind(err, Expensive) {
			t.Errorf("/%s/: refused as %v, want Expensive", tc.pattern, err)
		}
	}
}

func TestProximityPhraseWordsBounded(t *testing.T) {
	long := `"` + strings.Repeat("iran ", MaxProximityWords+1) + `"~3`
	if _, err := Parse(long); !IsKind(err, TooLarge) {
		t.Errorf("a %d-word proximity phrase: %v, want TooLarge", MaxProximityWords+1, err)
	}
	if _, err := Parse(`"` + strings.Repeat("iran ", MaxProximityWords+1) + `"`); err != nil {
		t.Errorf("a long exact phrase: %v", err)
	}
	if _, err := Parse(`"oil sanctions iran"~3`); err != nil {
		t.Errorf("a short proximity phrase: %v", err)
	}
}

func TestNegatedClassesStayNegated(t *testing.T) {
	for in, want := range map[string]string{`ta[^l]*`: `ta[^l]*`, `a[^B]`: `a[^b]`, `a[A-C]x`: `a[a-c]x`} {
		if got := normalizeRegexp(in, fold); got != want {
			t.Errorf("normalizeRegexp(%s) = %s, want %s", in, got, want)
		}
	}
}
