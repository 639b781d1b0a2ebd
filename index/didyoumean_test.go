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
