// Package mapping defines searchd's explicit Bleve index mapping: which article
// fields are full text, which are keywords for facets, which are dates.
package mapping

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/truncate"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	blevemapping "github.com/blevesearch/bleve/v2/mapping"
)

// Version identifies this mapping. Bump it whenever a change here would make
// an index built by an older binary answer differently; the daemon refuses to
// serve an index whose recorded version differs (see index.ErrMappingVersion).
const Version = 5 // 4: about_country; 5: story, wire_bands, wire_sig

// Field names of an indexed article document.
const (
	FieldTitle        = "title"         // full text, folded English analyser, stored with term vectors
	FieldBody         = "body"          // full text, folded English analyser, stored with term vectors
	FieldURL          = "url"           // keyword
	FieldSource       = "source"        // keyword, faceted
	FieldSourceKey    = "source_key"    // keyword folded name, filtered on
	FieldSourceText   = "source_text"   // text, accent-folded source name
	FieldLanguage     = "language"      // keyword
	FieldAuthor       = "author"        // keyword, one value per author
	FieldPublishedAt  = "published_at"  // datetime, sortable
	FieldYear         = "year"          // keyword "2024" derived from published_at (UTC), faceted
	FieldMonth        = "month"         // keyword "2024-04" derived from published_at (UTC), faceted
	FieldCountry      = "country"       // keyword ISO 3166-1 alpha-2 code, faceted
	FieldCountryName  = "country_name"  // text, accent-folded display names of the countries
	FieldAboutCountry = "about_country" // keyword ISO code of a country the article is about (extract.AboutCountry), faceted
	FieldPerson       = "person"        // text, accent-folded canonical names
	FieldPersonExact  = "person_exact"  // keyword canonical name, faceted
	FieldPersonKey    = "person_key"    // keyword folded name (extract.Fold), filtered on
	FieldGroup        = "group"         // text, accent-folded canonical names
	FieldGroupExact   = "group_exact"   // keyword canonical name, faceted
	FieldGroupKey     = "group_key"     // keyword folded name, filtered on
	FieldPlace        = "place"         // text, accent-folded place names
	FieldPlaceExact   = "place_exact"   // keyword place name, faceted
	FieldPlaceKey     = "place_key"     // keyword folded name, filtered on
	FieldMentioned    = "mentioned"     // keyword: every date range the text mentions, as DateSpanTerms
	FieldStored       = "stored"        // stored only: the article with entities, as JSON, without its body (stored in FieldBody)
	FieldSummary      = "summary"       // stored only: what a search hit shows, as JSON
	FieldStory        = "story"         // keyword, stored, with doc values: the story id shared by an article's wire copies
	FieldWireBands    = "wire_bands"    // terms, not stored: the bands of the body's MinHash signature (one value, space-separated), to find copies
	FieldWireSig      = "wire_sig"      // stored only: the body's MinHash signature, to verify candidate copies
	AnalyzerFolded    = "en_folded"     // Bleve's English analyser (stemming, stop words) plus case and accent folding
	AnalyzerKeyword   = keyword.Name    // the whole value as one term
	AnalyzerBands     = "wire_bands"    // terms separated by spaces, kept as they are
)

// MaxTermRunes is the longest term the text analyser indexes; longer
// tokens are cut to it.
const MaxTermRunes = 128

const truncateFilterName = "searchd_truncate"

// TextFields returns the full-text fields that a query term without a field
// name is searched in.
func TextFields() []string { return []string{FieldTitle, FieldBody} }

