package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wireStory is an agency story; its copies below change a sentence, add
// a local intro or drop the last sentence.
const wireStory = "Flooding along the Danube forced thousands of people from their homes on Monday, " +
	"as the river rose to its highest level in more than a decade. Emergency services in three countries " +
	"worked through the night to reinforce embankments. The regional governor said the water was expected " +
	"to peak on Wednesday and urged residents of low-lying villages to leave while roads were still open. " +
	"Rail services between the two largest cities were suspended after a bridge was closed as a precaution. " +
	"Forecasters said more rain was due over the weekend."

// otherStory is a different story on another event.
const otherStory = "The central bank kept its main interest rate unchanged on Thursday, saying inflation " +
	"had eased more slowly than expected over the summer. Governor Elena Marsh told reporters the bank " +
	"would wait for further data before deciding whether to cut borrowing costs later in the year. " +
	"Analysts had widely expected the decision, and the currency barely moved after the announcement."

func wireLines() []string {
	line := func(id, source, body string) string {
		b, _ := json.Marshal(map[string]string{"id": id, "title": "Floods", "source": source, "body": body,
			"published_at": "2024-09-16"})
		return string(b)
	}
	sentences := strings.SplitAfter(wireStory, ". ")
	changed := strings.Replace(wireStory, "worked through the night", "spent the night working", 1)
	return []string{
		line("w1", "Agency", wireStory),
		line("w2", "Daily Post", changed),
		line("w3", "Evening Star", "VIENNA — Austrians watched anxiously as the news spread. "+wireStory),
		line("w4", "Morning Ledger", strings.Join(sentences[:len(sentences)-1], "")),
		line("r1", "Agency", otherStory),
		line("r2", "Daily Post", otherStory+" Markets in the region closed slightly higher."),
	}
}

// TestSearchCollapse checks collapse=story through the API: totals and
// facets count stories, each hit carries its copies, and paging is by story.
func TestSearchCollapse(t *testing.T) {
	srv, _ := newServer(t, Options{})
	bulk := doWith(t, "POST", srv.URL+"/api/v1/articles/_bulk", strings.Join(wireLines(), "\n"),
		map[string][]string{"Content-Type": {"application/x-ndjson"}})
	if bulk.status != 200 || bulk.body["indexed"] != float64(6) {
		t.Fatalf("bulk: %d %s", bulk.status, bulk.raw)
	}
	a := do(t, "GET", srv.URL+"/api/v1/articles/w3", "")
	if a.body["story"] != "w1" {
		t.Errorf("w3's story %v, want w1", a.body["story"])
	}

	search := func(params url.Values) response {
		t.Helper()
		r := do(t, "GET", srv.URL+"/api/v1/search?"+params.Encode(), "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", params.Encode(), r.status, r.raw)
		}
		return r
	}
	facet := func(r response, name string) map[string]float64 {
		out := map[string]float64{}
		for _, v := range r.body["facets"].(map[string]any)[name].([]any) {
			m := v.(map[string]any)
			out[m["value"].(string)] = m["count"].(float64)
		}
		return out
	}
	// The four test articles of newIndex are stories of their own.
	plain := search(url.Values{"facets": {"source,year"}})
	col := search(url.Values{"collapse": {"story"}, "facets": {"source,year"}})
	if plain.body["total"] != float64(10) || col.body["total"] != float64(6) || col.body["total_articles"] != float64(10) {
		t.Errorf("totals: plain %v, collapsed %v of %v; want 10, 6 of 10", plain.body["total"], col.body["total"], col.body["total_articles"])
	}
	if diff := cmp.Diff(map[string]float64{"2023": 1, "2024": 4, "2025": 1}, facet(col, "year")); diff != "" {
		t.Errorf("year facet under collapse (-want +got):\n%s", diff)
	}
	if got := facet(plain, "year")["2024"]; got != 8 {
		t.Errorf("year 2024 without collapse: %v articles, want 8", got)
	}
	if diff := cmp.Diff(map[string]float64{"Agency": 2, "Daily Post": 2, "Evening Star": 1, "Morning Ledger": 1,
		"Wire": 2, "Ledger": 1, "Courier": 1}, facet(col, "source")); diff != "" {
		t.Errorf("source facet under collapse (-want +got):\n%s", diff)
	}
	copies := map[string]float64{}
	for _, h := range col.body["hits"].([]any) {
		m := h.(map[string]any)
		copies[m["story"].(string)] = m["copies"].(float64)
		if others, _ := m["others"].([]any); len(others) != int(m["copies"].(float64))-1 {
			t.Errorf("hit %v: %d others, copies %v", m["id"], len(others), m["copies"])
		}
	}
	if copies["w1"] != 4 || copies["r1"] != 2 || copies["a1"] != 1 {
		t.Errorf("copies by story %v", copies)
	}

	// Filtered by a source, the source facet is counted without its own
	// filter, in stories; the page holds one hit per story.
	f := search(url.Values{"collapse": {"story"}, "source": {"Daily Post"}, "facets": {"source"}, "q": {"Danube OR bank"}})
	if f.body["total"] != float64(2) || facet(f, "source")["Agency"] != 2 {
		t.Errorf("filtered: total %v, source %v", f.body["total"], facet(f, "source"))
	}

	// Paging counts stories: three pages of two, no story twice.
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		r := search(url.Values{"collapse": {"story"}, "size": {"2"}, "page": {string(rune('0' + page))}})
		for _, h := range r.body["hits"].([]any) {
			s := h.(map[string]any)["story"].(string)
			if seen[s] {
				t.Errorf("page %d shows story %s again", page, s)
			}
			seen[s] = true
		}
	}
	if len(seen) != 6 {
		t.Errorf("pages showed %d stories, want 6", len(seen))
	}

	// POST takes collapse too.
	p := do(t, "POST", srv.URL+"/api/v1/search", `{"q": "Danube", "collapse": "story"}`)
	if p.status != 200 || p.body["total"] != float64(1) || p.body["collapse"] != "story" {
		t.Errorf("POST collapse: %d %s", p.status, p.raw)
	}
}

func TestSearchCollapseRefused(t *testing.T) {
	srv, _ := newServer(t, Options{})
	for _, tc := range []struct{ query, param string }{
		{"collapse=source", "collapse"},
		{"collapse=story&sort=-published_at&search_after=eyJvIjoiLXB1Ymxpc2hlZF9hdCJ9", "search_after"},
	} {
		r := do(t, "GET", srv.URL+"/api/v1/search?"+tc.query, "")
		e, _ := r.body["error"].(map[string]any)
		if r.status != 400 || e["param"] != tc.param {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.query, r.status, r.raw, tc.param)
		}
	}
	r := do(t, "GET", srv.URL+"/api/v1/export?collapse=story", "")
	if r.status != 400 {
		t.Errorf("export with collapse: %d %s, want 400", r.status, r.raw)
	}
}
