package bench

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/bench/corpus"
)

func TestSummarize(t *testing.T) {
	ms := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	got := summarize(ms, 2, 1, 2*time.Second)
	want := Latency{Clients: 2, Requests: 10, Errors: 1, P50: 5, P95: 10, P99: 10, Mean: 5.5, Max: 10, QPS: 5, Seconds: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summarize (-want +got):\n%s", diff)
	}
	if got := summarize(nil, 1, 0, time.Second); got.Requests != 0 || got.P99 != 0 {
		t.Errorf("summarize(nil) = %+v", got)
	}
}

func TestRunLoadCountsEveryQuery(t *testing.T) {
	qs := []QuerySpec{{Kind: KindKeyword, Q: "a"}, {Kind: KindPhrase, Q: `"a b"`}, {Kind: KindKeyword, Q: "fail"}}
	res := RunLoad(context.Background(), qs, 4, 2, func(_ context.Context, q QuerySpec) error {
		if q.Q == "fail" {
			return context.DeadlineExceeded
		}
		return nil
	})
	if res.All.Requests != 16 || res.All.Errors != 8 || res.ByKind[KindKeyword].Requests != 8 || res.ByKind[KindPhrase].Requests != 8 {
		t.Errorf("RunLoad = %+v, want 16 requests and 8 errors over 4 clients × 2 rounds", res)
	}
}

func TestBuildQueries(t *testing.T) {
	words := strings.Fields(strings.Repeat("w ", 39) + "alpha beta gamma delta epsilon zeta eta theta")
	counts := NewEntityCounts()
	counts.Countries["IR"], counts.Groups["Hezbollah"], counts.Persons["John Smith"] = 3, 2, 1
	qs := BuildQueries(words, []string{"peace talks"}, counts, 12, 1)
	if len(qs) != 12 {
		t.Fatalf("got %d queries, want 12", len(qs))
	}
	for i, q := range qs {
		if q.Kind != Kinds[i%len(Kinds)] {
			t.Errorf("query %d kind %s, want %s", i, q.Kind, Kinds[i%len(Kinds)])
		}
		filters := len(q.Countries) + len(q.Groups) + len(q.Persons)
		want := map[string]int{KindKeyword: 0, KindPhrase: 0, KindKeyword1F: 1, KindPhrase1F: 1, KindKeyword2F: 2, KindPhrase2F: 2}[q.Kind]
		if filters != want {
			t.Errorf("query %d (%s) has %d filters, want %d", i, q.Kind, filters, want)
		}
		if strings.HasPrefix(q.Kind, "phrase") != (q.Q == `"peace talks"`) {
			t.Errorf("query %d (%s) has q %q", i, q.Kind, q.Q)
		}
		if strings.Contains(q.Q, "w") && !strings.HasPrefix(q.Kind, "phrase") {
			t.Errorf("query %d uses a stop-word rank: %q", i, q.Q)
		}
		v := q.Values()
		if v.Get("facets") != "country,group,person,year" || v.Get("size") != "10" {
			t.Errorf("query %d parameters %v", i, v)
		}
	}
	if diff := cmp.Diff(qs, BuildQueries(words, []string{"peace talks"}, counts, 12, 1)); diff != "" {
		t.Errorf("BuildQueries is not deterministic:\n%s", diff)
	}
}

