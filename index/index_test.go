package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/internal/fakeextract"
)

// corpus is a small known world: ids, publication times (UTC unless stated)
// and the entities the fake extractor will find.
var corpus = []string{
	`{"id":"a1","title":"Iran and the IRGC","body":"Iranian officials in Tehran met the Quds Force. Iran again.","source":"Wire","published_at":"2023-12-31T23:30:00Z"}`,
	`{"id":"a2","title":"Damascus talks","body":"Talks in Damascus with Hezbollah and Iran.","source":"Wire","published_at":"2024-01-01T00:15:00Z"}`,
	`{"id":"a3","title":"Mexico and the Quds Force","body":"The Quds Force in Mexico, said U.S. officials.","source":"Ledger","published_at":"2024-02-29T12:00:00+03:00"}`,
	`{"id":"a4","title":"Maduro speaks","body":"Nicolás Maduro spoke about Russia and the U.S. on 2024-03-01.","source":"Ledger","published_at":"2024-03-01"}`,
	`{"id":"a5","title":"Israel and Syria","body":"Israel struck near Damascus; Syria protested. Hezbollah replied.","source":"Courier","published_at":"2025-06-15T08:00:00Z"}`,
	`{"id":"a6","title":"Weather","body":"A quiet day with light rain and mild winds.","source":"Courier","published_at":"2025-06-16T08:00:00Z"}`,
}

