package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/searchd/searchd/internal/fakeextract"
)

// dated is an article of a generated corpus: its id and publication time.
type dated struct {
	id string
	at time.Time
}

// genCorpus indexes n articles into ix and returns them newest first (ties
// by id). Times are skewed as news is: every fifth article shares its
// neighbour's instant, half of them fall on one day, the others spread
// over three years; every third mentions Iran.
func genCorpus(t *testing.T, ix *Index, n int) []dated {
	t.Helper()
	base := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	var lines []string
	var out []dated
	for i := range n {
		at := base.Add(time.Duration(i/5*5) * 97 * time.Minute * 11)
		if i%2 == 0 {
			at = base.Add(400*24*time.Hour + time.Duration(i/5)*time.Second)
		}
		body := "Light rain."
		if i%3 == 0 {
			body = "Officials in Iran spoke."
		}
		id := fmt.Sprintf("g%05d", i)
		lines = append(lines, fmt.Sprintf(`{"id":%q,"title":"Report %d","body":%q,"source":"Wire","authors":["A. Writer"],"language":"fr","published_at":%q}`,
			id, i, body, at.Format(time.RFC3339Nano)))
		out = append(out, dated{id: id, at: at})
	}
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20)
	if err != nil || res.Indexed != n {
		t.Fatalf("load: %+v %v", res, err)
	}
	slices.SortFunc(out, func(a, b dated) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// newBatchedIndex opens an in-memory index that commits 500 articles a
// batch: newTestIndex's two a batch leave a corpus in hundreds of segments.
func newBatchedIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(Options{BatchSize: 500}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

func idsOf(list []dated) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.id
	}
	return out
}

// exportAll runs an export to its end and returns the ids in order and the
// requests' page sizes and window counts.
func exportAll(t *testing.T, ix *Index, q Query, fields []string, page int) (ids []string, pages int, visited uint64) {
	t.Helper()
	e, err := ix.Export(context.Background(), q, fields, page)
	if err != nil {
		t.Fatal(err)
	}
	e.searched = func(req *bleve.SearchRequest, res *bleve.SearchResult) {
		if req.From != 0 || req.Size > page || len(res.Hits) > page {
			t.Errorf("a request asked for from %d, size %d (page %d) and got %d hits", req.From, req.Size, page, len(res.Hits))
		}
		if req.Size == page {
			pages++
			visited += res.Total
		}
	}
	for {
		rows, err := e.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			return ids, pages, visited
		}
		if len(rows) > page {
			t.Fatalf("a page of %d rows, page size %d", len(rows), page)
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
	}
}

func TestExportReadsEveryHitInOrderWithinWindows(t *testing.T) {
	ix := newBatchedIndex(t)
	const n = 1000
	want := genCorpus(t, ix, n)
	const page = 7
	got, pages, visited := exportAll(t, ix, Query{}, DefaultExportFields, page)
	if diff := cmp.Diff(idsOf(want), got); diff != "" {
		t.Fatalf("newest first (-want +got):\n%s", diff)
	}
	// search_after alone visits every match for each page: pages × n. The
	// windows visit a few pages' worth each.
	if visited > uint64(pages*n/10) {
		t.Errorf("%d pages visited %d matches: the windows did not narrow them (%d without)", pages, visited, pages*n)
	}
	t.Logf("%d hits in %d pages visited %d matches (search_after alone: %d)", n, pages, visited, pages*n)

	oldest, _, _ := exportAll(t, ix, Query{Sort: SortPublished}, DefaultExportFields, page)
	slices.SortStableFunc(want, func(a, b dated) int { return a.at.Compare(b.at) })
	if diff := cmp.Diff(idsOf(want), oldest); diff != "" {
		t.Fatalf("oldest first (-want +got):\n%s", diff)
	}

	var iran []string
	for _, id := range got {
		var i int
		fmt.Sscanf(id, "g%d", &i)
		if i%3 == 0 {
			iran = append(iran, id)
		}
	}
	filtered, _, _ := exportAll(t, ix, Query{Countries: []string{"IR"}}, DefaultExportFields, 13)
	if diff := cmp.Diff(iran, filtered); diff != "" {
		t.Errorf("country=IR (-want +got):\n%s", diff)
	}
	words, _, _ := exportAll(t, ix, Query{Q: "officials"}, DefaultExportFields, 50)
	if diff := cmp.Diff(iran, words); diff != "" {
		t.Errorf("q=officials (-want +got):\n%s", diff)
	}
}

func TestExportOfOneInstantAndOfNothing(t *testing.T) {
	ix := newTestIndex(t, "")
	var lines, want []string
	for i := range 23 {
		id := fmt.Sprintf("s%02d", i)
		lines = append(lines, fmt.Sprintf(`{"id":%q,"body":"Same time.","published_at":"2024-05-01T10:00:00Z"}`, id))
		want = append(want, id)
	}
	if _, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20); err != nil {
		t.Fatal(err)
	}
	got, _, _ := exportAll(t, ix, Query{}, []string{"id"}, 5)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("one instant, by id (-want +got):\n%s", diff)
	}
	if got, _, _ := exportAll(t, ix, Query{Q: "nothingmatches"}, []string{"id"}, 5); len(got) != 0 {
		t.Errorf("no hits: exported %v", got)
	}
}

