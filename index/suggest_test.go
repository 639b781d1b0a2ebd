package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuggest(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	ctx := context.Background()
	show := func(list []Suggestion) []string {
		var out []string
		for _, s := range list {
			out = append(out, fmt.Sprintf("%s:%s(%s)=%d", s.Type, s.Value, s.Matched, s.Count))
		}
		return out
	}
	for _, tc := range []struct {
		prefix string
		types  []string
		want   []string
	}{
		{"irgc", nil, []string{"group:Islamic Revolutionary Guard Corps(irgc)=1"}},
		{"irg", nil, []string{"group:Islamic Revolutionary Guard Corps(irgc)=1"}},
		{"irania", nil, []string{"country:IR(iranian)=2"}},
		{"hizb", nil, []string{"group:Hezbollah(hizbollah)=2"}},
		{"HEZB", nil, []string{"group:Hezbollah(hezbollah)=2"}},
		{"mad", nil, []string{"person:Nicolás Maduro(nicolas maduro)=1"}}, // a word of the name
		{"nicolas", nil, []string{"person:Nicolás Maduro(nicolas maduro)=1"}},
		{"damas", []string{"place"}, []string{"place:Damascus(damascus)=2"}},
		{"damas", []string{"group"}, nil},
		{"russ", nil, []string{"country:RU(russia)=1"}},
		{"zzz", nil, nil},
		{"", nil, nil},
	} {
		got, err := ix.Suggest(ctx, tc.prefix, tc.types, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, show(got)); diff != "" {
			t.Errorf("Suggest(%q, %v) (-want +got):\n%s", tc.prefix, tc.types, diff)
		}
	}
	if _, err := ix.Suggest(ctx, "x", []string{"year"}, 10); err == nil {
		t.Error("an unknown type was accepted")
	}
}