func newTestIndex(t *testing.T, path string) *Index {
	t.Helper()
	ix, err := Open(Options{Path: path, BatchSize: 2}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

func loadCorpus(t *testing.T, ix *Index) {
	t.Helper()
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(corpus, "\n")+"\n"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != len(corpus) || res.Failed != 0 {
		t.Fatalf("indexed %d, failed %d: %+v", res.Indexed, res.Failed, res.Errors)
	}
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestSearchFilters(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"match all", Query{}, []string{"a1", "a2", "a3", "a4", "a5", "a6"}},
		{"keyword", Query{Q: "quds"}, []string{"a1", "a3"}},
		{"phrase", Query{Q: `"Quds Force in Mexico"`}, []string{"a3"}},
		{"must not", Query{Q: "+hezbollah -israel"}, []string{"a2"}},
		{"field", Query{Q: "country:IR"}, []string{"a1", "a2"}},
		{"folded person text", Query{Q: `person:"Nicolas Maduro"`}, []string{"a4"}},
		{"country by code", Query{Countries: []string{"IR"}}, []string{"a1", "a2"}},
		{"country by demonym", Query{Countries: []string{"Iranian"}}, []string{"a1", "a2"}},
		{"country by alias", Query{Countries: []string{"U.S."}}, []string{"a3", "a4"}},
		{"countries OR'ed", Query{Countries: []string{"IR", "MX"}}, []string{"a1", "a2", "a3"}},
		{"facets AND'ed", Query{Countries: []string{"IR"}, Groups: []string{"Hezbollah"}}, []string{"a2"}},
		{"group by acronym", Query{Groups: []string{"irgc"}}, []string{"a1"}},
		{"person folded", Query{Persons: []string{"nicolas maduro"}}, []string{"a4"}},
		{"place", Query{Places: []string{"damascus"}}, []string{"a2", "a5"}},
		{"source", Query{Sources: []string{"Ledger"}}, []string{"a3", "a4"}},
		// Time zones: boundaries are UTC. a1 is 2023-12-31T23:30Z, a2 2024-01-01T00:15Z,
		// a3 is 2024-02-29T12:00+03:00 = 09:00Z, a4 is 2024-03-01T00:00Z.
		{"year boundary from", Query{From: "2024"}, []string{"a2", "a3", "a4", "a5", "a6"}},
		{"year boundary to", Query{To: "2023"}, []string{"a1"}},
		{"month to is inclusive", Query{To: "2024-02"}, []string{"a1", "a2", "a3"}},
		{"month range", Query{From: "2024-02", To: "2024-03"}, []string{"a3", "a4"}},
		{"day", Query{From: "2024-03-01", To: "2024-03-01"}, []string{"a4"}},
		{"rfc3339", Query{From: "2024-01-01T00:00:00Z", To: "2024-01-01T00:15:00Z"}, []string{"a2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func facetCounts(values []FacetValue) map[string]int {
	m := map[string]int{}
	for _, v := range values {
		m[v.Value] = v.Count
	}
	return m
}

func TestDisjunctiveFacets(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{
		Countries: []string{"IR"},
		Facets:    []string{"country", "group", "source", "year"},
		FacetSize: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Country counts ignore the country filter: every article's countries count.
	wantCountry := map[string]int{"IR": 2, "SY": 1, "MX": 1, "US": 2, "RU": 1, "IL": 1}
	if diff := cmp.Diff(wantCountry, facetCounts(res.Facets["country"])); diff != "" {
		t.Errorf("country facet (-want +got):\n%s", diff)
	}
	if !res.FacetMeta["country"].Disjunctive || res.FacetMeta["country"].Missing != 1 {
		t.Errorf("country meta = %+v, want disjunctive with 1 missing (the weather brief)", res.FacetMeta["country"])
	}
	// The other facets see the country filter: only a1 and a2.
	wantGroup := map[string]int{"Islamic Revolutionary Guard Corps": 1, "Quds Force": 1, "Hezbollah": 1}
	if diff := cmp.Diff(wantGroup, facetCounts(res.Facets["group"])); diff != "" {
		t.Errorf("group facet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Wire": 2}, facetCounts(res.Facets["source"])); diff != "" {
		t.Errorf("source facet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"2023": 1, "2024": 1}, facetCounts(res.Facets["year"])); diff != "" {
		t.Errorf("year facet (-want +got):\n%s", diff)
	}
	// A facet counts articles, not mentions: a1 names Iran three times.
	for _, v := range res.Facets["country"] {
		if v.Value == "IR" && v.Label != "Iran" {
			t.Errorf("IR label = %q", v.Label)
		}
	}
}

func TestHistogramFillsEmptyBuckets(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{Histogram: "month", From: "2023-12", To: "2024-03"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range res.Histogram.Buckets {
		got = append(got, fmt.Sprintf("%s=%d", b.Key, b.Count))
	}
	want := []string{"2023-12=1", "2024-01=1", "2024-02=1", "2024-03=1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	res, err = ix.Search(context.Background(), Query{Histogram: "auto"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Histogram.Interval != "month" || len(res.Histogram.Buckets) != 19 {
		t.Errorf("auto histogram = %s with %d buckets, want month with 19", res.Histogram.Interval, len(res.Histogram.Buckets))
	}
	res, err = ix.Search(context.Background(), Query{Histogram: "year"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"2023", "2024", "2025"}, []string{res.Histogram.Buckets[0].Key, res.Histogram.Buckets[1].Key, res.Histogram.Buckets[2].Key}); diff != "" || res.Histogram.Buckets[1].Count != 3 {
		t.Errorf("year histogram = %+v", res.Histogram.Buckets)
	}
}

func TestSortAndPaging(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	var seen []string
	for page := 1; page <= 4; page++ {
		res, err := ix.Search(context.Background(), Query{Sort: "-published_at", Size: ptr(2), Page: page})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 6 {
			t.Fatalf("total = %d", res.Total)
		}
		for _, h := range res.Hits {
			seen = append(seen, h.ID)
		}
		if page == 4 && len(res.Hits) != 0 {
			t.Errorf("page past the end has %d hits", len(res.Hits))
		}
	}
	if diff := cmp.Diff([]string{"a6", "a5", "a4", "a3", "a2", "a1"}, seen); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHighlightEscapes(t *testing.T) {
	ix := newTestIndex(t, "")
	a, err := DecodeArticle([]byte(`{"id":"x","title":"Hack <script>alert(1)</script>","body":"The page showed <img src=x onerror=alert(1)> and </mark> in Iran.","published_at":"2024-01-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Q: "alert iran"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %d", len(res.Hits))
	}
	all := strings.Join(append(res.Hits[0].Highlights["title"], res.Hits[0].Highlights["body"]...), " ")
	for _, bad := range []string{"<script", "<img", "</mark> in"} {
		if strings.Contains(all, bad) {
			t.Errorf("highlight contains unescaped %q: %s", bad, all)
		}
	}
	if !strings.Contains(all, "<mark>alert</mark>") || !strings.Contains(all, "&lt;/mark&gt;") {
		t.Errorf("highlight lacks marks or escaping: %s", all)
	}
}

func TestSearchErrors(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	tests := []struct {
		name  string
		q     Query
		kind  error
		param string
	}{
		{"broken syntax", Query{Q: `title:"unclosed`}, ErrBadQuery, "q"},
		{"bad regexp", Query{Q: `/[/`}, ErrBadQuery, "q"},
		{"unknown country", Query{Countries: []string{"Atlantis"}}, ErrInvalid, "country"},
		{"bad from", Query{From: "yesterday"}, ErrInvalid, "from"},
		{"from after to", Query{From: "2025", To: "2024"}, ErrInvalid, "from"},
		{"bad mentioned", Query{MentionedTo: "2024-13"}, ErrInvalid, "mentioned_to"},
		{"unknown facet", Query{Facets: []string{"colour"}}, ErrInvalid, "facets"},
		{"facet size", Query{FacetSize: 5000}, ErrInvalid, "facet_size"},
		{"size", Query{Size: ptr(-1)}, ErrInvalid, "size"},
		{"page overflow", Query{Page: 4611686018427387904, Size: ptr(2)}, ErrInvalid, "page"},
		{"page", Query{Page: -1}, ErrInvalid, "page"},
		{"window", Query{Page: 200, Size: ptr(100)}, ErrInvalid, "page"},
		{"sort", Query{Sort: "score"}, ErrInvalid, "sort"},
		{"histogram", Query{Histogram: "week"}, ErrInvalid, "histogram"},
		{"query too long", Query{Q: strings.Repeat("a", 5000)}, ErrInvalid, "q"},
		{"too many filter values", Query{Persons: make([]string, 101)}, ErrInvalid, "filters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if !strings.HasPrefix(err.Error(), tt.param+":") {
				t.Errorf("err %q does not start with the parameter %q", err, tt.param)
			}
		})
	}
}

func TestBulkBadLinesKeepGoodOnes(t *testing.T) {
	ix := newTestIndex(t, "")
	body := strings.Join([]string{
		corpus[0],
		`{"id":"bad1","title":"x","published_at":"2024-01-01"}`,
		`not json`,
		``,
		corpus[1],
		`{"id":"bad2","body":"x","published_at":"2024-31-01"}`,
		`{"body":"x","published_at":"2024-01-01","colour":"red"}`,
		`{"body":7,"published_at":"2024-01-01"}`,
		`{"body":"` + strings.Repeat("x", 300) + `","published_at":"2024-01-01"}`,
		corpus[2],
	}, "\n")
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(body), 200)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 3 || res.Failed != 6 {
		t.Fatalf("indexed %d failed %d: %+v", res.Indexed, res.Failed, res.Errors)
	}
	want := []LineError{
		{Line: 2, ID: "bad1", Error: `field "body" is required and must not be empty`},
		{Line: 3, Error: "malformed JSON at byte 2: invalid character 'o' in literal null (expecting 'u')"},
		{Line: 6, ID: "bad2", Error: `field "published_at": "2024-31-01" is not an RFC 3339 timestamp (2024-04-01T09:30:00Z) or a date (2024-04-01)`},
		{Line: 7, Error: `unknown field "colour"`},
		{Line: 8, Error: `field "body" must be a string, got number`},
		{Line: 9, Error: "line is longer than 200 bytes"},
	}
	if diff := cmp.Diff(want, res.Errors); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	n, _ := ix.Count()
	if n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
}

func TestIdempotentReingestAndDerivedIDs(t *testing.T) {
	ix := newTestIndex(t, "")
	line := `{"url":"https://example.test/a","title":"T","body":"Iran","published_at":"2024-01-01"}`
	for range 3 {
		if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(line), 1<<20); err != nil {
			t.Fatal(err)
		}
	}
	noURL := `{"title":"T","body":"Iran","published_at":"2024-01-01"}`
	for range 2 {
		if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(noURL), 1<<20); err != nil {
			t.Fatal(err)
		}
	}
	n, _ := ix.Count()
	if n != 2 {
		t.Errorf("count = %d after re-ingesting two articles five times, want 2", n)
	}
	a, err := ix.Get(context.Background(), DeriveID("https://example.test/a", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if a.Language != "en" || len(a.Entities.Countries) != 1 || a.Entities.Countries[0].Value != "IR" {
		t.Errorf("stored article = %+v", a)
	}
}

func TestRestartKeepsArticles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: path}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	loadCorpus(t, ix)
	if err := ix.Delete(context.Background(), "a6"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = newTestIndex(t, path)
	n, _ := ix.Count()
	if n != uint64(len(corpus)-1) {
		t.Fatalf("after restart count = %d, want %d", n, len(corpus)-1)
	}
	a, err := ix.Get(context.Background(), "a4")
	if err != nil {
		t.Fatal(err)
	}
	if a.Entities.Persons[0].Value != "Nicolás Maduro" || !a.PublishedAt.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a4 after restart = %+v", a)
	}
	if _, err := ix.Get(context.Background(), "a6"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted article: err = %v", err)
	}
	st, err := ix.Stats(context.Background())
	if err != nil || st.DiskBytes == 0 || st.Documents != 5 {
		t.Errorf("stats = %+v, %v", st, err)
	}
}

func TestMentionedDates(t *testing.T) {
	ix := newTestIndex(t, "")
	ex := fakeextract.New()
	// a4 mentions a day, a3 (via "Mexico") a vague range over late 2023.
	ex.Forms = append(ex.Forms,
		fakeextract.Form{Text: "2024-03-01", Type: "date", Value: "2024-03-01", From: "2024-03-01", To: "2024-03-01"},
		fakeextract.Form{Text: "said U.S.", Type: "date", Value: "2023-09/2023-12", From: "2023-09-01", To: "2023-12-31"})
	ix.ex = ex
	loadCorpus(t, ix)
	tests := []struct {
		from, to string
		want     []string
	}{
		{"2024-03", "2024-03", []string{"a4"}},
		{"2024-03-01", "2024-03-01", []string{"a4"}},
		{"2024-03-02", "", nil},
		{"2023", "2023", []string{"a3"}},
		{"", "2023-09-01", []string{"a3"}},
		{"2023-12-31", "2024-12", []string{"a3", "a4"}},
		// Windows inside a range overlap it: only its first and last day
		// were indexed before mapping v3, and these found nothing.
		{"2023-10", "2023-10", []string{"a3"}},
		{"2023-11-15", "2023-11-20", []string{"a3"}},
		{"2023-08", "2023-08", nil},
		{"2024-01", "", []string{"a4"}},
	}
	for _, tt := range tests {
		res, err := ix.Search(context.Background(), Query{MentionedFrom: tt.from, MentionedTo: tt.to})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
			t.Errorf("mentioned %s..%s (-want +got):\n%s", tt.from, tt.to, diff)
		}
	}
}

func TestIngestFiles(t *testing.T) {
	ix := newTestIndex(t, "")
	fsys := fstest.MapFS{
		"in/one.json":       {Data: []byte(corpus[0])},
		"in/many.json":      {Data: []byte("[" + corpus[1] + "," + `{"body":""}` + "]")},
		"in/lines.ndjson":   {Data: []byte(corpus[2] + "\n" + corpus[3] + "\n")},
		"in/sub/note.txt":   {Data: []byte("A title\nBody about Iran.\n"), ModTime: time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)},
		"in/ignored.md":     {Data: []byte("# not an article")},
		"in/broken.jsonl":   {Data: []byte("{\n")},
		"in/sub/empty.json": {Data: []byte("")},
	}
	var last Progress
	res, err := ix.IngestFiles(context.Background(), fsys, []string{"in"}, FileOptions{Progress: func(p Progress) { last = p }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 5 || res.Failed != 3 {
		t.Errorf("indexed %d failed %d: %+v", res.Indexed, res.Failed, res.Errors)
	}
	if last.Files != 6 || last.TotalFiles != 6 {
		t.Errorf("progress = %+v", last)
	}
	res2, err := ix.Search(context.Background(), Query{From: "2022", To: "2022"})
	if err != nil || res2.Total != 1 {
		t.Errorf(".txt article dated by mod time: total %v, err %v", res2, err)
	}
}

func TestEntities(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	got, err := ix.Entities(context.Background(), "country", "ir", 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]FacetValue{{Value: "IR", Label: "Iran", Count: 2}}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got, err = ix.Entities(context.Background(), "person", "mad", 10)
	if err != nil || len(got) != 1 || got[0].Value != "Nicolás Maduro" {
		t.Errorf("person prefix by surname: %+v %v", got, err)
	}
	if _, err := ix.Entities(context.Background(), "colour", "", 10); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown type: %v", err)
	}
}

func TestMappingVersionMismatchRefusedThenRebuilt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: path}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	loadCorpus(t, ix)
	// Pretend an older binary built it.
	if err := ix.bi.SetInternal(versionKey, []byte("0")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	_, err = Open(Options{Path: path}, fakeextract.New())
	if !errors.Is(err, ErrMappingVersion) || !strings.Contains(err.Error(), "version 0") {
		t.Fatalf("open of old index: err = %v, want ErrMappingVersion naming version 0", err)
	}
	n, err := Rebuild(context.Background(), Options{Path: path}, fakeextract.New())
	if err != nil || n != len(corpus) {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	ix = newTestIndex(t, path)
	res, err := ix.Search(context.Background(), Query{Countries: []string{"IR"}})
	if err != nil || res.Total != 2 {
		t.Errorf("after rebuild: %+v %v", res, err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestTrimFragment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…greed on Monday to <mark>expand</mark> sanctions, the min…", "… on Monday to <mark>expand</mark> sanctions, the …"},
		{"Whole sentence with <mark>Iran</mark>.", "Whole sentence with <mark>Iran</mark>."},
		{"…<mark>Iran</mark> said", "…<mark>Iran</mark> said"},
		{"…Iran&#39;s drone program…", "…Iran&#39;s drone …"},
		{"…&amp;c and <mark>more</mark> a&amp;b…", "…&amp;c and <mark>more</mark> a&amp;b…"},
	}
	for _, tt := range tests {
		if got := trimFragment(tt.in); got != tt.want {
			t.Errorf("trimFragment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateFacetsAndHistogramFollowTheRequestedRange(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{From: "2024", To: "2024", Facets: []string{"year"}, Histogram: "month"})
	if err != nil {
		t.Fatal(err)
	}
	// The year facet ignores its own from/to filter: every year stays visible.
	if diff := cmp.Diff(map[string]int{"2023": 1, "2024": 3, "2025": 2}, facetCounts(res.Facets["year"])); diff != "" {
		t.Errorf("year facet (-want +got):\n%s", diff)
	}
	if !res.FacetMeta["year"].Disjunctive || res.Total != 3 {
		t.Errorf("meta %+v, total %d", res.FacetMeta["year"], res.Total)
	}
	// The histogram covers all of 2024, not just January to March.
	if n := len(res.Histogram.Buckets); n != 12 || res.Histogram.Buckets[0].Key != "2024-01" || res.Histogram.Buckets[11].Key != "2024-12" {
		t.Errorf("histogram buckets: %+v", res.Histogram.Buckets)
	}
}

func TestHitSnippetWithoutHighlights(t *testing.T) {
	ix := newTestIndex(t, "")
	long := strings.Repeat("Word after word in a long report. ", 20)
	a, err := DecodeArticle([]byte(`{"id":"s","body":"` + long + `","published_at":"2024-01-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Hits[0].Snippet
	if !strings.HasPrefix(got, "Word after word") || !strings.HasSuffix(got, " …") || len([]rune(got)) > snippetRunes+2 {
		t.Errorf("snippet = %q", got)
	}
}

func TestSizeIsCapped(t *testing.T) {
	ix := newTestIndex(t, "")
	ix.limits.MaxPageSize = 4
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{Size: ptr(1000)})
	if err != nil || res.Size != 4 || len(res.Hits) != 4 {
		t.Errorf("size=1000 with max 4: %v, size %d, %d hits", err, res.Size, len(res.Hits))
	}
}

func TestBatchesCutByBytes(t *testing.T) {
	ix := newTestIndex(t, "")
	ix.batch, ix.bytes = 1000, 300 // two corpus lines (150-200 bytes each) fill a batch
	var batches int
	ix.log = slog.New(slog.NewTextHandler(countWriter{&batches}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	loadCorpus(t, ix)
	if batches < 3 {
		t.Errorf("%d batches for %d articles with a 300-byte bound, want at least 3", batches, len(corpus))
	}
}

// countWriter counts "batch indexed" log lines.
type countWriter struct{ n *int }

func (c countWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "batch indexed") {
		*c.n++
	}
	return len(p), nil
}

func TestPublishedAtOutOfBleveRange(t *testing.T) {
	for _, d := range []string{"1600-01-01", "2300-01-01T00:00:00Z"} {
		_, err := DecodeArticle([]byte(`{"body":"x","published_at":"` + d + `"}`))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("%s: err = %v", d, err)
		}
	}
	for _, id := range []string{".", ".."} {
		if _, err := DecodeArticle([]byte(`{"id":"` + id + `","body":"x","published_at":"2024-01-01"}`)); !errors.Is(err, ErrInvalid) {
			t.Errorf("id %q accepted", id)
		}
	}
}

func TestLongMonthHistogramBecomesYearly(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{From: "1700", To: "2200", Histogram: "month"})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Histogram
	if h.Interval != "year" || len(h.Buckets) != 501 || h.Buckets[324].Key != "2024" || h.Buckets[324].Count != 3 {
		t.Errorf("histogram: %s with %d buckets", h.Interval, len(h.Buckets))
	}
}

func TestMarkers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: path}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.HasMarker("testdata"); ok || err != nil {
		t.Fatalf("fresh index has marker: %v %v", ok, err)
	}
	if err := ix.SetMarker("testdata"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = newTestIndex(t, path)
	if ok, err := ix.HasMarker("testdata"); !ok || err != nil {
		t.Errorf("marker lost by a restart: %v %v", ok, err)
	}
}
