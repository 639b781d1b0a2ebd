package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
	qlang "github.com/searchd/searchd/query"
)

// Facet names a search can count by.
const (
	FacetCountry = "country"
	FacetGroup   = "group"
	FacetPerson  = "person"
	FacetPlace   = "place"
	FacetSource  = "source"
	FacetYear    = "year"
	FacetMonth   = "month"
)

// FacetNames lists every facet in display order.
var FacetNames = []string{FacetCountry, FacetGroup, FacetPerson, FacetPlace, FacetSource, FacetYear, FacetMonth}

// facetField is the keyword field each facet counts.
var facetField = map[string]string{
	FacetCountry: mapping.FieldCountry,
	FacetGroup:   mapping.FieldGroupExact,
	FacetPerson:  mapping.FieldPersonExact,
	FacetPlace:   mapping.FieldPlaceExact,
	FacetSource:  mapping.FieldSource,
	FacetYear:    mapping.FieldYear,
	FacetMonth:   mapping.FieldMonth,
}

// Sort orders.
const (
	SortRelevance     = "relevance"
	SortPublished     = "published_at"
	SortPublishedDesc = "-published_at"
)

// How the values of one facet's filter combine.
const (
	OpOr  = "or"
	OpAnd = "and"
)

// Histogram intervals.
const (
	IntervalAuto  = "auto"
	IntervalMonth = "month"
	IntervalYear  = "year"
)

// maxHistogramBuckets bounds the buckets a histogram returns (about 200 years by month).
const maxHistogramBuckets = 2400

// Query is a search: a query string, filters, facets and paging.
// Zero values mean: match all, no filter, no facets, relevance, page 1, size 10.
type Query struct {
	Q         string   `json:"q"`
	Countries []string `json:"country"`
	Groups    []string `json:"group"`
	Persons   []string `json:"person"`
	Places    []string `json:"place"`
	Sources   []string `json:"source"`
	// Per facet, how its values combine: "or" (the default: articles with
	// any of them) or "and" (articles with all of them).
	CountryOp     string   `json:"country_op,omitempty"`
	GroupOp       string   `json:"group_op,omitempty"`
	PersonOp      string   `json:"person_op,omitempty"`
	PlaceOp       string   `json:"place_op,omitempty"`
	From          string   `json:"from"`           // published_at >= start of this date (UTC)
	To            string   `json:"to"`             // published_at <= end of this date (UTC)
	MentionedFrom string   `json:"mentioned_from"` // a date mentioned in the text is >= start of this date
	MentionedTo   string   `json:"mentioned_to"`   // a date mentioned in the text is <= end of this date
	Facets        []string `json:"facets"`
	FacetSize     int      `json:"facet_size"`
	Histogram     string   `json:"histogram"`
	Sort          string   `json:"sort"`
	Page          int      `json:"page"`
	Size          *int     `json:"size"` // nil means 10; 0 returns facets only
	Highlight     *bool    `json:"highlight"`
	// Expand, nil or true, also matches a word or phrase of Q that names an
	// entity against the articles where that entity was extracted.
	Expand  *bool `json:"expand,omitempty"`
	NoCache bool  `json:"-"` // compute afresh, without reusing earlier results
}

// Result is the answer to a Query.
type Result struct {
	Total     uint64                  `json:"total"`
	TookMs    float64                 `json:"took_ms"`
	Page      int                     `json:"page"`
	Size      int                     `json:"size"`
	Hits      []Hit                   `json:"hits"`
	Facets    map[string][]FacetValue `json:"facets,omitempty"`
	FacetMeta map[string]FacetMeta    `json:"facet_meta,omitempty"`
	Histogram *Histogram              `json:"histogram,omitempty"`
	Sort      string                  `json:"sort"` // the order applied: relevance, published_at or -published_at
	// Interpreted lists the entities words or phrases of q were also
	// searched as ("IRGC": the group Islamic Revolutionary Guard Corps).
	Interpreted []qlang.Interpretation `json:"interpreted"`
	// DidYouMean, for a search without hits, is q with its words the index
	// does not hold replaced by the nearest ones it does.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Suggestions, for a search without hits, are entities named like the
	// words of q.
	Suggestions []Suggestion `json:"suggestions,omitempty"`
	Cached      bool         `json:"cached,omitempty"` // reused from an identical earlier search
}

