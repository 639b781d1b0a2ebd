package query

import blevequery "github.com/blevesearch/bleve/v2/search/query"

// Positional reports whether q, or a query inside it, checks term
// positions (a phrase or a proximity), which makes iterating its matches
// costly: the index counts facets of such a query while ranking it.
func Positional(q blevequery.Query) bool {
	found := false
	walk(q, func(sub blevequery.Query) bool {
		switch sub.(type) {
		case *blevequery.MatchPhraseQuery, *blevequery.PhraseQuery, *blevequery.MultiPhraseQuery, *ProximityQuery:
			found = true
		}
		return !found
	})
	return found
}

// walk calls fn on q and every query inside it, depth first, until fn
// returns false; it reports whether the walk ran to its end.
func walk(q blevequery.Query, fn func(blevequery.Query) bool) bool {
	if q == nil {
		return true
	}
	if !fn(q) {
		return false
	}
	var subs []blevequery.Query
	switch q := q.(type) {
	case *blevequery.BooleanQuery:
		subs = []blevequery.Query{q.Must, q.Should, q.MustNot, q.Filter}
	case *blevequery.ConjunctionQuery:
		subs = q.Conjuncts
	case *blevequery.DisjunctionQuery:
		subs = q.Disjuncts
	}
	for _, sub := range subs {
		if !walk(sub, fn) {
			return false
		}
	}
	return true
}