func TestExportRowFields(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	a, err := DecodeArticle([]byte(`{"id":"f1","url":"https://example.test/f1","title":"Iran and Damascus","body":"Iran. Damascus. Hezbollah. Nicolás Maduro on 2024-03-01.",` +
		`"source":"Wire","authors":["Ann","Bo"],"language":"pt-BR","published_at":"2030-01-02T03:04:05+02:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	e, err := ix.Export(context.Background(), Query{}, ExportFields, 0)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := e.Next(context.Background())
	if err != nil || len(rows) != len(corpus)+1 || e.Total() != uint64(len(corpus)+1) {
		t.Fatalf("rows %d, total %d, err %v", len(rows), e.Total(), err)
	}
	got := map[string]any{}
	for _, f := range ExportFields {
		text, list, isList := rows[0].Value(f)
		if isList {
			got[f] = list
		} else {
			got[f] = text
		}
	}
	want := map[string]any{
		"id": "f1", "published_at": "2030-01-02T01:04:05Z", "title": "Iran and Damascus", "url": "https://example.test/f1",
		"source": "Wire", "authors": []string{"Ann", "Bo"}, "language": "pt-BR",
		"countries": []string{"Iran"}, "country_codes": []string{"IR"}, "groups": []string{"Hezbollah"},
		"about_countries": []string{}, "about_country_codes": []string{}, // the fake extractor's focus is off
		"persons": []string{"Nicolás Maduro"}, "places": []string{"Damascus"}, "dates": []string{},
		"snippet": "Iran. Damascus. Hezbollah. Nicolás Maduro on 2024-03-01.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestExportRefusesWhatItCannotDo(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	for _, tt := range []struct {
		name  string
		q     Query
		page  int
		param string
	}{
		{"relevance", Query{Q: "iran", Sort: SortRelevance}, 0, "sort:"},
		{"cursor", Query{SearchAfter: "x"}, 0, "search_after:"},
		{"page size", Query{}, MaxExportPage + 1, "page_size:"},
		{"bad query", Query{Q: "title:(open"}, 0, "q:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Export(context.Background(), tt.q, DefaultExportFields, tt.page)
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrBadQuery) || !strings.HasPrefix(err.Error(), tt.param) {
				t.Errorf("err = %v, want an error naming %s", err, tt.param)
			}
		})
	}
	for _, tt := range []struct{ in, want string }{
		{"id,title,nope", `unknown field "nope"`},
		{"id,,title", "empty field name"},
		{"id,id", `"id" is listed twice`},
	} {
		if _, err := ParseExportFields(tt.in); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseExportFields(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
	if f, err := ParseExportFields(" title , id "); err != nil || !slices.Equal(f, []string{"title", "id"}) {
		t.Errorf("ParseExportFields: %v %v", f, err)
	}
}

// searchPages pages through q with its cursors and returns the ids.
func searchPages(t *testing.T, ix *Index, q Query) (ids []string, pages int) {
	t.Helper()
	for {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if res.Next == "" {
			return ids, pages
		}
		q.SearchAfter = res.Next
	}
}

func TestSearchAfterPagesEqualOneBigPage(t *testing.T) {
	ix := newBatchedIndex(t)
	genCorpus(t, ix, 30)
	for _, sort := range []string{SortPublishedDesc, SortPublished} {
		for _, q := range []Query{{Sort: sort}, {Sort: sort, Q: "officials OR rain"}, {Sort: sort, Countries: []string{"IR"}}} {
			big, err := ix.Search(context.Background(), Query{Q: q.Q, Countries: q.Countries, Sort: sort, Size: ptr(100)})
			if err != nil {
				t.Fatal(err)
			}
			q.Size = ptr(10)
			got, pages := searchPages(t, ix, q)
			var bigIDs []string
			for _, h := range big.Hits {
				bigIDs = append(bigIDs, h.ID)
			}
			if diff := cmp.Diff(bigIDs, got); diff != "" {
				t.Errorf("%+v: order (-one page +cursors):\n%s", q, diff)
			}
			if q.Q == "" && q.Countries == nil && pages != 3 {
				t.Errorf("30 hits in pages of 10 took %d pages, want 3", pages)
			}
		}
	}
}

func TestSearchAfterReadsPastTheResultWindow(t *testing.T) {
	ix, err := Open(Options{BatchSize: 500, Limits: Limits{MaxResultWindow: 20, MaxPageSize: 10}}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := genCorpus(t, ix, 35)
	_, err = ix.Search(context.Background(), Query{Page: 3, Size: ptr(10)})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "search_after") {
		t.Errorf("page 3 of 10 past a window of 20: %v, want a refusal pointing to search_after", err)
	}
	got, pages := searchPages(t, ix, Query{Size: ptr(10)})
	if diff := cmp.Diff(idsOf(want), got); diff != "" || pages != 4 {
		t.Errorf("%d pages (-want +got):\n%s", pages, diff)
	}
}

func TestSearchAfterRefusals(t *testing.T) {
	ix := newBatchedIndex(t)
	genCorpus(t, ix, 12)
	first, err := ix.Search(context.Background(), Query{Size: ptr(5)})
	if err != nil || first.Next == "" || first.Sort != SortPublishedDesc {
		t.Fatalf("first page: next %q, sort %s, %v", first.Next, first.Sort, err)
	}
	rel, err := ix.Search(context.Background(), Query{Q: "report", Size: ptr(5)})
	if err != nil || rel.Next != "" || rel.Sort != SortRelevance {
		t.Errorf("relevance: next %q (want none), sort %s, %v", rel.Next, rel.Sort, err)
	}
	for _, tt := range []struct {
		name string
		q    Query
		want string
	}{
		{"relevance", Query{Q: "report", SearchAfter: first.Next}, "relevance has no cursor"},
		{"other order", Query{Sort: SortPublished, SearchAfter: first.Next}, "sorted by -published_at"},
		{"with a page", Query{Page: 2, SearchAfter: first.Next}, "cannot be combined with page 2"},
		{"not a cursor", Query{SearchAfter: "!!"}, "not a cursor"},
		{"not JSON", Query{SearchAfter: "bm90IGpzb24"}, "not a cursor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "search_after: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want search_after: …%s", err, tt.want)
			}
		})
	}
}
