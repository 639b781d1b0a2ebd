package index

import (
	"fmt"
	"regexp/syntax"

	"github.com/blevesearch/bleve/v2/search/query"
)

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
	case *query.RegexpQuery:
		if _, err := syntax.Parse(q.Regexp, syntax.Perl); err != nil {
			return fmt.Errorf("regular expression /%s/: %w", q.Regexp, err)
		}
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}