// Hit is one matching article.
type Hit struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	URL         string              `json:"url,omitempty"`
	Source      string              `json:"source,omitempty"`
	PublishedAt time.Time           `json:"published_at"`
	Score       float64             `json:"score"`
	Highlights  map[string][]string `json:"highlights,omitempty"`
	Snippet     string              `json:"snippet,omitempty"` // plain text (escape it): the start of the body
	Entities    HitEntities         `json:"entities"`
}

// FacetValue is one value of a facet and the number of matching articles with it.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// FacetMeta says what a facet's value list leaves out.
type FacetMeta struct {
	Missing     int  `json:"missing"`     // matching articles with no value for the facet
	Other       int  `json:"other"`       // values counted beyond the returned ones
	Disjunctive bool `json:"disjunctive"` // counted without this facet's own filter
}

// Histogram counts matching articles over publication time.
type Histogram struct {
	Interval string   `json:"interval"`
	Buckets  []Bucket `json:"buckets"`
}

// Bucket is one period of a histogram.
type Bucket struct {
	Key   string    `json:"key"`   // "2024" or "2024-04"
	Start time.Time `json:"start"` // first instant of the period, UTC
	Count int       `json:"count"`
}

// plan is a validated query turned into Bleve parts.
type plan struct {
	main      query.Query
	parsed    query.Query            // the parsed query string, nil when matching all
	filters   map[string]query.Query // facet name -> its filter
	fixed     []query.Query          // filters no facet ignores (mentioned dates)
	published query.Query            // the from/to filter; the year and month facets ignore it
	histFrom  time.Time              // requested from, to fill the histogram's first buckets
	histTo    time.Time              // requested to (exclusive)
	facets    []string
	facetSize int
	histogram string
	sort      []string
	sortName  string // the order applied, for the response
	from      int
	size      int
	page      int
	highlight bool
	// positional: the query checks term positions (a phrase), which makes
	// iterating its matches expensive.
	positional  bool
	ast         qlang.Node             // q as parsed, nil when matching all
	interpreted []qlang.Interpretation // entities words of q were also read as
}

// CompileQueryString parses q in searchd's query language and compiles it
// to a Bleve query, resolving entity names with r; expand turns on
// entity-aware free text. Errors wrap ErrBadQuery (syntax, refused
// patterns), ErrInvalid (a bad value) or ErrTooLarge, with the
// *query.Error that says where.
func CompileQueryString(q string, r qlang.Resolver, lim Limits, expand bool) (qlang.Node, query.Query, []qlang.Interpretation, error) {
	n, err := qlang.ParseLimits(q, qlang.Limits{MaxLength: lim.MaxQueryLength})
	if err != nil {
		return nil, nil, nil, queryError(err)
	}
	bq, interpreted, err := qlang.Compile(n, r, qlang.Options{NoEntities: !expand})
	if err != nil {
		return nil, nil, nil, queryError(err)
	}
	return n, bq, interpreted, nil
}

// queryError gives a query package error the index's kind.
func queryError(err error) error {
	kind := ErrBadQuery
	switch {
	case qlang.IsKind(err, qlang.Invalid):
		kind = ErrInvalid
	case qlang.IsKind(err, qlang.TooLarge):
		kind = ErrTooLarge
	}
	return fmt.Errorf("%w: %w", err, kind)
}

func invalid(param, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %w", param, fmt.Sprintf(format, args...), ErrInvalid)
}