func TestEntitiesPrefixTakesAliases(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	for _, tc := range []struct{ typ, prefix, want string }{
		{"group", "irgc", "Islamic Revolutionary Guard Corps"},
		{"country", "Iranian", "IR"},
	} {
		got, err := ix.Entities(context.Background(), tc.typ, tc.prefix, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Value != tc.want {
			t.Errorf("Entities(%s, %q) = %+v, want %s", tc.typ, tc.prefix, got, tc.want)
		}
	}
}

func TestFiltersByAnyName(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	ctx := context.Background()
	a, err := DecodeArticle([]byte(`{"id":"two","title":"Two leaders","body":"Ali Khamenei and Nicolás Maduro.","source":"Atlas Report","published_at":"2024-05-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		q    Query
		want []string
	}{
		{"surname", Query{Persons: []string{"Maduro"}}, []string{"a4", "two"}},
		{"folded full name", Query{Persons: []string{"nicolas maduro"}}, []string{"a4", "two"}},
		{"not a word prefix", Query{Persons: []string{"Madur"}}, nil},
		{"words in order within one name", Query{Persons: []string{"Khamenei Nicolas"}}, nil},
		{"place in lower case", Query{Places: []string{"damascus"}}, []string{"a2", "a5"}},
		{"source in lower case", Query{Sources: []string{"atlas report"}}, []string{"two"}},
		{"source word", Query{Sources: []string{"atlas"}}, []string{"two"}},
		{"source exact", Query{Sources: []string{"Wire"}}, []string{"a1", "a2"}},
		{"group alias", Query{Groups: []string{"IRGC"}}, []string{"a1"}},
		{"group word", Query{Groups: []string{"quds"}}, []string{"a1", "a3"}},
	} {
		res, err := ix.Search(ctx, Query{Persons: tc.q.Persons, Places: tc.q.Places, Sources: tc.q.Sources, Groups: tc.q.Groups, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, ids(res)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestAllOfFacetFilters(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    Query
		want []string
	}{
		{"any of U.S., Russia", Query{Countries: []string{"US", "RU"}}, []string{"a3", "a4"}},
		{"all of U.S., Russia", Query{Countries: []string{"US", "RU"}, CountryOp: OpAnd}, []string{"a4"}},
		{"all of Iran, Russia", Query{Countries: []string{"Iran", "Russia"}, CountryOp: OpAnd}, nil},
		{"all of two groups", Query{Groups: []string{"Hezbollah", "Quds Force"}, GroupOp: OpAnd}, nil},
		{"all of one place", Query{Places: []string{"Damascus"}, PlaceOp: OpAnd}, []string{"a2", "a5"}},
	} {
		tc.q.NoCache = true
		tc.q.Facets = []string{"country"}
		res, err := ix.Search(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, ids(res)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		if tc.q.CountryOp == OpAnd && res.FacetMeta["country"].Disjunctive {
			t.Errorf("%s: an all-of facet is counted disjunctively", tc.name)
		}
	}
	if _, err := ix.Search(ctx, Query{Countries: []string{"IR"}, CountryOp: "xor"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("country_op=xor: %v, want ErrInvalid", err)
	}
}

func TestEmptyQueryNewestFirst(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	res, err := ix.Search(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if diff := cmp.Diff([]string{"a6", "a5", "a4", "a3", "a2", "a1"}, got); diff != "" || res.Sort != SortPublishedDesc {
		t.Errorf("empty q: sort %q, order (-want +got):\n%s", res.Sort, diff)
	}
	res, err = ix.Search(context.Background(), Query{Sort: SortPublished})
	if err != nil || res.Hits[0].ID != "a1" || res.Sort != SortPublished {
		t.Errorf("empty q, sort=published_at: first %v, sort %q, %v", res.Hits[0].ID, res.Sort, err)
	}
	res, err = ix.Search(context.Background(), Query{Q: "Iran"})
	if err != nil || res.Sort != SortRelevance {
		t.Errorf("q=Iran: sort %q, %v", res.Sort, err)
	}
}

func TestEntityAwareFreeText(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	no := false
	for _, tc := range []struct {
		q      Query
		want   []string
		interp string
	}{
		{Query{Q: "Hizbollah"}, []string{"a2", "a5"}, "Hizbollah=group:Hezbollah"},
		{Query{Q: "IRGC"}, []string{"a1"}, "IRGC=group:Islamic Revolutionary Guard Corps"},
		{Query{Q: "Iranian"}, []string{"a1", "a2"}, "Iranian=country:IR"},
		{Query{Q: `"Iranian"`}, []string{"a1"}, ""},            // a quoted word is literal
		{Query{Q: "Iranian", Expand: &no}, []string{"a1"}, ""}, // expansion off
		{Query{Q: "group:Hizbollah"}, []string{"a2", "a5"}, ""},
		{Query{Q: "country:Iranian"}, []string{"a1", "a2"}, ""},
		{Query{Q: "person:maduro"}, []string{"a4"}, ""},
	} {
		tc.q.NoCache = true
		res, err := ix.Search(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%q: %v", tc.q.Q, err)
		}
		var interp []string
		for _, i := range res.Interpreted {
			interp = append(interp, i.Text+"="+i.Entity.Type+":"+i.Entity.Value)
		}
		if diff := cmp.Diff(tc.want, ids(res)); diff != "" || strings.Join(interp, ",") != tc.interp {
			t.Errorf("%q: interpreted %v (want %q), ids (-want +got):\n%s", tc.q.Q, interp, tc.interp, diff)
		}
	}
	// Literal matches rank above articles that only have the entity.
	res, err := ix.Search(context.Background(), Query{Q: "Iranian", NoCache: true})
	if err != nil || len(res.Hits) < 2 || res.Hits[0].ID != "a1" {
		t.Errorf("Iranian: the article with the word should rank first: %+v, %v", res.Hits, err)
	}
}

func TestFoldedSearchHighlightsTheOriginalSpelling(t *testing.T) {
	ix := newTestIndex(t, "")
	a, err := DecodeArticle([]byte(`{"id":"b","title":"Talks in Bogotá","body":"Delegates met in Bogotá and Türkiye.","published_at":"2024-05-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"Bogota": "<mark>Bogotá</mark>", "turkiye": "<mark>Türkiye</mark>", "BOGOTÁ": "<mark>Bogotá</mark>"} {
		res, err := ix.Search(context.Background(), Query{Q: q})
		if err != nil || res.Total != 1 {
			t.Fatalf("%s: %v, %v", q, res, err)
		}
		if got := strings.Join(res.Hits[0].Highlights["body"], " "); !strings.Contains(got, want) {
			t.Errorf("%s: body highlight %q, want %s", q, got, want)
		}
	}
}

// TestSuggestRankedAgreesWithCollection checks that the answer for a
// prefix matching many names, read from the ranked list with an early
// stop, is the answer collecting and sorting every match gives.
func TestSuggestRankedAgreesWithCollection(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	ctx := context.Background()
	table, err := ix.entities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key := func(prefix string, list []Suggestion) []string {
		var out []string
		for _, s := range list {
			out = append(out, fmt.Sprintf("%s:%s=%d exact=%v", s.Type, s.Value, s.Count, s.Matched == prefix))
		}
		return out
	}
	checked := 0
	for _, prefix := range []string{"a", "i", "is", "m", "s", "sa", "u", "ir", "iran", "the", "j", "b", "ha", "hezbollah", "united"} {
		for _, types := range [][]string{SuggestTypes, {FacetPlace}, {FacetCountry, FacetGroup}} {
			for _, size := range []int{1, 3, 10, 50} {
				m := matchRanges(table, ix.vocab, prefix)
				want := ix.suggestCollected(table, m, prefix, types, size)
				got := ix.suggestRanked(table, m, prefix, types, size)
				if diff := cmp.Diff(key(prefix, want), key(prefix, got)); diff != "" {
					t.Errorf("prefix %q types %v size %d: ranked differs (-collected +ranked):\n%s", prefix, types, size, diff)
				}
				checked += len(want)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d suggestions compared: the corpus no longer exercises this", checked)
	}
}
