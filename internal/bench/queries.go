package bench

import (
	"cmp"
	"context"
	"math/rand/v2"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/searchd/searchd/client"
	"github.com/searchd/searchd/index"
)

// Query kinds of the fixed mix.
const (
	KindKeyword      = "keyword"
	KindKeyword1F    = "keyword+1filter"
	KindKeyword2F    = "keyword+2filters"
	KindPhrase       = "phrase"
	KindPhrase1F     = "phrase+1filter"
	KindPhrase2F     = "phrase+2filters"
	KindPeer         = "peer-keywords"
	KindPeerCountry  = "peer-keywords+country"
	benchFacetsParam = "country,group,person,year"
	peerFacetsParam  = "country,group"
)

// Query mixes.
const (
	MixNews = "news" // keywords and phrases, 0-2 filters, four facets, highlights
	MixPeer = "peer" // as the peer measurements: 1-3 keywords, half with a country filter, two facets
)

// Kinds lists the query kinds in the order the mix cycles through them.
var Kinds = []string{KindKeyword, KindKeyword1F, KindKeyword2F, KindPhrase, KindPhrase1F, KindPhrase2F}

// QuerySpec is one query of the benchmark mix, as the service and the raw
// reference both run it: top 10 by relevance, with highlights, always with
// the country, group, person and year facets.
type QuerySpec struct {
	Kind      string   `json:"kind"`
	Q         string   `json:"q"`
	Countries []string `json:"country,omitempty"`
	Groups    []string `json:"group,omitempty"`
	Persons   []string `json:"person,omitempty"`
	Facets    []string `json:"facets"`
	// NoHighlight asks for hits without highlights.
	NoHighlight bool `json:"no_highlight,omitempty"`
}

// Request is the query as the Go client sends it: a page of 10 hits.
func (q QuerySpec) Request() client.SearchRequest {
	r := client.SearchRequest{Q: q.Q, Countries: q.Countries, Groups: q.Groups, Persons: q.Persons, Facets: q.Facets, Size: new(10)}
	if q.NoHighlight {
		r.Highlight = new(false)
	}
	return r
}

// Values is the query as URL parameters of GET /api/v1/search.
func (q QuerySpec) Values() url.Values { return q.Request().Values() }

// IndexQuery is the query as index.Search takes it.
func (q QuerySpec) IndexQuery() index.Query {
	highlight := !q.NoHighlight
	return index.Query{Q: q.Q, Countries: q.Countries, Groups: q.Groups, Persons: q.Persons, Facets: q.Facets, Highlight: &highlight}
}

// EntityCounts counts, per facet, how many articles carry each value.
type EntityCounts struct {
	Countries map[string]int
	Groups    map[string]int
	Persons   map[string]int
}

// NewEntityCounts returns empty counts.
func NewEntityCounts() *EntityCounts {
	return &EntityCounts{Countries: map[string]int{}, Groups: map[string]int{}, Persons: map[string]int{}}
}

// Add counts the entities of one article.
func (c *EntityCounts) Add(e index.Entities) {
	for _, x := range e.Countries {
		c.Countries[x.Value]++
	}
	for _, x := range e.Groups {
		c.Groups[x.Value]++
	}
	for _, x := range e.Persons {
		c.Persons[x.Value]++
	}
}

// top returns the k most frequent keys, ties broken by key.
func top(m map[string]int, k int) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys[:min(k, len(keys))]
}

// BuildQueries makes the fixed query mix: n queries cycling through Kinds.
// Keywords are words of vocabulary ranks 40 to 2,000 (below the stop words,
// frequent enough to match many articles), 1 to 3 of them, all required;
// phrases are collocations the generator writes; filters take values among
// the 30 most frequent countries, groups and persons of the corpus.
func BuildQueries(words, phrases []string, counts *EntityCounts, n int, seed uint64) []QuerySpec {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	lo, hi := min(40, len(words)-1), min(2000, len(words))
	word := func() string { return words[lo+r.IntN(max(hi-lo, 1))] }
	countries, groups, persons := top(counts.Countries, 30), top(counts.Groups, 30), top(counts.Persons, 30)
	pickFrom := func(list []string) []string {
		if len(list) == 0 {
			return nil
		}
		return []string{list[r.IntN(len(list))]}
	}
	facets := strings.Split(benchFacetsParam, ",")
	out := make([]QuerySpec, 0, n)
	for i := range n {
		kind := Kinds[i%len(Kinds)]
		q := QuerySpec{Kind: kind, Facets: facets}
		if strings.HasPrefix(kind, "phrase") {
			q.Q = `"` + phrases[r.IntN(len(phrases))] + `"`
		} else {
			k := 1 + r.IntN(3)
			terms := make([]string, 0, k)
			for len(terms) < k {
				if w := word(); !slices.Contains(terms, "+"+w) {
					terms = append(terms, "+"+w)
				}
			}
			if k == 1 {
				terms[0] = strings.TrimPrefix(terms[0], "+")
			}
			q.Q = strings.Join(terms, " ")
		}
		if strings.HasSuffix(kind, "filter") || strings.HasSuffix(kind, "filters") {
			q.Countries = pickFrom(countries)
		}
		if strings.HasSuffix(kind, "2filters") {
			if strings.HasPrefix(kind, "phrase") || len(groups) == 0 {
				q.Persons = pickFrom(persons)
			} else {
				q.Groups = pickFrom(groups)
			}
		}
		out = append(out, q)
	}
	return out
}