// compile validates q and builds its plan; every error names the parameter.
func (ix *Index) compile(q Query) (*plan, error) {
	p := &plan{filters: map[string]query.Query{}}
	if len(q.Q) > ix.limits.MaxQueryLength {
		return nil, invalid("q", "query is longer than %d bytes", ix.limits.MaxQueryLength)
	}
	if strings.TrimSpace(q.Q) == "" {
		p.main = bleve.NewMatchAllQuery()
	} else {
		ast, parsed, interpreted, err := CompileQueryString(q.Q, ix.names, ix.limits, q.Expand == nil || *q.Expand)
		if err != nil {
			return nil, err
		}
		p.positional = qlang.Positional(parsed)
		// The compiled tree is searched as is, so that guardExpensive can
		// tighten fuzzy clauses in place.
		p.main = parsed
		p.parsed = parsed
		p.ast = ast
		p.interpreted = interpreted
	}

	if n := len(q.Countries) + len(q.Groups) + len(q.Persons) + len(q.Places) + len(q.Sources); n > ix.limits.MaxFilterValues {
		return nil, invalid("filters", "%d filter values, at most %d allowed", n, ix.limits.MaxFilterValues)
	}

	// Facet filters: values OR'ed within a facet unless its op says "and",
	// facets AND'ed.
	ops := map[string]string{}
	for _, op := range []struct{ facet, param, value string }{
		{FacetCountry, "country_op", q.CountryOp},
		{FacetGroup, "group_op", q.GroupOp},
		{FacetPerson, "person_op", q.PersonOp},
		{FacetPlace, "place_op", q.PlaceOp},
	} {
		switch op.value {
		case "", OpOr:
		case OpAnd:
			ops[op.facet] = OpAnd
		default:
			return nil, invalid(op.param, "want %s or %s, got %q", OpOr, OpAnd, op.value)
		}
	}
	if len(q.Countries) > 0 {
		var codes []string
		for _, c := range q.Countries {
			code, err := ix.resolveCountry(c)
			if err != nil {
				return nil, err
			}
			codes = append(codes, code)
		}
		if ops[FacetCountry] == OpAnd {
			all := make([]query.Query, len(codes))
			for i, c := range codes {
				all[i] = anyTerm(mapping.FieldCountry, []string{c})
			}
			p.fixed = append(p.fixed, bleve.NewConjunctionQuery(all...))
		} else {
			p.filters[FacetCountry] = anyTerm(mapping.FieldCountry, codes)
		}
	}
	// Names by any form: a canonical value or alias matches exactly, and
	// any name also matches every value whose words contain its words in
	// order, ignoring case and accents (person=Maduro finds Nicolás Maduro,
	// not Madurova).
	for _, f := range []struct {
		name   string
		values []string
	}{
		{FacetGroup, q.Groups},
		{FacetPerson, q.Persons},
		{FacetPlace, q.Places},
		{FacetSource, q.Sources},
	} {
		if len(f.values) == 0 {
			continue
		}
		if err := nonEmpty(f.name, f.values); err != nil {
			return nil, err
		}
		if ops[f.name] != OpAnd {
			p.filters[f.name] = ix.names.NameFilter(f.name, f.values)
			continue
		}
		// All of the values: the facet is then counted under its own
		// filter (what else the articles with all of them mention), not
		// disjunctively.
		all := make([]query.Query, len(f.values))
		for i, v := range f.values {
			all[i] = ix.names.NameFilter(f.name, []string{v})
		}
		p.fixed = append(p.fixed, bleve.NewConjunctionQuery(all...))
	}

	// Date ranges: start inclusive, end exclusive at the end of the named period.
	for _, r := range []struct {
		field, fromName, toName string
		from, to                string
	}{
		{mapping.FieldPublishedAt, "from", "to", q.From, q.To},
		{mapping.FieldMentioned, "mentioned_from", "mentioned_to", q.MentionedFrom, q.MentionedTo},
	} {
		if r.from == "" && r.to == "" {
			continue
		}
		var start, end time.Time
		var err error
		if r.from != "" {
			if start, _, err = ParseDateBound(r.from); err != nil {
				return nil, invalid(r.fromName, "%v", err)
			}
		}
		if r.to != "" {
			if _, end, err = ParseDateBound(r.to); err != nil {
				return nil, invalid(r.toName, "%v", err)
			}
		}
		if !start.IsZero() && !end.IsZero() && !start.Before(end) {
			return nil, invalid(r.fromName, "%s is after %s %s", r.from, r.toName, r.to)
		}
		if r.field == mapping.FieldMentioned {
			p.fixed = append(p.fixed, mapping.DateOverlapQuery(r.field, start, end))
			continue
		}
		inclusive, exclusive := true, false
		drq := bleve.NewDateRangeInclusiveQuery(start, end, &inclusive, &exclusive)
		drq.SetField(r.field)
		p.published, p.histFrom, p.histTo = drq, start, end
	}

	for _, f := range q.Facets {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, ok := facetField[f]; !ok {
			return nil, invalid("facets", "unknown facet %q (known: %s)", f, strings.Join(FacetNames, ", "))
		}
		if !slices.Contains(p.facets, f) {
			p.facets = append(p.facets, f)
		}
	}
	p.facetSize = q.FacetSize
	if p.facetSize == 0 {
		p.facetSize = 10
	}
	if p.facetSize < 1 || p.facetSize > ix.limits.MaxFacetSize {
		return nil, invalid("facet_size", "must be between 1 and %d, got %d", ix.limits.MaxFacetSize, q.FacetSize)
	}
	switch q.Histogram {
	case "", IntervalAuto, IntervalMonth, IntervalYear:
		p.histogram = q.Histogram
	default:
		return nil, invalid("histogram", "want month, year or auto, got %q", q.Histogram)
	}
	p.sortName = q.Sort
	if p.sortName == "" {
		p.sortName = SortRelevance
		// Without words every article scores alike: "relevance" would be
		// an arbitrary order, and the newest first is what a reader expects.
		if p.parsed == nil {
			p.sortName = SortPublishedDesc
		}
	}
	switch p.sortName {
	case SortRelevance:
		// Score only: a tie-breaker field makes Bleve load it (and the
		// external id) for every hit, measured at 30-45% of query time.
		p.sort = []string{"-_score"}
	case SortPublished:
		p.sort = []string{mapping.FieldPublishedAt, "_id"}
	case SortPublishedDesc:
		p.sort = []string{"-" + mapping.FieldPublishedAt, "_id"}
	default:
		return nil, invalid("sort", "want relevance, published_at or -published_at, got %q", q.Sort)
	}
	p.size = 10
	if q.Size != nil {
		p.size = *q.Size
	}
	if p.size < 0 {
		return nil, invalid("size", "must be 0 or more, got %d", p.size)
	}
	// Capped, not refused: a client asking for more than the server gives
	// gets the most it may have, and the response's size says how many.
	p.size = min(p.size, ix.limits.MaxPageSize)
	p.page = q.Page
	if p.page == 0 {
		p.page = 1
	}
	if p.page < 1 {
		return nil, invalid("page", "must be 1 or more, got %d", q.Page)
	}
	// Divide rather than multiply: page*size can overflow.
	if p.size > 0 && p.page > ix.limits.MaxResultWindow/p.size {
		return nil, invalid("page", "page %d of size %d reaches past result %d; narrow the search instead",
			p.page, p.size, ix.limits.MaxResultWindow)
	}
	p.from = (p.page - 1) * p.size
	p.highlight = q.Highlight == nil || *q.Highlight
	return p, nil
}

