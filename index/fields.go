package index

import (
	"context"

	blevemapping "github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/searchd/searchd/mapping"
)

// fieldable is a pointer to a query type that searches one named field.
type fieldable[T any] interface {
	*T
	query.FieldableQuery
}

// searchTextFields rewrites q so that every clause naming no field searches
// each of mapping.TextFields, any of them matching. The mapping keeps no _all
// field, which would index every word of the title and body a second time;
// the union is made here instead, and the hits' locations then name the
// field they matched in, as highlighting needs. q is changed in place.
func searchTextFields(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub != nil {
				*sub = searchTextFields(*sub)
			}
		}
	case *query.ConjunctionQuery:
		for i, sub := range q.Conjuncts {
			q.Conjuncts[i] = searchTextFields(sub)
		}
	case *query.DisjunctionQuery:
		for i, sub := range q.Disjuncts {
			q.Disjuncts[i] = searchTextFields(sub)
		}
	case *query.MatchQuery:
		return inTextFields(q)
	case *query.MatchPhraseQuery:
		return inTextFields(q)
	case *query.TermQuery:
		return inTextFields(q)
	case *query.PhraseQuery:
		return inTextFields(q)
	case *query.FuzzyQuery:
		return inTextFields(q)
	case *query.PrefixQuery:
		return inTextFields(q)
	case *query.WildcardQuery:
		return inTextFields(q)
	case *query.RegexpQuery:
		return inTextFields(q)
	}
	return q
}

// inTextFields returns q itself when it names a field, and otherwise a
// disjunction of copies of q, one per text field.
func inTextFields[T any, P fieldable[T]](q P) query.Query {
	if q.Field() != "" {
		return q
	}
	fields := mapping.TextFields()
	each := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		c := P(new(T))
		*c = *q
		c.SetField(f)
		each = append(each, c)
	}
	return &anyField{Disjuncts: each}
}

// anyField matches what any of its clauses matches: the same clause in
// several fields. Unlike a DisjunctionQuery, it searches for nothing when
// every clause does (a stop word, say), so that a query string's conjunction
// skips it as it would have skipped the clause itself.
type anyField struct {
	Disjuncts []query.Query
}

// Searcher builds a disjunction of the clauses that can match anything.
func (q *anyField) Searcher(ctx context.Context, r bleveindex.IndexReader, m blevemapping.IndexMapping,
	options search.SearcherOptions,
) (search.Searcher, error) {
	subs := make([]search.Searcher, 0, len(q.Disjuncts))
	closeAll := func() {
		for _, s := range subs {
			_ = s.Close()
		}
	}
	for _, d := range q.Disjuncts {
		s, err := d.Searcher(ctx, r, m, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); none {
			continue
		}
		subs = append(subs, s)
	}
	switch len(subs) {
	case 0:
		return searcher.NewMatchNoneSearcher(r)
	case 1:
		return subs[0], nil
	}
	s, err := searcher.NewDisjunctionSearcher(ctx, r, subs, 1, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return s, nil
}
