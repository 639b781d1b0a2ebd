package query

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	blevequery "github.com/blevesearch/bleve/v2/search/query"
	vellumregexp "github.com/blevesearch/vellum/regexp"
)

// FuzzParseRoundTrip: no input panics; an error is always an *Error; a
// parsed query prints in a form that parses to an equal tree and prints
// the same again.
func FuzzParseRoundTrip(f *testing.F) {
	for _, q := range parseCases {
		f.Add(q)
	}
	for _, q := range compileCases {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		checkRoundTrip(t, q)
	})
}

// FuzzCompile: no input panics; errors are always *Error; what compiles is
// a tree Bleve accepts, whose every clause names a field and whose
// patterns pass the index's guards (a literal prefix, a fixed first
// character for fuzzy terms), and which marshals to JSON with its
// explanation.
func FuzzCompile(f *testing.F) {
	for _, q := range compileCases {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			if e := (*Error)(nil); !errors.As(err, &e) {
				t.Fatalf("Parse(%q): %T is not *Error", q, err)
			}
			return
		}
		bq, interps, err := Compile(n, fakeResolver{}, Options{})
		if err != nil {
			if e := (*Error)(nil); !errors.As(err, &e) {
				t.Fatalf("Compile(%q): %T is not *Error", q, err)
			}
			return
		}
		checkCompiled(t, q, bq)
		if _, err := json.Marshal(bq); err != nil {
			t.Fatalf("%q: the Bleve query does not marshal: %v", q, err)
		}
		if _, err := json.Marshal(Explain(n, interps)); err != nil {
			t.Fatalf("%q: the explanation does not marshal: %v", q, err)
		}
	})
}

// checkCompiled checks the invariants of a compiled tree.
func checkCompiled(t *testing.T, q string, bq blevequery.Query) {
	t.Helper()
	if v, ok := bq.(blevequery.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			t.Fatalf("%q: Bleve refuses the tree: %v", q, err)
		}
	}
	walk(bq, func(sub blevequery.Query) bool {
		if fq, ok := sub.(blevequery.FieldableQuery); ok && fq.Field() == "" {
			t.Fatalf("%q: a %T names no field", q, sub)
		}
		switch sub := sub.(type) {
		case *blevequery.RegexpQuery:
			if _, err := vellumregexp.New(sub.Regexp); err != nil {
				t.Fatalf("%q: regexp %q does not compile: %v", q, sub.Regexp, err)
			}
			if err := checkRegexp(sub.Regexp, 0); err != nil {
				t.Fatalf("%q: compiled regexp %q: %v", q, sub.Regexp, err)
			}
		case *blevequery.WildcardQuery:
			if strings.IndexAny(sub.Wildcard, "*?") < 1 {
				t.Fatalf("%q: wildcard %q has no literal prefix", q, sub.Wildcard)
			}
		case *blevequery.PrefixQuery:
			if sub.Prefix == "" {
				t.Fatalf("%q: empty prefix", q)
			}
		case *blevequery.FuzzyQuery:
			if sub.Prefix != FuzzyPrefix {
				t.Fatalf("%q: fuzzy prefix %d", q, sub.Prefix)
			}
			if err := checkFuzzy(sub.Term, sub.Fuzziness, 0); err != nil {
				t.Fatalf("%q: %v", q, err)
			}
		}
		return true
	})
}
