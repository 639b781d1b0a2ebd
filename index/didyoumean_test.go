package index

import (
	"context"
	"testing"
)

func TestCorrectWord(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	a, err := DecodeArticle([]byte(`{"id":"b","title":"Bogotá talks","body":"Talks in Bogotá on sanctions.","published_at":"2024-05-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word, want string
		ok         bool
	}{
		{"Bogta", "bogota", true},
		{"Hezbolah", "hezbollah", true},
		{"Damscus", "damascus", true},
		{"sanctoins", "sanctions", true},
		{"Iran", "", false}, // in the index
		{"the", "", false},  // a stop word
		{"qzxv", "", false}, // nothing near
		{"ab", "", false},   // too short to correct
	} {
		got, ok := ix.correctWord(context.Background(), tc.word)
		if got != tc.want || ok != tc.ok {
			t.Errorf("correctWord(%q) = %q, %v; want %q, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
	if d := editDistance("kitten", "sitting"); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d", d)
	}
}

func TestZeroHitsOfferACorrectionAndEntities(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	for _, tc := range []struct {
		q, want string
	}{
		{"Hezbolah", "hezbollah"},
		{"Damscus talks", "damascus talks"},
		{"title:Damscus", ""}, // a named field is left as typed
	} {
		res, err := ix.Search(context.Background(), Query{Q: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 || res.DidYouMean != tc.want {
			t.Errorf("%q: total %d, did_you_mean %q; want 0 and %q", tc.q, res.Total, res.DidYouMean, tc.want)
		}
	}
	res, err := ix.Search(context.Background(), Query{Q: "hezb"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Suggestions) == 0 || res.Suggestions[0].Value != "Hezbollah" {
		t.Errorf("hezb: %d hits, suggestions %+v; want the group Hezbollah offered", res.Total, res.Suggestions)
	}
	res, err = ix.Search(context.Background(), Query{Q: "Iran"})
	if err != nil || res.DidYouMean != "" || res.Suggestions != nil {
		t.Errorf("a search with hits offers nothing: %+v, %v", res, err)
	}
}
