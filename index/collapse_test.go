package index

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/searchd/searchd/errs"
	"github.com/searchd/searchd/internal/fakeextract"
)

// collapseIndex is an index of wire stories: six of three copies each, and
// two agencies' reports of one event (eight stories, twenty articles).
func collapseIndex(t *testing.T) (*Index, []Article, map[string]string) {
	t.Helper()
	articles, story := wireArticles(t, 6)
	ix, err := Open(Options{BatchSize: 4}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if res, err := ix.IngestArticles(context.Background(), articles); err != nil || res.Failed != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	return ix, articles, story
}

// storiesBy counts, by brute force, the distinct stories of the articles
// for which keep holds, per source.
func storiesBy(articles []Article, story map[string]string, keep func(Article) bool) (total int, bySource map[string]int) {
	all := map[string]bool{}
	per := map[string]map[string]bool{}
	for _, a := range articles {
		if !keep(a) {
			continue
		}
		all[story[a.ID]] = true
		if per[a.Source] == nil {
			per[a.Source] = map[string]bool{}
		}
		per[a.Source][story[a.ID]] = true
	}
	bySource = map[string]int{}
	for s, set := range per {
		bySource[s] = len(set)
	}
	return len(all), bySource
}

func TestCollapseTotalsFacetsAndPaging(t *testing.T) {
	ctx := context.Background()
	ix, articles, story := collapseIndex(t)
	size := 3
	wantTotal, wantSources := storiesBy(articles, story, func(Article) bool { return true })

	var seen []string
	for page := 1; page <= 3; page++ {
		res, err := ix.Search(ctx, Query{Collapse: CollapseStory, Page: page, Size: &size, Facets: []string{"source", "year"}, FacetSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != uint64(wantTotal) || res.TotalArticles != uint64(len(articles)) {
			t.Fatalf("total %d stories of %d articles, want %d of %d", res.Total, res.TotalArticles, wantTotal, len(articles))
		}
		for _, h := range res.Hits {
			if slices.Contains(seen, h.Story) {
				t.Errorf("page %d: story %s shown again", page, h.Story)
			}
			seen = append(seen, h.Story)
			wantCopies := 0
			for _, a := range articles {
				if story[a.ID] == h.Story {
					wantCopies++
				}
			}
			if h.Copies != wantCopies || len(h.Others) != wantCopies-1 {
				t.Errorf("%s: copies %d, others %d, want %d and %d", h.ID, h.Copies, len(h.Others), wantCopies, wantCopies-1)
			}
			for _, o := range h.Others {
				if story[o.ID] != h.Story || o.ID == h.ID {
					t.Errorf("%s lists %s as a copy", h.ID, o.ID)
				}
			}
		}
		got := map[string]int{}
		for _, v := range res.Facets["source"] {
			got[v.Value] = v.Count
		}
		if diff := cmp.Diff(wantSources, got); diff != "" {
			t.Errorf("source facet under collapse (-want +got):\n%s", diff)
		}
		if y := res.Facets["year"]; len(y) != 1 || y[0].Count != wantTotal {
			t.Errorf("year facet %+v, want one year counting %d stories", y, wantTotal)
		}
	}
	if len(seen) != wantTotal {
		t.Errorf("pages showed %d stories, want %d", len(seen), wantTotal)
	}

	// Without collapse, the same facets count articles.
	res, err := ix.Search(ctx, Query{Facets: []string{"year"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(len(articles)) || res.Facets["year"][0].Count != len(articles) {
		t.Errorf("uncollapsed: total %d, year %+v, want %d articles", res.Total, res.Facets["year"], len(articles))
	}
}

func TestCollapseDisjunctiveFacet(t *testing.T) {
	ctx := context.Background()
	ix, articles, story := collapseIndex(t)
	res, err := ix.Search(ctx, Query{Collapse: CollapseStory, Sources: []string{"Copy Outlet 1"}, Facets: []string{"source", "year"}, FacetSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	wantTotal, _ := storiesBy(articles, story, func(a Article) bool { return a.Source == "Copy Outlet 1" })
	_, wantSources := storiesBy(articles, story, func(Article) bool { return true })
	if res.Total != uint64(wantTotal) {
		t.Errorf("total %d, want %d stories", res.Total, wantTotal)
	}
	got := map[string]int{}
	for _, v := range res.Facets["source"] {
		got[v.Value] = v.Count
	}
	if diff := cmp.Diff(wantSources, got); diff != "" {
		t.Errorf("source facet, its own filter left out (-want +got):\n%s", diff)
	}
	if !res.FacetMeta["source"].Disjunctive || res.Facets["year"][0].Count != wantTotal {
		t.Errorf("meta %+v, year %+v", res.FacetMeta["source"], res.Facets["year"])
	}
	// The shown copy of each story is one that matches: from Copy Outlet 1.
	for _, h := range res.Hits {
		if h.Source != "Copy Outlet 1" || h.Copies != 1 || len(h.Others) != 0 {
			t.Errorf("hit %s from %s, copies %d, others %d", h.ID, h.Source, h.Copies, len(h.Others))
		}
	}
}

func TestCollapseRefusals(t *testing.T) {
	ix, _, _ := collapseIndex(t)
	for _, tc := range []struct {
		q     Query
		param string
	}{
		{Query{Collapse: "source"}, "collapse"},
		{Query{Collapse: CollapseStory, Sort: SortPublishedDesc, SearchAfter: "x"}, "search_after"},
	} {
		_, err := ix.Search(context.Background(), tc.q)
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Param != tc.param {
			t.Errorf("%+v: %v, want an invalid %s", tc.q, err, tc.param)
		}
	}
}