// TestRawMatchesService checks that the raw reference indexes the documents
// and sends the requests the service does: the same queries must give the
// same totals, top-10 hits and facet counts through index.Search and
// through RawSearcher.
func TestRawMatchesService(t *testing.T) {
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	g, err := corpus.New(testData(), corpus.Options{Seed: 5, Persons: 12, MinWords: 60, MaxWords: 120})
	if err != nil {
		t.Fatal(err)
	}
	var articles []index.Article
	for i := range 200 {
		line, err := json.Marshal(g.Article(i))
		if err != nil {
			t.Fatal(err)
		}
		a, err := index.DecodeArticle(line)
		if err != nil {
			t.Fatal(err)
		}
		articles = append(articles, a)
	}
	ctx := context.Background()
	ix, err := index.Open(index.Options{}, ex)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if res, err := ix.IngestArticles(ctx, articles); err != nil || res.Indexed != len(articles) {
		t.Fatalf("service ingest: %v, %+v", err, res)
	}

	bi, err := OpenRaw("")
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	var extracted strings.Builder
	counts := NewEntityCounts()
	for _, a := range articles {
		a.Entities = GroupEntities(ex.Extract(extract.Input{Title: a.Title, Body: a.Body, Language: a.Language, Published: a.PublishedAt}))
		counts.Add(a.Entities)
		line, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		extracted.Write(append(line, '\n'))
	}
	if ti, err := RawIngest(ctx, bi, strings.NewReader(extracted.String()), 64); err != nil || ti.Articles != len(articles) {
		t.Fatalf("raw ingest: %v, %+v", err, ti)
	}
	if len(counts.Countries) == 0 || len(counts.Persons) == 0 {
		t.Fatalf("the extractor found no countries or persons in the generated articles: %+v", counts)
	}

	qs := BuildQueries(testData().Words, corpus.Collocations(), counts, 24, 2)
	rs := NewRawSearcher(bi, ex, Variant{})
	var svc, raw []Answer
	nonEmpty := 0
	for _, q := range qs {
		r, err := ix.Search(ctx, q.IndexQuery())
		if err != nil {
			t.Fatalf("service search %+v: %v", q, err)
		}
		a := Answer{Total: r.Total, Facets: map[string]map[string]int{}}
		for _, h := range r.Hits {
			a.IDs = append(a.IDs, h.ID)
			a.Scores = append(a.Scores, h.Score)
		}
		for f, vals := range r.Facets {
			a.Facets[f] = map[string]int{}
			for _, v := range vals {
				a.Facets[f][v.Value] = v.Count
			}
		}
		svc = append(svc, a)
		rr, err := rs.Search(ctx, q)
		if err != nil {
			t.Fatalf("raw search %+v: %v", q, err)
		}
		raw = append(raw, Answer{Total: rr.Total, IDs: rr.IDs, Scores: rr.Scores, Facets: rr.Facets})
		if rr.Total > 0 {
			nonEmpty++
		}
		for f := range a.Facets {
			if _, ok := rr.Facets[f]; !ok {
				t.Errorf("query %q: raw reference lacks facet %s", q.Q, f)
			}
		}
	}
	if nonEmpty < len(qs)/3 {
		t.Errorf("only %d of %d queries match anything; the comparison proves little", nonEmpty, len(qs))
	}
	if n, bad := compareAnswers(qs, svc, raw); n != len(qs) || len(bad) > 0 {
		t.Errorf("compared %d queries; differences:\n%s", n, strings.Join(bad, "\n"))
	}
}

// testData is a small world with names the extractor knows.
func testData() *corpus.Data {
	return &corpus.Data{
		Words: strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his from at
			which but have an they you were her she there been one all we their has would when if so no will can more
			about said what up its into them than some could other time only new two may then do first any my now like
			talks sanctions market election court minister police border water energy prices health school budget
			army rebels ceasefire strike protest vote reform trade farmers rain harvest bank inflation report`),
		Countries: []corpus.Country{
			{Code: "IR", Names: []string{"Iran"}, Demonyms: []string{"Iranian"}},
			{Code: "FR", Names: []string{"France"}, Demonyms: []string{"French"}},
			{Code: "MX", Names: []string{"Mexico"}, Demonyms: []string{"Mexican"}},
			{Code: "DE", Names: []string{"Germany"}, Demonyms: []string{"German"}},
		},
		Cities:     []corpus.City{{Name: "Tehran", Country: "IR"}, {Name: "Paris", Country: "FR"}, {Name: "Berlin", Country: "DE"}},
		Groups:     []string{"Islamic Revolutionary Guard Corps", "Hezbollah", "Quds Force", "United Nations"},
		FirstNames: []string{"John", "Mary", "Ahmed", "Sofia"},
		Surnames:   []string{"Smith", "Garcia", "Rahimi", "Novak"},
	}
}

func TestPeerQueries(t *testing.T) {
	counts := NewEntityCounts()
	counts.Countries["IR"], counts.Countries["FR"] = 5, 3
	qs := BuildPeerQueries(testData().Words, counts, 40, 1)
	filtered := 0
	for _, q := range qs {
		if q.Countries != nil {
			filtered++
		}
		if n := len(strings.Fields(q.Q)); n < 1 || n > 3 || strings.Count(q.Q, "+") != n {
			t.Errorf("%q: want 1 to 3 required keywords", q.Q)
		}
		if !q.NoHighlight || q.Values().Get("highlight") != "false" || q.Values().Get("facets") != "country,group" {
			t.Errorf("%+v: want country and group facets, no highlights (params %v)", q, q.Values())
		}
		if hl := q.IndexQuery().Highlight; hl == nil || *hl {
			t.Errorf("%+v: index query asks highlights", q)
		}
	}
	if filtered != len(qs)/2 {
		t.Errorf("%d of %d queries filtered by country, want half", filtered, len(qs))
	}
}

func TestParseVariant(t *testing.T) {
	v, err := ParseVariant(" no-facets,score-sort ,")
	if err != nil {
		t.Fatal(err)
	}
	if !v.NoFacets || !v.ScoreSort || v.NoHighlight || v.UnsafeBatch {
		t.Errorf("got %+v, want only NoFacets and ScoreSort", v)
	}
	if _, err := ParseVariant("no-facets,no-such"); err == nil || !strings.Contains(err.Error(), "no-such") {
		t.Errorf("unknown name: err = %v", err)
	}
}
