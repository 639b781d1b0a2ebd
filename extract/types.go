package extract

import "time"

// Type is the kind of an extracted entity.
type Type string

// The entity types the extractor emits.
const (
	Person  Type = "person"
	Country Type = "country"
	Group   Type = "group"
	Place   Type = "place"
	Date    Type = "date"
)

// Types lists every entity type in a stable order.
var Types = []Type{Person, Country, Group, Place, Date}

// Field names the article field a mention was found in.
type Field string

// The article fields the extractor reads.
const (
	FieldTitle Field = "title"
	FieldBody  Field = "body"
)

// Granularity is the precision of an extracted date.
type Granularity string

// Date granularities, from the finest to the coarsest.
const (
	Day   Granularity = "day"
	Month Granularity = "month"
	Year  Granularity = "year"
)

// Input is the text of one article and what the extractor needs to read it.
type Input struct {
	Title     string
	Body      string
	Language  string    // BCP 47 tag such as "en"; empty means English
	Published time.Time // anchor for relative dates such as "yesterday"
	// MaxWork bounds the units of work ExtractContext may spend on the
	// article; past it the call fails with an error wrapping ErrBudget.
	// 0 means no bound. A unit is one token visited by one stage, or one
	// comparison or trie step: news takes about 30 units per token, 5 to 6
	// per byte of text; the densest inputs tried (lines of dashes, chains
	// of hyphenated names) about 30 per byte; and no input more than 200
	// per token plus 1,000, the bound TestLinearWork and FuzzExtractLinear
	// check. A field has at most a token per byte, so 200 × bytes + 1,000
	// stops no article at all, and 50 × bytes none but inputs built to be
	// slow. Extract ignores MaxWork.
	MaxWork int64
}

// Mention is one occurrence of an entity in the article text.
type Mention struct {
	Field Field  `json:"field"`
	Start int    `json:"start"` // offset of the first character, in Unicode code points
	End   int    `json:"end"`   // offset just past the last character, in Unicode code points
	Text  string `json:"text"`  // the text as written, equal to the field's runes [Start:End)
}

// Entity is one distinct entity of an article with all its mentions.
//
// Value is canonical and is what facets count:
//   - country: ISO 3166-1 alpha-2 code ("IR")
//   - person, group: the canonical name ("Nicolás Maduro", "Islamic Revolutionary Guard Corps")
//   - place: the place name ("Damascus"), its country in Country
//   - date: an ISO date at its granularity ("2023-10-07", "2024-04", "2024"),
//     or a range "FROM/TO" of such dates for vague dates ("2024-09/2024-12")
type Entity struct {
	Type        Type        `json:"type"`
	Value       string      `json:"value"`
	Label       string      `json:"label"`                 // display form ("Iran", "Nicolás Maduro", "April 2024")
	Country     string      `json:"country,omitempty"`     // place: ISO code of its country
	Granularity Granularity `json:"granularity,omitempty"` // date only
	From        string      `json:"from,omitempty"`        // date only: first day covered, YYYY-MM-DD
	To          string      `json:"to,omitempty"`          // date only: last day covered, YYYY-MM-DD
	Mentions    []Mention   `json:"mentions"`
}
