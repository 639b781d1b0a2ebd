package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
)

// TestQueriesAsUsersTypeThem runs the exact inputs of the table of issue 10
// against the daemon with testdata/ loaded: each answered 0 hits or the
// wrong hits, silently, before the query language of our own.
func TestQueriesAsUsersTypeThem(t *testing.T) {
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"))
	search := func(r client.SearchRequest) *client.SearchResult {
		t.Helper()
		r.Size = new(100)
		return d.search(t, r)
	}
	total := func(r client.SearchRequest) uint64 { t.Helper(); return search(r).Total }
	qs := func(q string) client.SearchRequest { return client.SearchRequest{Q: q} }
	literal := func(q string) client.SearchRequest { return client.SearchRequest{Q: q, Expand: new(false)} }

	t.Run("patterns ignore case", func(t *testing.T) {
		for upper, lower := range map[string]string{"Ira*": "ira*", "Tehr?n": "tehr?n", "/Teh.*/": "/teh.*/"} {
			if u, l := total(qs(upper)), total(qs(lower)); u == 0 || u != l {
				t.Errorf("%s: %d hits, %s: %d; want the same, more than 0", upper, u, lower, l)
			}
		}
	})
	t.Run("exact keyword fields", func(t *testing.T) {
		for _, s := range []string{`source:"Atlas Report"`, `author:"Zoë Brønstad"`,
			`url:"https://meridianwire.test/2019/05/iran-oil-sanctions-waivers-end"`, `country:"IR"`, `year:"2024"`} {
			if n := total(qs(s)); n == 0 {
				t.Errorf("%s: 0 hits", s)
			}
		}
		if a, b := total(qs(`source:"Atlas Report"`)), total(client.SearchRequest{Sources: []string{"Atlas Report"}}); a != b {
			t.Errorf(`q=source:"Atlas Report" %d hits, source=Atlas Report %d`, a, b)
		}
	})
	t.Run("a~2 is refused", func(t *testing.T) {
		_, err := d.api.Search(context.Background(), qs("a~2"))
		var e *client.Error
		if !errors.As(err, &e) || e.StatusCode != 400 || e.Code != client.CodeBadQuery || e.Param != "q" || !strings.Contains(e.Message, "6 or more") {
			t.Errorf("a~2: %v, want 400 bad_query", err)
		}
	})
	t.Run("AND and NOT", func(t *testing.T) {
		iran, both, without := total(qs("Iran")), total(qs("Iran AND Israel")), total(qs("Iran NOT Israel"))
		if both == 0 || both >= iran || without != iran-both {
			t.Errorf("Iran %d, Iran AND Israel %d, Iran NOT Israel %d", iran, both, without)
		}
		if implicit := total(qs("Iran Israel")); implicit != both {
			t.Errorf("bare words are AND'ed: Iran Israel %d, Iran AND Israel %d", implicit, both)
		}
	})
	t.Run("accents folded", func(t *testing.T) {
		for folded, written := range map[string]string{"Bogota": "Bogotá", "Nicolas": "Nicolás", "Turkiye": "Türkiye"} {
			if n, m := total(literal(folded)), total(literal(written)); n == 0 || n != m {
				t.Errorf("%s: %d hits, %s: %d; want the same, more than 0", folded, n, written, m)
			}
		}
	})
	t.Run("aliases", func(t *testing.T) {
		a := search(qs("Hizbollah"))
		// The articles where the group was extracted (the spelling is in none).
		hezbollah := total(client.SearchRequest{Groups: []string{"Hezbollah"}})
		if a.Total == 0 || a.Total != hezbollah {
			t.Errorf("Hizbollah: %d hits, group=Hezbollah %d", a.Total, hezbollah)
		}
		if len(a.Interpreted) == 0 || a.Interpreted[0].Entity.Value != "Hezbollah" {
			t.Errorf("Hizbollah: interpreted %+v", a.Interpreted)
		}
		if n, want := total(qs("group:IRGC")), total(client.SearchRequest{Groups: []string{"IRGC"}}); n == 0 || n != want {
			t.Errorf("q=group:IRGC %d hits, group=IRGC %d", n, want)
		}
	})
	t.Run("filters by any name", func(t *testing.T) {
		for _, tt := range []struct {
			name          string
			filter        func(string) client.SearchRequest
			partial, full string
		}{
			{"person", func(v string) client.SearchRequest { return client.SearchRequest{Persons: []string{v}} }, "Maduro", "Nicolás Maduro"},
			{"place", func(v string) client.SearchRequest { return client.SearchRequest{Places: []string{v}} }, "Washington", "Washington, D.C."},
			{"source", func(v string) client.SearchRequest { return client.SearchRequest{Sources: []string{v}} }, "atlas report", "Atlas Report"},
		} {
			if n, exact := total(tt.filter(tt.partial)), total(tt.filter(tt.full)); n == 0 || n < exact {
				t.Errorf("%s=%s: %d hits, %s=%s %d", tt.name, tt.partial, n, tt.name, tt.full, exact)
			}
		}
		if n := total(client.SearchRequest{Persons: []string{"Madur"}}); n != 0 {
			t.Errorf("person=Madur: %d hits; a name's words match whole", n)
		}
	})
	t.Run("mentioned dates overlap", func(t *testing.T) {
		// November is inside "late 2024" (September to December) and no
		// other date the article mentions.
		a := search(client.SearchRequest{MentionedFrom: "2024-11", MentionedTo: "2024-11"})
		found := false
		for _, h := range a.Hits {
			found = found || h.PublishedAt.Equal(time.Date(2024, 10, 15, 9, 0, 0, 0, time.UTC))
		}
		if !found {
			t.Errorf("the article saying \"late 2024\" is not found by mentioned 2024-11: %+v", a.Hits)
		}
	})
	t.Run("empty q newest first", func(t *testing.T) {
		a := search(client.SearchRequest{})
		if a.Sort != "-published_at" || len(a.Hits) < 2 {
			t.Fatalf("sort %q, %d hits", a.Sort, len(a.Hits))
		}
		for i := 1; i < len(a.Hits); i++ {
			if a.Hits[i].PublishedAt.After(a.Hits[i-1].PublishedAt) {
				t.Fatalf("hit %d (%s) is newer than hit %d (%s)", i, a.Hits[i].PublishedAt, i-1, a.Hits[i-1].PublishedAt)
			}
		}
	})
	t.Run("autocomplete takes aliases", func(t *testing.T) {
		g, err := d.api.Entities(context.Background(), client.EntitiesRequest{Type: "group", Prefix: "irgc"})
		if err != nil || len(g.Values) == 0 || g.Values[0].Value != "Islamic Revolutionary Guard Corps" {
			t.Errorf("group prefix=irgc: %+v %v", g, err)
		}
		c, err := d.api.Entities(context.Background(), client.EntitiesRequest{Type: "country", Prefix: "Iranian"})
		if err != nil || len(c.Values) == 0 || c.Values[0].Value != "IR" {
			t.Errorf("country prefix=Iranian: %+v %v", c, err)
		}
	})
	t.Run("zero hits offer a correction", func(t *testing.T) {
		for typed, want := range map[string]string{"Bogta": "bogota", "Hezbolah": "hezbollah"} {
			if a := search(qs(typed)); a.Total != 0 || a.DidYouMean != want {
				t.Errorf("%s: %d hits, did_you_mean %q; want 0 and %q", typed, a.Total, a.DidYouMean, want)
			}
		}
	})
	d.stop(t)
}