func nonEmpty(param string, values []string) error {
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			return invalid(param, "empty value")
		}
	}
	return nil
}

// resolveCountry turns an ISO code, a name, an alias or a demonym into a code.
func (ix *Index) resolveCountry(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if _, ok := ix.ex.CountryName(strings.ToUpper(s)); ok {
			return strings.ToUpper(s), nil
		}
	}
	if code, _, ok := ix.ex.ResolveCountry(s); ok {
		return code, nil
	}
	return "", invalid("country", "unknown country %q (use an ISO code such as IR, or a name such as Iran)", s)
}

func anyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, 0, len(values))
	for _, v := range values {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		qs = append(qs, tq)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// ParseDateBound parses a date of year, month or day precision (2024,
// 2024-04, 2024-04-01) or an RFC 3339 instant, and returns the first instant
// of that period and the first instant after it, in UTC.
func ParseDateBound(s string) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(time.Nanosecond) }},
	} {
		if t, perr := time.Parse(f.layout, s); perr == nil {
			// Bleve stores datetimes as int64 nanoseconds since 1970.
			if t.Year() < 1678 || t.Year() > 2261 {
				return time.Time{}, time.Time{}, fmt.Errorf("%q is out of range: years 1678 to 2261 only", s)
			}
			return t.UTC(), f.next(t).UTC(), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339", s)
}

// isFiltered reports whether facet f has a filter of its own, which its
// counts must leave out.
func (p *plan) isFiltered(f string) bool {
	if _, ok := p.filters[f]; ok {
		return true
	}
	return p.published != nil && (f == FacetYear || f == FacetMonth)
}

// request builds a Bleve request with every filter except the one named skip.
func (p *plan) request(skip string, size, from int) *bleve.SearchRequest {
	must := []query.Query{p.main}
	for _, name := range FacetNames {
		if f, ok := p.filters[name]; ok && name != skip {
			must = append(must, f)
		}
	}
	if p.published != nil && skip != FacetYear && skip != FacetMonth {
		must = append(must, p.published)
	}
	must = append(must, p.fixed...)
	var q query.Query = must[0]
	if len(must) > 1 {
		q = bleve.NewConjunctionQuery(must...)
	}
	return bleve.NewSearchRequestOptions(q, size, from, false)
}

// histogramFacet names the month counts a histogram is built from.
const histogramFacet = "_histogram"

// facetSearch is one Bleve search of those a Search runs concurrently, and
// the facets it counts.
type facetSearch struct {
	req    *bleve.SearchRequest
	facets []string
}

// countRequest builds a request that counts matches, with every filter but
// the one named skip, and neither ranks nor returns them.
func (p *plan) countRequest(skip string) *bleve.SearchRequest {
	req := p.request(skip, 0, 0)
	req.Score = bleve.ScoreNone
	return req
}

// Search runs q and returns a page of hits with facet counts. Facets whose
// own filter is active are counted without it (disjunctive faceting), each
// in its own search run concurrently with the main one. Results and facet
// counts are reused until the next write unless q.NoCache is set.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	epoch := ix.writes.Load()
	useCache := !q.NoCache
	key := ""
	if useCache && ix.results != nil {
		key = resultKey(q)
		if r, ok := ix.results.get(key, epoch); ok {
			hit := *r
			hit.TookMs = msSince(start)
			hit.Cached = true
			return &hit, nil
		}
	}
	p, err := ix.compile(q)
	if err != nil {
		return nil, err
	}
	if p.parsed != nil {
		if err := ix.guardExpensive(ctx, p.parsed); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, fmt.Errorf("q: %v: %w", err, ErrBadQuery)
		}
	}
	main := p.request("", p.size, p.from)
	main.SortBy(p.sort)
	main.Fields = []string{mapping.FieldSummary}

	searches, facets, facetKeys := ix.planSearches(p, q, main, epoch, useCache)

	results := make([]*bleve.SearchResult, len(searches))
	errs := make([]error, len(results))
	var wg sync.WaitGroup
	for i, fs := range searches {
		wg.Go(func() {
			defer recoverInto(&errs[i])
			results[i], errs[i] = ix.bi.SearchInContext(ctx, fs.req)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("search: %w", ctxErr)
		}
		return nil, fmt.Errorf("search: %w", err)
	}

	res := results[0]
	if p.highlight && strings.TrimSpace(q.Q) != "" && len(res.Hits) > 0 {
		if err := ix.highlight(ctx, p, res.Hits); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("search: %w", ctxErr)
			}
			return nil, fmt.Errorf("highlight: %w", err)
		}
	}
	out := &Result{Total: res.Total, Page: p.page, Size: p.size, Sort: p.sortName, Hits: make([]Hit, 0, len(res.Hits)),
		Interpreted: p.interpreted}
	if out.Interpreted == nil {
		out.Interpreted = []qlang.Interpretation{}
	}
	if res.Total == 0 && p.ast != nil {
		ix.noDeadEnd(ctx, p.ast, out)
	}
	for _, h := range res.Hits {
		hit, err := decodeHit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	var histogram *search.FacetResult
	for i, fs := range searches {
		for _, f := range fs.facets {
			values, meta := ix.facetValues(f, results[i].Facets[f])
			facets[f] = cachedFacet{values: values, meta: meta}
			ix.facets.put(facetKeys[f], epoch, facets[f])
		}
		if fr, ok := results[i].Facets[histogramFacet]; ok {
			histogram = fr
		}
	}
	if len(p.facets) > 0 {
		out.Facets = make(map[string][]FacetValue, len(p.facets))
		out.FacetMeta = make(map[string]FacetMeta, len(p.facets))
	}
	for _, f := range p.facets {
		meta := facets[f].meta
		meta.Disjunctive = p.isFiltered(f)
		out.Facets[f] = facets[f].values
		out.FacetMeta[f] = meta
	}
	if p.histogram != "" {
		out.Histogram = buildHistogram(p.histogram, histogram, p.histFrom, p.histTo)
	}
	out.TookMs = msSince(start)
	if key != "" {
		ix.results.put(key, epoch, out)
	}
	return out, nil
}

