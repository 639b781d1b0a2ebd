package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/mapping"
)

// The raw-Bleve reference indexes the documents the service builds, with
// the entities already extracted, through Bleve's batch API, and searches
// with the Bleve requests the service sends. Request construction
// mirrors index.(*plan).request, which is unexported;
// TestRawMatchesService keeps the two in step. Documents are built by
// index.BuildDocument itself.

// GroupEntities sorts a flat entity list into an article's per-type lists.
func GroupEntities(list []extract.Entity) index.Entities { return index.GroupEntities(list) }

// RawDocument builds the field map the service indexes for an article whose
// entities are filled in: exactly index.BuildDocument.
func RawDocument(a index.Article) (map[string]any, error) {
	return rawDocument(a, Variant{})
}

// Variant is an experimental change to the raw reference, to measure what
// a change of the service's mapping or settings would gain.
type Variant struct {
	NoStoredJSON   bool // no stored article JSON at all (size bound)
	NoSummary      bool // no stored hit summary (size bound)
	NoMentioned    bool // no datetime field of the dates the text mentions (size bound)
	NoEntityText   bool // no text fields of entity names (person, group, place, country_name; size bound)
	UnsafeBatch    bool // Scorch unsafe_batch: Batch returns before the segment is persisted
	ForceMerge     bool // merge the index into one segment after ingestion, before the queries
	NoFieldVectors bool // title and body without term vectors (highlighting then finds nothing; size bound)
	ScoreSort      bool // queries sort by score only, without the published_at and _id tie-breakers
	NoFacets       bool // queries ask no facets (and run no disjunctive facet searches)
	NoHighlight    bool // queries ask no highlights
}

// variantSwitches names each switch of a Variant as ParseVariant reads it.
func variantSwitches(v *Variant) []struct {
	name string
	on   *bool
} {
	return []struct {
		name string
		on   *bool
	}{
		{"no-stored-json", &v.NoStoredJSON}, {"no-summary", &v.NoSummary}, {"no-mentioned", &v.NoMentioned},
		{"no-entity-text", &v.NoEntityText}, {"unsafe-batch", &v.UnsafeBatch}, {"force-merge", &v.ForceMerge},
		{"no-field-vectors", &v.NoFieldVectors}, {"score-sort", &v.ScoreSort}, {"no-facets", &v.NoFacets},
		{"no-highlight", &v.NoHighlight},
	}
}

// VariantNames lists the names ParseVariant knows, comma-separated.
func VariantNames() string {
	var names []string
	for _, s := range variantSwitches(&Variant{}) {
		names = append(names, s.name)
	}
	return strings.Join(names, ", ")
}

// ParseVariant reads a comma-separated list of variant names (VariantNames).
func ParseVariant(s string) (Variant, error) {
	var v Variant
	switches := variantSwitches(&v)
next:
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		for _, sw := range switches {
			if sw.name == name {
				*sw.on = true
				continue next
			}
		}
		return v, fmt.Errorf("unknown raw variant %q (known: %s)", name, VariantNames())
	}
	return v, nil
}

func rawDocument(a index.Article, v Variant) (map[string]any, error) {
	doc, err := index.BuildDocument(a)
	if err != nil {
		return nil, err
	}
	if v.NoStoredJSON {
		delete(doc, mapping.FieldStored)
	}
	if v.NoSummary {
		delete(doc, mapping.FieldSummary)
	}
	if v.NoMentioned {
		delete(doc, mapping.FieldMentioned)
	}
	if v.NoEntityText {
		for _, f := range []string{mapping.FieldPerson, mapping.FieldGroup, mapping.FieldPlace, mapping.FieldCountryName} {
			delete(doc, f)
		}
	}
	return doc, nil
}

// OpenRaw creates a Scorch index with searchd's mapping at path, or in
// memory when path is empty.
func OpenRaw(path string) (bleve.Index, error) {
	return openRaw(path, Variant{})
}

func openRaw(path string, v Variant) (bleve.Index, error) {
	im, err := mapping.New()
	if err != nil {
		return nil, err
	}
	for _, name := range []string{mapping.FieldTitle, mapping.FieldBody} {
		for _, fm := range im.DefaultMapping.Properties[name].Fields {
			if v.NoFieldVectors {
				fm.IncludeTermVectors = false
			}
		}
	}
	if path == "" {
		bi, err := bleve.NewUsing("", im, "scorch", "scorch", nil)
		if err != nil {
			return nil, fmt.Errorf("create in-memory raw index: %w", err)
		}
		return bi, nil
	}
	var cfg map[string]any
	if v.UnsafeBatch {
		cfg = map[string]any{"unsafe_batch": true}
	}
	bi, err := bleve.NewUsing(path, im, "scorch", "scorch", cfg)
	if err != nil {
		return nil, fmt.Errorf("create raw index: %w", err)
	}
	return bi, nil
}