// BuildPeerQueries makes a mix like the one the peer figures were
// measured with: n queries of 1 to 3 required keywords (vocabulary ranks 40
// to 2,000), every other one filtered by one of the 30 most frequent
// countries, each counting the country and group facets, top 10, no
// highlights.
func BuildPeerQueries(words []string, counts *EntityCounts, n int, seed uint64) []QuerySpec {
	r := rand.New(rand.NewPCG(seed, 0x243f6a8885a308d3))
	lo, hi := min(40, len(words)-1), min(2000, len(words))
	countries := top(counts.Countries, 30)
	facets := strings.Split(peerFacetsParam, ",")
	out := make([]QuerySpec, 0, n)
	for i := range n {
		k := 1 + r.IntN(3)
		terms := make([]string, 0, k)
		for len(terms) < k {
			if w := "+" + words[lo+r.IntN(max(hi-lo, 1))]; !slices.Contains(terms, w) {
				terms = append(terms, w)
			}
		}
		q := QuerySpec{Kind: KindPeer, Q: strings.Join(terms, " "), Facets: facets, NoHighlight: true}
		if i%2 == 1 && len(countries) > 0 {
			q.Kind = KindPeerCountry
			q.Countries = []string{countries[r.IntN(len(countries))]}
		}
		out = append(out, q)
	}
	return out
}

// kindsOf lists the kinds of a mix in the order they first appear.
func kindsOf(qs []QuerySpec) []string {
	var kinds []string
	for _, q := range qs {
		if !slices.Contains(kinds, q.Kind) {
			kinds = append(kinds, q.Kind)
		}
	}
	return kinds
}

// Latency summarises one query run.
type Latency struct {
	Clients  int     `json:"clients"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Mean     float64 `json:"mean_ms"`
	Max      float64 `json:"max_ms"`
	QPS      float64 `json:"qps"`
	Seconds  float64 `json:"seconds"`
}

// percentile returns the p-quantile (0..1) of sorted values, nearest rank.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// summarize computes percentiles of latencies in milliseconds.
func summarize(ms []float64, clients, errs int, wall time.Duration) Latency {
	s := slices.Clone(ms)
	sort.Float64s(s)
	l := Latency{Clients: clients, Requests: len(s), Errors: errs, Seconds: wall.Seconds()}
	if len(s) == 0 {
		return l
	}
	var sum float64
	for _, v := range s {
		sum += v
	}
	l.P50, l.P95, l.P99 = percentile(s, 0.50), percentile(s, 0.95), percentile(s, 0.99)
	l.Mean, l.Max = sum/float64(len(s)), s[len(s)-1]
	if wall > 0 {
		l.QPS = float64(len(s)) / wall.Seconds()
	}
	return l
}

// LoadResult is a query run: all queries, and per query kind.
type LoadResult struct {
	All    Latency            `json:"all"`
	ByKind map[string]Latency `json:"by_kind"`
}

// RunLoad runs every query rounds times on each of clients goroutines (each
// client starting at a different offset of the mix) and returns latencies.
func RunLoad(ctx context.Context, qs []QuerySpec, clients, rounds int, do func(context.Context, QuerySpec) error) LoadResult {
	clients, rounds = max(clients, 1), max(rounds, 1)
	type sample struct {
		kind string
		ms   float64
	}
	lat := make([][]sample, clients)
	errs := make([]int, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			off := c * len(qs) / clients
			for range rounds {
				for i := range qs {
					if ctx.Err() != nil {
						return
					}
					q := qs[(off+i)%len(qs)]
					t := time.Now()
					err := do(ctx, q)
					d := time.Since(t)
					if err != nil {
						errs[c]++
						continue
					}
					lat[c] = append(lat[c], sample{q.Kind, float64(d.Microseconds()) / 1000})
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	var all []float64
	byKind := map[string][]float64{}
	nerr := 0
	for c := range clients {
		for _, s := range lat[c] {
			all = append(all, s.ms)
			byKind[s.kind] = append(byKind[s.kind], s.ms)
		}
		nerr += errs[c]
	}
	res := LoadResult{All: summarize(all, clients, nerr, wall), ByKind: map[string]Latency{}}
	for k, v := range byKind {
		res.ByKind[k] = summarize(v, clients, 0, 0)
	}
	return res
}
