package query

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/searchd/searchd/mapping"
)

// The compiled queries are pure data; these tests run them on an in-memory
// index with the real mapping, to check what only Bleve can tell: that
// pattern literals are normalised as the analysers normalise text, that a
// proximity means what Lucene's does, and that literal matches rank first.

// searchDocs are the articles of the test index, by id.
var searchDocs = map[string]map[string]any{
	"adjacent": {"body": "alpha beta gamma"},
	"gap1":     {"body": "alpha x beta"},
	"swapped":  {"body": "beta alpha"},
	"gap3":     {"body": "alpha x y z beta"},
	"repeat":   {"body": "alpha x alpha"},
	"single":   {"body": "alpha"},
	"persons":  {"person": []string{"Alpha Beta", "Gamma Delta"}, "person_key": []string{"alpha beta", "gamma delta"}},
	"iran":     {"title": "Talks in Tehran", "body": "Iran and the sanctions", "country": []string{"IR"}, "published_at": day("2024-06-15")},
	"teheran":  {"body": "Téhéran a parlé", "published_at": day("2023-01-02")},
	"maduro":   {"body": "A speech", "person": []string{"Nicolás Maduro"}, "person_key": []string{"nicolas maduro"}},
	"khamenei": {"body": "Khamenei spoke about oil"},
	"atlas":    {"body": "a report", "source": "Atlas Report"},
	"irgc":     {"body": "a statement", "group": []string{"Islamic Revolutionary Guard Corps"}, "group_key": []string{"islamic revolutionary guard corps"}},
	// Literal and entity matches of "Iranian", for the ranking test.
	"literal+entity": {"body": long(300, "Iranian"), "country": []string{"IR"}},
	"literal-long":   {"body": long(1500, "Iranian")},
	"entity-only":    {"body": long(300, "Persian"), "country": []string{"IR"}},
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err) // a typo in the table above
	}
	return t
}

// long is n words of filler with word in the middle.
func long(n int, word string) string {
	filler := strings.Fields("the government said on monday that talks would continue next week despite pressure")
	words := make([]string, n)
	for i := range words {
		words[i] = filler[i%len(filler)]
	}
	words[n/2] = word
	return strings.Join(words, " ")
}

func newSearchIndex(t *testing.T) bleve.Index {
	t.Helper()
	im, err := mapping.New()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.NewMemOnly(im)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	b := idx.NewBatch()
	for id, doc := range searchDocs {
		if err := b.Index(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	// Filler, so that term statistics are not those of a dozen documents.
	for i := range 200 {
		if err := b.Index(fmt.Sprintf("filler%03d", i), map[string]any{"body": long(200, "economy")}); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	return idx
}

// find returns the ids q matches, best first, fillers left out.
func find(t *testing.T, idx bleve.Index, q string) []string {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	bq, _, err := Compile(n, fakeResolver{}, Options{})
	if err != nil {
		t.Fatalf("Compile(%q): %v", q, err)
	}
	req := bleve.NewSearchRequestOptions(bq, 1000, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		if !strings.HasPrefix(h.ID, "filler") {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

func TestSearch(t *testing.T) {
	idx := newSearchIndex(t)
	for _, c := range []struct {
		q    string
		want []string // sorted
	}{
		{`"alpha beta"`, []string{"adjacent"}},
		{`"alpha beta"~1`, []string{"adjacent", "gap1"}},
		{`"alpha beta"~2`, []string{"adjacent", "gap1", "swapped"}},
		{`"alpha beta"~3`, []string{"adjacent", "gap1", "gap3", "swapped"}},
		{`"alpha alpha"~1`, []string{"repeat"}},
		{`person:"beta gamma"~1`, nil}, // two values of the field
		{`person:"alpha beta"~1`, []string{"persons"}},
		{`Ira*`, []string{"iran", "literal+entity", "literal-long"}},
		{`IRA*`, []string{"iran", "literal+entity", "literal-long"}},
		{`title:Tehr?n`, []string{"iran"}},
		{`Téhé*`, []string{"teheran"}},
		{`Tehe*`, []string{"teheran"}}, // the body folds accents
		{`person:NICOLÁ*`, []string{"maduro"}},
		{`person:nicola*`, []string{"maduro"}},
		{`/Teh.*/`, []string{"iran", "teheran"}},
		{`person:/Nicolá.*/`, []string{"maduro"}},
		{`Khamenai~1`, []string{"khamenei"}},
		{`source:"Atlas Report"`, []string{"atlas"}},
		{`source:Atlas\ Report`, []string{"atlas"}},
		{`source:atlas`, nil},
		{`group:IRGC`, []string{"irgc"}},
		{`the sanctions`, []string{"iran"}}, // a stop word does not empty a conjunction
		{`published_at:2024-06`, []string{"iran"}},
		{`published_at:[2023 TO 2024-05]`, []string{"teheran"}},
		{`published_at:{2023 TO *]`, []string{"iran"}},
		{`country:Iranian -Persian`, []string{"iran", "literal+entity"}},
	} {
		got := find(t, idx, c.q)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
		}
	}
}

// TestEntityRanking: a word that names an entity finds the articles that
// only have the entity too, after every literal match.
func TestEntityRanking(t *testing.T) {
	idx := newSearchIndex(t)
	got := find(t, idx, `Iranian`)
	literal := []string{"literal+entity", "literal-long"}
	if len(got) != 4 || !slices.Equal(got[:2], literal) || !slices.Contains(got, "entity-only") || !slices.Contains(got, "iran") {
		t.Errorf("Iranian ranks %v, want %v first, then entity-only and iran (country IR)", got, literal)
	}
	if got := find(t, idx, `"Iranian"`); !slices.Equal(got, literal) {
		t.Errorf(`"Iranian" (literal only) finds %v, want %v`, got, literal)
	}
}

// TestOnlyNegative: a query of exclusions is everything else.
func TestOnlyNegative(t *testing.T) {
	idx := newSearchIndex(t)
	got := find(t, idx, `-alpha -Iranian -Persian`)
	slices.Sort(got)
	// iran goes too: it has the country IR, which "Iranian" also means.
	want := []string{"atlas", "irgc", "khamenei", "maduro", "persons", "teheran"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
