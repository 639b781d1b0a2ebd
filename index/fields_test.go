package index

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnqualifiedTermsSearchTitleAndBody checks the query-time union that
// replaces the _all field: a term without a field is found in the title and
// in the body, with highlights in the field it matched, and a stop word in a
// conjunction is skipped rather than matching nothing.
func TestUnqualifiedTermsSearchTitleAndBody(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	tests := []struct {
		q         string
		want      []string
		highlight string // a field that must carry a highlight in every hit
	}{
		{q: "weather", want: []string{"a6"}, highlight: "title"},           // title only
		{q: "rain", want: []string{"a6"}, highlight: "body"},               // body only
		{q: "damascus", want: []string{"a2", "a5"}},                        // both
		{q: `"quds force"`, want: []string{"a1", "a3"}},                    // phrase
		{q: "+would +rain", want: []string{"a6"}},                          // stop word skipped
		{q: "+the +weather", want: []string{"a6"}},                         // stop word skipped
		{q: "weath*", want: []string{"a6"}},                                // wildcard
		{q: "/damas.*/", want: []string{"a2", "a5"}},                       // regexp
		{q: "wether~1", want: []string{"a6"}},                              // fuzzy
		{q: "title:damascus", want: []string{"a2"}},                        // a named field stays itself
		{q: "body:weather", want: nil},                                     // ... and only itself
		{q: "damascus -syria", want: []string{"a2"}},                       // must not in both fields
		{q: "+mexico +maduro", want: nil},                                  // conjunction across documents
		{q: "mexico maduro", want: nil},                                    // bare words are AND'ed
		{q: "mexico OR maduro", want: []string{"a3", "a4"}},                // OR in capitals
		{q: "+israel +title:syria", want: []string{"a5"}},                  // mixed
		{q: "+rain +light +mild +winds +quiet +day", want: []string{"a6"}}, // many clauses
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Q: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if tt.highlight == "" {
				return
			}
			for _, h := range res.Hits {
				if len(h.Highlights[tt.highlight]) == 0 {
					t.Errorf("hit %s: no highlight in %s: %v", h.ID, tt.highlight, h.Highlights)
				}
			}
		})
	}
}

// TestStoredArticleKeepsBody checks that an article read back is whole,
// though its stored JSON leaves the body to the body field.
func TestStoredArticleKeepsBody(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	a, err := ix.Get(context.Background(), "a6")
	if err != nil {
		t.Fatal(err)
	}
	if want := "A quiet day with light rain and mild winds."; a.Body != want || a.Title != "Weather" {
		t.Errorf("got title %q body %q, want Weather / %q", a.Title, a.Body, want)
	}
}