// IngestTimes splits the raw ingestion time.
type IngestTimes struct {
	Articles int           `json:"articles"`
	Total    time.Duration `json:"total_ns"`
	Decode   time.Duration `json:"decode_ns"` // JSON decoding of the pre-extracted articles
	Build    time.Duration `json:"build_ns"`  // RawDocument and Batch.Index (mapping walk and analysis)
	Commit   time.Duration `json:"commit_ns"` // bleve.Index.Batch: segment building and persistence
}

// RawIngest reads pre-extracted articles (index.Article JSON, one a line)
// and indexes them in batches of batchSize with one writer, as a plain
// Bleve application would.
func RawIngest(ctx context.Context, bi bleve.Index, r io.Reader, batchSize int) (IngestTimes, error) {
	return rawIngest(ctx, bi, r, batchSize, Variant{})
}

func rawIngest(ctx context.Context, bi bleve.Index, r io.Reader, batchSize int, v Variant) (IngestTimes, error) {
	var t IngestTimes
	start := time.Now()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	b := bi.NewBatch()
	commit := func() error {
		if b.Size() == 0 {
			return nil
		}
		c := time.Now()
		if err := bi.Batch(b); err != nil {
			return fmt.Errorf("raw batch: %w", err)
		}
		t.Commit += time.Since(c)
		b.Reset()
		return nil
	}
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return t, err
		}
		s := time.Now()
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return t, fmt.Errorf("decode extracted article %d: %w", t.Articles+1, err)
		}
		d := time.Now()
		t.Decode += d.Sub(s)
		doc, err := rawDocument(a, v)
		if err != nil {
			return t, err
		}
		if err := b.Index(a.ID, doc); err != nil {
			return t, fmt.Errorf("raw index %q: %w", a.ID, err)
		}
		t.Build += time.Since(d)
		t.Articles++
		if b.Size() >= batchSize {
			if err := commit(); err != nil {
				return t, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return t, fmt.Errorf("read extracted articles: %w", err)
	}
	if err := commit(); err != nil {
		return t, err
	}
	t.Total = time.Since(start)
	return t, nil
}

// RawSearcher runs a QuerySpec against a raw Bleve index with the requests
// the service would send: the main search with highlights, the summary field
// and the facets not filtered on, plus one concurrent search per facet whose
// own filter is active (disjunctive faceting).
type RawSearcher struct {
	BI      bleve.Index
	Ex      *extract.Extractor
	Variant Variant // query-time experiments; zero: as the service

	resolver *index.Resolver
}

// NewRawSearcher returns a reference searcher of bi, resolving names with ex
// as the service does.
func NewRawSearcher(bi bleve.Index, ex *extract.Extractor, variant Variant) *RawSearcher {
	return &RawSearcher{BI: bi, Ex: ex, Variant: variant, resolver: index.NewResolver(ex)}
}

// names returns the resolver the service compiles queries and filters with.
func (rs *RawSearcher) names() *index.Resolver { return rs.resolver }

var rawFacetField = map[string]string{
	index.FacetCountry: mapping.FieldCountry,
	index.FacetGroup:   mapping.FieldGroupExact,
	index.FacetPerson:  mapping.FieldPersonExact,
	index.FacetPlace:   mapping.FieldPlaceExact,
	index.FacetSource:  mapping.FieldSource,
	index.FacetYear:    mapping.FieldYear,
	index.FacetMonth:   mapping.FieldMonth,
}

// RawResult is what a raw search found, for comparison with the service.
type RawResult struct {
	Total  uint64
	IDs    []string
	Scores []float64
	Facets map[string]map[string]int
}

