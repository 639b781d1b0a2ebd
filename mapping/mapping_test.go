package mapping

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"
)

func TestNewValidates(t *testing.T) {
	if _, err := New(); err != nil {
		t.Fatal(err)
	}
}

func TestAnalyzers(t *testing.T) {
	im, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		analyzer string
		text     string
		want     []string
	}{
		{AnalyzerFolded, "The Iranian forces were attacking", []string{"iranian", "forc", "attack"}},
		{AnalyzerFolded, "Bogotá TÜRKIYE Øresund Straße Kırıkkale", []string{"bogota", "turkiy", "oresund", "strase", "kirikkal"}},
		{AnalyzerFolded, "Iran’s", []string{"iran"}},
		{AnalyzerFolded, strings.Repeat("x", 10000) + " Iran", []string{strings.Repeat("x", MaxTermRunes), "iran"}},
		{AnalyzerFolded, "Nicolás Maduro", []string{"nicola", "maduro"}},
		{AnalyzerFolded, "Nicolas Maduro", []string{"nicola", "maduro"}},
		{AnalyzerFolded, "Recep Tayyip Erdoğan", []string{"recep", "tayyip", "erdogan"}},
		{AnalyzerKeyword, "Islamic Revolutionary Guard Corps", []string{"Islamic Revolutionary Guard Corps"}},
	}
	for _, tt := range tests {
		t.Run(tt.analyzer+"/"+tt.text, func(t *testing.T) {
			tokens, err := im.AnalyzeText(tt.analyzer, []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tok := range tokens {
				got = append(got, string(tok.Term))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFoldedFieldFindsAccentedName(t *testing.T) {
	im, err := New()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.NewMemOnly(im)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Index("a", map[string]any{FieldPerson: []string{"Nicolás Maduro"}, FieldBody: "text"}); err != nil {
		t.Fatal(err)
	}
	q := bleve.NewMatchPhraseQuery("Nicolas Maduro")
	q.SetField(FieldPerson)
	res, err := idx.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("person:%q found %d articles, want 1", "Nicolas Maduro", res.Total)
	}
}

func TestFoldKeepsOffsetsInTheOriginalText(t *testing.T) {
	im, err := New()
	if err != nil {
		t.Fatal(err)
	}
	text := "Zoë in Bogotá"
	tokens, err := im.AnalyzeText(AnalyzerFolded, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range tokens {
		got = append(got, string(tok.Term)+"="+text[tok.Start:tok.End])
	}
	if diff := cmp.Diff([]string{"zoe=Zoë", "bogota=Bogotá"}, got); diff != "" {
		t.Errorf("term=original text (-want +got):\n%s", diff)
	}
}