// planSearches lists the Bleve searches a Search runs concurrently: main,
// which ranks the page, and those that count facets. Each facet is counted
// under the query and the filters it depends on: all of them, or all but its
// own. Counts already known are taken from the cache instead, into facets;
// facetKeys holds every facet's cache key.
func (ix *Index) planSearches(p *plan, q Query, main *bleve.SearchRequest, epoch uint64, useCache bool) (
	searches []facetSearch, facets map[string]cachedFacet, facetKeys map[string]string,
) {
	facets = make(map[string]cachedFacet, len(p.facets))
	facetKeys = make(map[string]string, len(p.facets))
	var shared []string // counted under every filter
	searches = []facetSearch{{req: main}}
	for _, f := range p.facets {
		scope := q
		if p.isFiltered(f) {
			scope = withoutFilter(q, f)
		}
		if ix.facets != nil { // no key to build when nothing is cached
			facetKeys[f] = facetKey(scope, f, p.facetSize)
		}
		if useCache {
			if c, ok := ix.facets.get(facetKeys[f], epoch); ok {
				facets[f] = c
				continue
			}
		}
		if p.isFiltered(f) {
			req := p.countRequest(f)
			req.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
			searches = append(searches, facetSearch{req: req, facets: []string{f}})
			continue
		}
		shared = append(shared, f)
	}
	var histFacet *bleve.FacetRequest
	if p.histogram != "" {
		histFacet = bleve.NewFacetRequest(mapping.FieldMonth, maxHistogramBuckets)
	}
	switch {
	case len(shared) == 0 && histFacet == nil:
	case p.positional && p.size > 0:
		// A phrase's matches are costly to find (term positions): they are
		// found once, and counted as they are ranked.
		searches[0].facets = shared
		for _, f := range shared {
			main.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
		}
		if histFacet != nil {
			main.AddFacet(histogramFacet, histFacet)
		}
	default:
		// Counting needs no scores, and most of its cost is reading each
		// facet's values: the facets are counted in two score-free requests
		// of their own, beside the one that ranks the page, so that a search
		// uses both cores.
		groups := [][]string{shared}
		if len(shared) > 1 && !p.positional { // a phrase's matches are found once
			half := (len(shared) + 1) / 2
			groups = [][]string{shared[:half], shared[half:]}
		}
		for i, g := range groups {
			counts := facetSearch{req: p.countRequest(""), facets: g}
			for _, f := range g {
				counts.req.AddFacet(f, bleve.NewFacetRequest(facetField[f], p.facetSize))
			}
			if i == len(groups)-1 && histFacet != nil {
				counts.req.AddFacet(histogramFacet, histFacet)
			}
			if i == 0 && p.size == 0 {
				searches[0] = counts // the counts give the total
				continue
			}
			searches = append(searches, counts)
		}
	}
	return searches, facets, facetKeys
}