// New builds the index mapping.
func New() (*blevemapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	// No word is longer than MaxTermRunes; a longer token (a run of
	// characters without a space, as in a damaged or hostile document) is
	// cut, not indexed whole: Bleve's term dictionary costs about a hundred
	// bytes of memory per byte of a term while it builds a segment, so one
	// 4 MiB token took half a gigabyte.
	err := im.AddCustomTokenFilter(truncateFilterName, map[string]any{
		"type":   truncate.Name,
		"length": float64(MaxTermRunes),
	})
	if err != nil {
		return nil, fmt.Errorf("add token filter %s: %w", truncateFilterName, err)
	}
	err = im.AddCustomAnalyzer(AnalyzerFolded, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{
			truncateFilterName,
			en.PossessiveName,
			// Folding lower-cases too, and before Bleve's lower-case filter
			// could: that filter corrupts a token whose lower case is
			// shorter in UTF-8 ("İstanbul" became "i\uFFFDstanbul").
			FoldFilterName,
			en.StopName,
			porter.Name,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("add analyzer %s: %w", AnalyzerFolded, err)
	}
	// The band terms of a signature are one value, split at spaces: Bleve
	// builds a field per value of a list, and sixteen of them per article
	// cost more than the rest of its keyword fields together.
	err = im.AddCustomAnalyzer(AnalyzerBands, map[string]any{
		"type":          custom.Name,
		"tokenizer":     whitespace.Name,
		"token_filters": []string{},
	})
	if err != nil {
		return nil, fmt.Errorf("add analyzer %s: %w", AnalyzerBands, err)
	}
	im.DefaultAnalyzer = AnalyzerFolded
	// No _all composite field: it would index every word of title and body
	// a second time, with term vectors, for a union the query can make (see
	// TextFields). Unqualified terms that reach Bleve unexpanded search the body.
	im.DefaultField = FieldBody
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	doc.Dynamic = false

	fullText := func(analyzer string) *blevemapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = true
		f.IncludeTermVectors = true // positions for phrases, offsets for highlights
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	entityText := func() *blevemapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = AnalyzerFolded
		f.Store = false
		f.IncludeTermVectors = true // phrase queries such as person:"Nicolas Maduro" need positions
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(facet bool) *blevemapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = facet
		return f
	}
	// The story is read back from candidate copies at ingest, and counted
	// (doc values) under collapse.
	storedKeyword := func() *blevemapping.FieldMapping {
		f := kw(true)
		f.Store = true
		return f
	}
	// Band terms are looked up, never scored by frequency: without
	// frequencies and norms, Scorch writes a term found in one article in
	// its dictionary alone (most band terms are).
	bandTerms := func() *blevemapping.FieldMapping {
		f := kw(false)
		f.Analyzer = AnalyzerBands
		f.SkipFreqNorm = true
		return f
	}
	storedOnly := func() *blevemapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	date := func(sortable bool) *blevemapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = sortable
		return f
	}

	fields := []struct {
		name string
		fm   *blevemapping.FieldMapping
	}{
		{FieldTitle, fullText(AnalyzerFolded)},
		{FieldBody, fullText(AnalyzerFolded)},
		{FieldURL, kw(false)},
		{FieldSource, kw(true)},
		{FieldSourceKey, kw(false)},
		{FieldSourceText, entityText()},
		{FieldLanguage, kw(false)},
		{FieldAuthor, kw(false)},
		{FieldPublishedAt, date(true)},
		{FieldYear, kw(true)},
		{FieldMonth, kw(true)},
		{FieldCountry, kw(true)},
		{FieldCountryName, entityText()},
		{FieldAboutCountry, kw(true)},
		{FieldPerson, entityText()},
		{FieldPersonExact, kw(true)},
		{FieldPersonKey, kw(false)},
		{FieldGroup, entityText()},
		{FieldGroupExact, kw(true)},
		{FieldGroupKey, kw(false)},
		{FieldPlace, entityText()},
		{FieldPlaceExact, kw(true)},
		{FieldPlaceKey, kw(false)},
		{FieldMentioned, kw(false)},
		{FieldStored, storedOnly()},
		{FieldSummary, storedOnly()},
		{FieldStory, storedKeyword()},
		{FieldWireBands, bandTerms()},
		{FieldWireSig, storedOnly()},
	}
	for _, f := range fields {
		doc.AddFieldMappingsAt(f.name, f.fm)
	}
	im.DefaultMapping = doc
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("validate mapping: %w", err)
	}
	return im, nil
}
