package query

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	blevequery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// ProximityQuery matches the words of a phrase near one another: "a b"~3.
// Bleve has none (its phrase searcher fixes the slop at 0), so this one
// runs a conjunction of the phrase's terms and keeps the documents where,
// in one field value, each term i at position p_i (its offset in the
// phrase o_i taken off) spreads max(p_i-o_i) - min(p_i-o_i) <= Slop: the
// moves Lucene's sloppy phrase allows, where swapping two words costs 2.
// It is a leaf to the index's query walkers, and positional as a phrase
// is (see Positional).
type ProximityQuery struct {
	Phrase   string            `json:"proximity"`
	Slop     int               `json:"slop"`
	FieldVal string            `json:"field,omitempty"`
	BoostVal *blevequery.Boost `json:"boost,omitempty"`
}

// ProximityQuery is a leaf the index can treat as any other: boostable,
// fieldable and validated before the search.
var (
	_ blevequery.BoostableQuery   = (*ProximityQuery)(nil)
	_ blevequery.FieldableQuery   = (*ProximityQuery)(nil)
	_ blevequery.ValidatableQuery = (*ProximityQuery)(nil)
)

// NewProximityQuery matches phrase's words within slop moves.
func NewProximityQuery(phrase string, slop int) *ProximityQuery {
	return &ProximityQuery{Phrase: phrase, Slop: slop}
}

// SetField sets the field searched.
func (q *ProximityQuery) SetField(f string) { q.FieldVal = f }

// Field is the field searched.
func (q *ProximityQuery) Field() string { return q.FieldVal }

// SetBoost sets the boost of the query's terms.
func (q *ProximityQuery) SetBoost(b float64) {
	boost := blevequery.Boost(b)
	q.BoostVal = &boost
}

// Boost is the boost of the query's terms.
func (q *ProximityQuery) Boost() float64 { return q.BoostVal.Value() }

// Validate refuses a negative or excessive slop.
func (q *ProximityQuery) Validate() error {
	if q.Slop < 0 || q.Slop > MaxSlop {
		return fmt.Errorf("proximity %q: slop %d is not between 0 and %d", q.Phrase, q.Slop, MaxSlop)
	}
	return nil
}

// proximityTerm is one token of the phrase and its offset in it.
type proximityTerm struct {
	term   string
	offset int64
}

// Searcher analyses the phrase with the field's analyser and searches its
// terms, keeping the documents where they are close enough.
func (q *ProximityQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions,
) (search.Searcher, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	field := q.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(field))
	if analyzer == nil {
		return nil, fmt.Errorf("proximity %q: no analyser for field %q", q.Phrase, field)
	}
	tokens := analyzer.Analyze([]byte(q.Phrase))
	if len(tokens) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	terms := make([]proximityTerm, len(tokens))
	var distinct []string
	for i, t := range tokens {
		terms[i] = proximityTerm{term: string(t.Term), offset: int64(t.Position - tokens[0].Position)}
		if !slices.Contains(distinct, terms[i].term) {
			distinct = append(distinct, terms[i].term)
		}
	}
	// Positions come with term vectors, which every field a phrase can
	// search keeps (see mapping).
	options.IncludeTermVectors = true
	subs := make([]search.Searcher, 0, len(distinct))
	closeAll := func() {
		for _, s := range subs {
			_ = s.Close()
		}
	}
	for _, t := range distinct {
		s, err := searcher.NewTermSearcher(ctx, r, t, field, q.BoostVal.Value(), options)
		if err != nil {
			closeAll()
			return nil, err
		}
		subs = append(subs, s)
	}
	if len(terms) == 1 {
		return subs[0], nil
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, subs, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	slop := int64(q.Slop)
	return searcher.NewFilteringSearcher(ctx, conj, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		return withinSlop(d, field, terms, slop)
	}), nil
}

// withinSlop reports whether d has, in one value of field, an occurrence of
// every term whose spread is at most slop.
func withinSlop(d *search.DocumentMatch, field string, terms []proximityTerm, slop int64) bool {
	// lists[value][i]: the positions of term i in that field value, its
	// offset taken off. Values of a multi-valued field are told apart by
	// their array positions.
	type valueKey string
	lists := map[valueKey][][]int64{}
	add := func(term string, loc *search.Location) {
		key := valueKey(fmt.Sprint(loc.ArrayPositions))
		l := lists[key]
		if l == nil {
			l = make([][]int64, len(terms))
			lists[key] = l
		}
		for i, t := range terms {
			if t.term == term {
				l[i] = append(l[i], int64(loc.Pos)-t.offset)
			}
		}
	}
	for i := range d.FieldTermLocations {
		if ftl := &d.FieldTermLocations[i]; ftl.Field == field {
			add(ftl.Term, &ftl.Location)
		}
	}
	for term, locs := range d.Locations[field] {
		for _, loc := range locs {
			add(term, loc)
		}
	}
	for _, l := range lists {
		if spreadWithin(l, terms, slop) {
			return true
		}
	}
	return false
}

// spreadWithin finds one value from each list whose spread (max - min) is
// at most slop, by the smallest-range sweep: start at each list's least
// value and advance the list holding the minimum. A term repeated in the
// phrase must be matched at distinct positions; the sweep checks that on
// the windows it visits, so it can miss a match of such a phrase that
// only another choice of occurrences gives.
func spreadWithin(lists [][]int64, terms []proximityTerm, slop int64) bool {
	for _, l := range lists {
		if len(l) == 0 {
			return false
		}
		slices.Sort(l)
	}
	idx := make([]int, len(lists))
	for {
		lo, hi, minList := lists[0][idx[0]], lists[0][idx[0]], 0
		for i := 1; i < len(lists); i++ {
			v := lists[i][idx[i]]
			if v < lo {
				lo, minList = v, i
			}
			hi = max(hi, v)
		}
		if hi-lo <= slop && distinctPositions(lists, idx, terms) {
			return true
		}
		idx[minList]++
		if idx[minList] == len(lists[minList]) {
			return false
		}
	}
}

// distinctPositions reports whether the chosen occurrences of repeated
// terms are at different positions in the text.
func distinctPositions(lists [][]int64, idx []int, terms []proximityTerm) bool {
	for i := range terms {
		for j := i + 1; j < len(terms); j++ {
			if terms[i].term == terms[j].term &&
				lists[i][idx[i]]+terms[i].offset == lists[j][idx[j]]+terms[j].offset {
				return false
			}
		}
	}
	return true
}
