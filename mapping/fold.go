package mapping

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/searchd/searchd/extract"
)

// FoldFilterName is the token filter that folds case and accents as
// extract.Fold does: "Bogotá" and "Bogota" index the same term, as do
// "Türkiye" and "Turkiye", "Øresund" and "Oresund".
//
// A token filter, unlike Bleve's asciifolding character filter, keeps
// each token's offsets in the original text, so highlights mark what the
// article says; and it folds exactly as the extractor and the query side
// do, so a pattern the query folds finds what the index holds.
const FoldFilterName = "searchd_fold"

func init() {
	// Bleve resolves analysis components by name from its registry, also
	// when it reopens an index and parses the mapping stored in it.
	registry.RegisterTokenFilter(FoldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
}

// foldFilter folds each token's term in place of the original.
type foldFilter struct{}

// Filter folds the terms of a token stream.
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if needsFold(tok.Term) {
			tok.Term = []byte(extract.Fold(string(tok.Term)))
		}
	}
	return input
}

// needsFold reports whether term has upper case or non-ASCII bytes: most
// terms of English news have neither, and stay as they are without a copy.
// Fold is the analyser's lower-casing too, so this must see every capital.
func needsFold(term []byte) bool {
	for _, c := range term {
		if c >= 0x80 || ('A' <= c && c <= 'Z') || c == '`' {
			return true
		}
	}
	return false
}