// Search runs q. Only the filters the benchmark uses (country, group,
// person) are supported.
func (rs *RawSearcher) Search(ctx context.Context, q QuerySpec) (*RawResult, error) {
	var main query.Query = bleve.NewMatchAllQuery()
	if q.Q != "" {
		_, parsed, _, err := index.CompileQueryString(q.Q, rs.names(), index.DefaultLimits(), true)
		if err != nil {
			return nil, fmt.Errorf("parse %q: %w", q.Q, err)
		}
		main = parsed
	}
	filters := map[string]query.Query{}
	if len(q.Countries) > 0 {
		var codes []string
		for _, c := range q.Countries {
			code, _, ok := rs.Ex.ResolveCountry(c)
			if !ok {
				return nil, fmt.Errorf("unknown country %q", c)
			}
			codes = append(codes, code)
		}
		filters[index.FacetCountry] = index.AnyTerm(mapping.FieldCountry, codes)
	}
	if len(q.Groups) > 0 {
		filters[index.FacetGroup] = rs.names().NameFilter(rs.BI, index.FacetGroup, q.Groups)
	}
	if len(q.Persons) > 0 {
		filters[index.FacetPerson] = rs.names().NameFilter(rs.BI, index.FacetPerson, q.Persons)
	}
	request := func(skip string, size int) *bleve.SearchRequest {
		must := []query.Query{main}
		for _, name := range index.FacetNames {
			if f, ok := filters[name]; ok && name != skip {
				must = append(must, f)
			}
		}
		var qq query.Query = must[0]
		if len(must) > 1 {
			qq = bleve.NewConjunctionQuery(must...)
		}
		return bleve.NewSearchRequestOptions(qq, size, 0, false)
	}
	mainReq := request("", 10)
	// The service sorts by score only (index.compile); so does the reference.
	mainReq.SortBy([]string{"-_score"})
	mainReq.Fields = []string{mapping.FieldSummary}
	if q.Q != "" && !rs.Variant.NoHighlight && !q.NoHighlight {
		mainReq.Highlight = bleve.NewHighlightWithStyle(html.Name)
		mainReq.Highlight.AddField(mapping.FieldTitle)
		mainReq.Highlight.AddField(mapping.FieldBody)
	}
	var disj []string
	facets := q.Facets
	if rs.Variant.NoFacets {
		facets = nil
	}
	for _, f := range facets {
		if _, filtered := filters[f]; filtered {
			disj = append(disj, f)
			continue
		}
		mainReq.AddFacet(f, bleve.NewFacetRequest(rawFacetField[f], 10))
	}
	results := make([]*bleve.SearchResult, 1+len(disj))
	errs := make([]error, len(results))
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			req := mainReq
			if i > 0 {
				f := disj[i-1]
				req = request(f, 0)
				req.AddFacet(f, bleve.NewFacetRequest(rawFacetField[f], 10))
			}
			results[i], errs[i] = rs.BI.SearchInContext(ctx, req)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("raw search: %w", err)
	}
	out := &RawResult{Total: results[0].Total, Facets: map[string]map[string]int{}}
	for _, h := range results[0].Hits {
		out.IDs = append(out.IDs, h.ID)
		out.Scores = append(out.Scores, h.Score)
	}
	for i, res := range results {
		for name, fr := range res.Facets {
			if i > 0 && name != disj[i-1] {
				continue
			}
			m := map[string]int{}
			if fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					m[t.Term] = t.Count
				}
			}
			out.Facets[name] = m
		}
	}
	return out, nil
}

// vmHWM reads the peak resident set size of a process from /proc, in bytes;
// pid 0 means this process. It returns 0 where /proc is unavailable.
func vmHWM(pid int) int64 { return procStatus(pid, "VmHWM") }

// procStatus reads a "Key: N kB" line of /proc/<pid>/status, in bytes; pid 0
// means this process. It returns 0 where /proc is unavailable.
func procStatus(pid int, key string) int64 {
	path := "/proc/self/status"
	if pid > 0 {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int64
		if n, _ := fmt.Sscanf(sc.Text(), key+": %d kB", &kb); n == 1 {
			return kb * 1024
		}
	}
	return 0
}

// anonSampler records the peak of a process's anonymous resident memory
// (RssAnon: heap, stacks; not the index files Bleve maps, which VmHWM
// counts and the kernel can drop at will), sampled every 200 ms.
type anonSampler struct {
	peak atomic.Int64
	stop chan struct{}
	done chan struct{}
}

func sampleAnon(pid int) *anonSampler {
	s := &anonSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			if v := procStatus(pid, "RssAnon"); v > s.peak.Load() {
				s.peak.Store(v)
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Peak returns the highest anonymous resident memory seen so far, in bytes.
func (s *anonSampler) Peak() int64 { return s.peak.Load() }

// Stop ends sampling and returns the peak.
func (s *anonSampler) Stop() int64 {
	close(s.stop)
	<-s.done
	return s.peak.Load()
}

// forceMerge merges a Scorch index into a single segment.
func forceMerge(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("force merge: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("force merge: not a scorch index (%T)", adv)
	}
	if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return fmt.Errorf("force merge: %w", err)
	}
	return nil
}