// highlight sets the fragments of a page of hits, found by a second search
// restricted to them: highlighting the ranked search would make Bleve read
// the term positions of every match instead of those of the page.
func (ix *Index) highlight(ctx context.Context, p *plan, hits []*search.DocumentMatch) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), p.main)
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField(mapping.FieldTitle)
	req.Highlight.AddField(mapping.FieldBody)
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	fragments := make(map[string]search.FieldFragmentMap, len(res.Hits))
	for _, h := range res.Hits {
		fragments[h.ID] = h.Fragments
	}
	for _, h := range hits {
		h.Fragments = fragments[h.ID]
	}
	return nil
}

func decodeHit(h *search.DocumentMatch) (Hit, error) {
	raw, _ := h.Fields[mapping.FieldSummary].(string)
	var s summary
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return Hit{}, fmt.Errorf("decode summary of %q: %w", h.ID, err)
	}
	hit := Hit{ID: h.ID, Title: s.Title, URL: s.URL, Source: s.Source, PublishedAt: s.PublishedAt,
		Score: h.Score, Snippet: s.Snippet, Entities: s.Entities}
	if len(h.Fragments) > 0 {
		hit.Highlights = make(map[string][]string, len(h.Fragments))
		for field, frags := range h.Fragments {
			trimmed := make([]string, len(frags))
			for i, f := range frags {
				trimmed[i] = trimFragment(f)
			}
			hit.Highlights[field] = trimmed
		}
	}
	return hit, nil
}

