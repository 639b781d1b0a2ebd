package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/search/query"
	vellumregexp "github.com/blevesearch/vellum/regexp"
)

// checkPattern compiles a regexp the way Bleve's dictionary search will
// (vellum's automaton, which allows less than Go's regexp package), so
// that what it rejects is a 400 before the search and not a 500 during it.
func checkPattern(shown, pattern string) error {
	if _, err := vellumregexp.New(pattern); err != nil {
		return fmt.Errorf("%s: %v", shown, err)
	}
	return nil
}

// checkQuery walks a parsed query and rejects what would only fail at search
// time, such as a malformed /regexp/, so the user gets a 400 and not a 500.
func checkQuery(q query.Query) error {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if sub != nil {
				if err := checkQuery(sub); err != nil {
					return err
				}
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if err := checkQuery(sub); err != nil {
				return err
			}
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			if err := checkQuery(sub); err != nil {
				return err
			}
		}
	case *anyField:
		for _, sub := range q.Disjuncts {
			if err := checkQuery(sub); err != nil {
				return err
			}
		}
	case *query.RegexpQuery:
		if err := checkPattern("/"+q.Regexp+"/", q.Regexp); err != nil {
			return err
		}
	case *query.WildcardQuery:
		if err := checkPattern(q.Wildcard, wildcardToRegexp(q.Wildcard)); err != nil {
			return err
		}
	case *query.MatchQuery:
		if q.Fuzziness < 0 || q.Fuzziness > 2 {
			return fmt.Errorf("%s~%d: the edit distance can be 1 or 2", q.Match, q.Fuzziness)
		}
	case *query.FuzzyQuery:
		if q.Fuzziness < 0 || q.Fuzziness > 2 {
			return fmt.Errorf("%s~%d: the edit distance can be 1 or 2", q.Term, q.Fuzziness)
		}
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}