// facetValues turns a Bleve facet result into labelled values, most frequent first.
func (ix *Index) facetValues(name string, fr *search.FacetResult) ([]FacetValue, FacetMeta) {
	values := []FacetValue{}
	if fr == nil {
		return values, FacetMeta{}
	}
	if fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			values = append(values, FacetValue{Value: t.Term, Label: ix.label(name, t.Term), Count: t.Count})
		}
	}
	sort.SliceStable(values, func(i, j int) bool {
		if values[i].Count != values[j].Count {
			return values[i].Count > values[j].Count
		}
		return values[i].Value < values[j].Value
	})
	return values, FacetMeta{Missing: fr.Missing, Other: fr.Other}
}

// label is the display form of a facet value.
func (ix *Index) label(facet, value string) string {
	switch facet {
	case FacetCountry:
		if name, ok := ix.ex.CountryName(value); ok {
			return name
		}
	case FacetMonth:
		if t, err := time.Parse("2006-01", value); err == nil {
			return t.Format("January 2006")
		}
	}
	return value
}

// buildHistogram turns month counts into contiguous buckets of the interval.
// A requested from/to range widens the buckets to cover it, so a timeline
// shows the whole period asked for, empty months included.
func buildHistogram(interval string, fr *search.FacetResult, from, to time.Time) *Histogram {
	counts := map[time.Time]int{}
	var lo, hi time.Time
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			m, err := time.Parse("2006-01", t.Term)
			if err != nil {
				continue
			}
			counts[m] += t.Count
			if lo.IsZero() || m.Before(lo) {
				lo = m
			}
			if hi.IsZero() || m.After(hi) {
				hi = m
			}
		}
	}
	if !lo.IsZero() || !from.IsZero() && !to.IsZero() {
		if !from.IsZero() {
			lo = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		if !to.IsZero() {
			last := to.Add(-time.Nanosecond)
			hi = time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		if !lo.IsZero() && !hi.IsZero() && hi.Before(lo) {
			lo, hi = time.Time{}, time.Time{}
		}
		if lo.IsZero() || hi.IsZero() {
			lo, hi = time.Time{}, time.Time{} // nothing matched and the range is open
		}
	}
	// Months over a span longer than the bucket cap become years.
	if interval == IntervalMonth && !lo.IsZero() && monthsBetween(lo, hi) >= maxHistogramBuckets {
		interval = IntervalYear
	}
	if interval == IntervalAuto {
		interval = IntervalMonth
		if !lo.IsZero() && hi.Sub(lo) > 3*365*24*time.Hour {
			interval = IntervalYear
		}
	}
	h := &Histogram{Interval: interval, Buckets: []Bucket{}}
	if lo.IsZero() {
		return h
	}
	step := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	layout := "2006-01"
	if interval == IntervalYear {
		yearly := map[time.Time]int{}
		for m, c := range counts {
			yearly[time.Date(m.Year(), 1, 1, 0, 0, 0, 0, time.UTC)] += c
		}
		counts = yearly
		lo = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		hi = time.Date(hi.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
		layout = "2006"
	}
	for t := lo; !t.After(hi) && len(h.Buckets) < maxHistogramBuckets; t = step(t) {
		h.Buckets = append(h.Buckets, Bucket{Key: t.Format(layout), Start: t, Count: counts[t]})
	}
	return h
}

// EntityTypes are the types Entities can list.
var EntityTypes = []string{FacetCountry, FacetGroup, FacetPerson, FacetPlace, FacetSource}

// maxEntityScan bounds how many distinct values Entities reads for one type.
const maxEntityScan = 100000

// allEntities counts every value of an entity type, reusing the counts
// until the next write: a find box asks again at every keystroke.
func (ix *Index) allEntities(ctx context.Context, typ, field string) ([]FacetValue, error) {
	epoch := ix.writes.Load()
	key := "entities\x00" + typ
	if c, ok := ix.facets.get(key, epoch); ok {
		return c.values, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	req.Score = bleve.ScoreNone
	req.AddFacet(typ, bleve.NewFacetRequest(field, maxEntityScan))
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("entities: %w", ctxErr)
		}
		return nil, fmt.Errorf("entities: %w", err)
	}
	values, meta := ix.facetValues(typ, res.Facets[typ])
	ix.facets.put(key, epoch, cachedFacet{values: values, meta: meta})
	return values, nil
}

// Entities lists the known values of one entity type with their article
// counts, most frequent first. A non-empty prefix keeps values whose value,
// label or any word of them starts with it, ignoring case and accents.
func (ix *Index) Entities(ctx context.Context, typ, prefix string, size int) ([]FacetValue, error) {
	field, ok := facetField[typ]
	if !ok || !slices.Contains(EntityTypes, typ) {
		return nil, invalid("type", "want one of %s, got %q", strings.Join(EntityTypes, ", "), typ)
	}
	if size == 0 {
		size = 20
	}
	if size < 1 || size > ix.limits.MaxFacetSize {
		return nil, invalid("size", "must be between 1 and %d, got %d", ix.limits.MaxFacetSize, size)
	}
	if extract.Fold(prefix) != "" && slices.Contains(SuggestTypes, typ) {
		// Aliases count: "irgc" lists the Islamic Revolutionary Guard
		// Corps, "Iranian" Iran.
		found, err := ix.Suggest(ctx, prefix, []string{typ}, size)
		if err != nil {
			return nil, err
		}
		out := make([]FacetValue, len(found))
		for i, s := range found {
			out[i] = FacetValue{Value: s.Value, Label: s.Label, Count: s.Count}
		}
		return out, nil
	}
	all, err := ix.allEntities(ctx, typ, field)
	if err != nil {
		return nil, err
	}
	want := extract.Fold(prefix)
	out := []FacetValue{}
	for _, v := range all {
		if want == "" || matchesPrefix(v.Value, want) || matchesPrefix(v.Label, want) {
			out = append(out, v)
			if len(out) == size {
				break
			}
		}
	}
	return out, nil
}

func matchesPrefix(s, foldedPrefix string) bool {
	f := extract.Fold(s)
	if strings.HasPrefix(f, foldedPrefix) {
		return true
	}
	for i := 0; i < len(f); i++ {
		if (f[i] == ' ' || f[i] == '-') && strings.HasPrefix(f[i+1:], foldedPrefix) {
			return true
		}
	}
	return false
}

// ellipsis is what Bleve's fragmenter puts where it cut the text.
const ellipsis = "…"

// trimFragment drops the partial words Bleve's fixed-size fragmenter leaves
// at a cut ("…greed on Monday" becomes "… on Monday"), never touching a
// <mark> element or an HTML entity.
func trimFragment(f string) string {
	if rest, ok := strings.CutPrefix(f, ellipsis); ok {
		if i := strings.IndexAny(rest, " \n"); i > 0 && i < 40 && !strings.ContainsAny(rest[:i], "<&") {
			f = ellipsis + rest[i:]
		}
	}
	if rest, ok := strings.CutSuffix(f, ellipsis); ok {
		if i := strings.LastIndexAny(rest, " \n"); i >= 0 && len(rest)-i < 40 && !strings.ContainsAny(rest[i:], "<>&;") {
			f = rest[:i] + " " + ellipsis
		}
	}
	return f
}

// recoverInto turns a panic in a worker goroutine into an error: a panic
// there is out of reach of the HTTP server's recovery and would end the
// process.
func recoverInto(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("internal error: %v", v)
	}
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
