package query

import (
	"slices"
	"strings"

	"github.com/searchd/searchd/mapping"
)

// FieldKind is what a field holds, which decides how a value given for it
// is matched.
type FieldKind string

// The kinds of field.
const (
	TextField    FieldKind = "text"    // analysed text: words, phrases and patterns match its terms
	KeywordField FieldKind = "keyword" // whole values: a value matches exactly, case included
	DateField    FieldKind = "date"    // instants: a value is a period, a range its bounds
	EntityField  FieldKind = "entity"  // an extracted entity: names in q, keys in filters, a facet
)

// KeyForm is how a filter value becomes the term its filter field holds.
type KeyForm string

// The forms of filter key.
const (
	KeyExact   KeyForm = "exact"   // the value as given
	KeyFold    KeyForm = "fold"    // extract.Fold of the value (or of its canonical name)
	KeyCountry KeyForm = "country" // the ISO code the resolver gives for a name, alias, demonym or code
)

// Alias names the Resolver method that turns what a user writes into an
// entity's canonical value.
type Alias string

// The aliases a Resolver knows.
const (
	NoAlias      Alias = ""
	CountryAlias Alias = "country" // Resolver.ResolveCountry
	GroupAlias   Alias = "group"   // Resolver.ResolveGroup
)

// Field is one row of the query vocabulary: a name usable as "name:" in q
// and, for some, as an HTTP filter parameter and a facet. The one table of
// these (see Fields) drives parsing of q, of filter parameters, facets and
// the schema served to the UI.
type Field struct {
	Name        string    `json:"name"`                   // as written before ":" in q (any case)
	Kind        FieldKind `json:"kind"`                   // how values match
	Entity      string    `json:"entity,omitempty"`       // entity type for entity fields: country, group, person, place
	Search      string    `json:"search"`                 // Bleve field a q clause on Name searches
	Analyzer    string    `json:"analyzer,omitempty"`     // Search's analyser; pattern literals are normalised as it does
	Unqualified bool      `json:"unqualified,omitempty"`  // words naming no field search this field too
	Patterns    bool      `json:"patterns,omitempty"`     // accepts wildcards, /regexps/ and fuzzy terms
	Filter      string    `json:"filter_field,omitempty"` // Bleve keyword field that filters and entity matches use
	Key         KeyForm   `json:"key,omitempty"`          // how a filter value becomes a Filter term
	Facet       string    `json:"facet_field,omitempty"`  // Bleve field the facet named Name counts; "" for no facet
	Param       string    `json:"param,omitempty"`        // repeatable HTTP filter parameter, values OR'ed
	FromParam   string    `json:"from_param,omitempty"`   // date fields: HTTP parameter of the range's start
	ToParam     string    `json:"to_param,omitempty"`     // date fields: HTTP parameter of the range's end
	FilteredBy  []string  `json:"filtered_by,omitempty"`  // parameters whose filter a count of this facet leaves out
	Alias       Alias     `json:"alias,omitempty"`        // resolver of names to values
	Spans       bool      `json:"spans,omitempty"`        // date fields: ranges indexed as mapping.DateSpanTerms, matched by overlap
	OpParam     string    `json:"op_param,omitempty"`     // HTTP parameter saying how Param's values combine: or (default), and
	Description string    `json:"description"`            // one line for the UI
}

// IsFacet reports whether the field can be counted as a facet.
func (f Field) IsFacet() bool { return f.Facet != "" }

// analysed reports whether the field's values are split into words, so that
// a phrase and its slop mean something.
func (f Field) analysed() bool { return f.Analyzer != mapping.AnalyzerKeyword }

// fields is the vocabulary. Its order is the display order; facets come in
// the order the index lists them (country, about_country, group, person,
// place, source, year, month). Several rows may hold values of one entity
// type (country and about_country): the first is the one q's words that
// name an entity expand to. It is never written after initialisation: accessors return
// copies.
var fields = []Field{
	{Name: "title", Kind: TextField, Search: mapping.FieldTitle, Analyzer: mapping.AnalyzerFolded,
		Unqualified: true, Patterns: true, Description: "the headline"},
	{Name: "body", Kind: TextField, Search: mapping.FieldBody, Analyzer: mapping.AnalyzerFolded,
		Unqualified: true, Patterns: true, Description: "the article text"},
	{Name: "country", Kind: EntityField, Entity: "country", Search: mapping.FieldCountry, Analyzer: mapping.AnalyzerKeyword,
		Filter: mapping.FieldCountry, Key: KeyCountry, Facet: mapping.FieldCountry, Param: "country", OpParam: "country_op",
		FilteredBy: []string{"country"}, Alias: CountryAlias,
		Description: "a country the article mentions: ISO code, name, alias or demonym (IR, Iran, Iranian)"},
	{Name: "about_country", Kind: EntityField, Entity: "country", Search: mapping.FieldAboutCountry, Analyzer: mapping.AnalyzerKeyword,
		Filter: mapping.FieldAboutCountry, Key: KeyCountry, Facet: mapping.FieldAboutCountry, Param: "about_country", OpParam: "about_country_op",
		FilteredBy: []string{"about_country"}, Alias: CountryAlias,
		Description: "a country the article is about, its geographic focus rather than every country it names: ISO code, name, alias or demonym"},
	{Name: "country_name", Kind: TextField, Search: mapping.FieldCountryName, Analyzer: mapping.AnalyzerFolded,
		Patterns: true, Description: "the names of the countries the article mentions, accents folded"},
	{Name: "group", Kind: EntityField, Entity: "group", Search: mapping.FieldGroup, Analyzer: mapping.AnalyzerFolded,
		Patterns: true, Filter: mapping.FieldGroupKey, Key: KeyFold, Facet: mapping.FieldGroupExact, Param: "group", OpParam: "group_op",
		FilteredBy: []string{"group"}, Alias: GroupAlias,
		Description: "an organisation the article mentions: an alias or acronym (IRGC), or words of its name"},
	{Name: "person", Kind: EntityField, Entity: "person", Search: mapping.FieldPerson, Analyzer: mapping.AnalyzerFolded,
		Patterns: true, Filter: mapping.FieldPersonKey, Key: KeyFold, Facet: mapping.FieldPersonExact, Param: "person", OpParam: "person_op",
		FilteredBy:  []string{"person"},
		Description: "a person the article mentions: words of the name, ignoring case and accents"},
	{Name: "place", Kind: EntityField, Entity: "place", Search: mapping.FieldPlace, Analyzer: mapping.AnalyzerFolded,
		Patterns: true, Filter: mapping.FieldPlaceKey, Key: KeyFold, Facet: mapping.FieldPlaceExact, Param: "place", OpParam: "place_op",
		FilteredBy:  []string{"place"},
		Description: "a place the article mentions: words of the name, ignoring case and accents"},
	{Name: "source", Kind: KeywordField, Search: mapping.FieldSource, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Filter: mapping.FieldSource, Key: KeyExact, Facet: mapping.FieldSource, Param: "source",
		FilteredBy: []string{"source"}, Description: "the publication, exactly as ingested"},
	{Name: "author", Kind: KeywordField, Search: mapping.FieldAuthor, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Description: "an author, exactly as ingested"},
	{Name: "url", Kind: KeywordField, Search: mapping.FieldURL, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Description: "the article's URL, exactly"},
	{Name: "language", Kind: KeywordField, Search: mapping.FieldLanguage, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Description: "the BCP 47 language tag (en)"},
	{Name: "year", Kind: KeywordField, Search: mapping.FieldYear, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Facet: mapping.FieldYear, FilteredBy: []string{"from", "to"},
		Description: "the year of publication, UTC (2024)"},
	{Name: "month", Kind: KeywordField, Search: mapping.FieldMonth, Analyzer: mapping.AnalyzerKeyword,
		Patterns: true, Facet: mapping.FieldMonth, FilteredBy: []string{"from", "to"},
		Description: "the month of publication, UTC (2024-04)"},
	{Name: "published_at", Kind: DateField, Search: mapping.FieldPublishedAt, FromParam: "from", ToParam: "to",
		Description: "when the article was published: a date (2024, 2024-04, 2024-04-01, RFC 3339) or a range [2024-01 TO 2024-06]"},
	{Name: "mentioned", Kind: DateField, Search: mapping.FieldMentioned, Analyzer: mapping.AnalyzerKeyword, Spans: true,
		FromParam: "mentioned_from", ToParam: "mentioned_to",
		Description: "a date the text mentions: a date or a range, as published_at"},
}

// Fields returns the vocabulary in display order.
func Fields() []Field {
	out := make([]Field, len(fields))
	for i, f := range fields {
		out[i] = f.clone()
	}
	return out
}

// clone copies f so that a caller cannot change the table through its slices.
func (f Field) clone() Field {
	f.FilteredBy = slices.Clone(f.FilteredBy)
	return f
}

// Lookup finds the field called name in q, ignoring case.
func Lookup(name string) (Field, bool) {
	if f, ok := lookupField(name); ok {
		return f.clone(), true
	}
	return Field{}, false
}

// ByParam finds the field an HTTP parameter filters: a filter parameter
// (country) or a date range end (from, mentioned_to).
func ByParam(param string) (Field, bool) {
	for _, f := range fields {
		if param != "" && (f.Param == param || f.FromParam == param || f.ToParam == param) {
			return f.clone(), true
		}
	}
	return Field{}, false
}

// ForEntity finds the field of an entity type (country, group, person, place).
func ForEntity(typ string) (Field, bool) {
	if f, ok := entityField(typ); ok {
		return f.clone(), true
	}
	return Field{}, false
}

// Facets returns the fields that can be counted, in display order.
func Facets() []Field {
	var out []Field
	for _, f := range fields {
		if f.IsFacet() {
			out = append(out, f.clone())
		}
	}
	return out
}

// FacetNames returns the names of the facets, in display order.
func FacetNames() []string {
	var out []string
	for _, f := range fields {
		if f.IsFacet() {
			out = append(out, f.Name)
		}
	}
	return out
}

// Params returns every HTTP parameter the vocabulary defines: the filter
// parameters, how their values combine, then the date range ends.
func Params() []string {
	var out []string
	for _, f := range fields {
		if f.Param != "" {
			out = append(out, f.Param)
		}
	}
	for _, f := range fields {
		if f.OpParam != "" {
			out = append(out, f.OpParam)
		}
	}
	for _, f := range fields {
		if f.FromParam != "" {
			out = append(out, f.FromParam, f.ToParam)
		}
	}
	return out
}

// UnqualifiedFields returns the Bleve fields that a word naming no field is
// searched in (title and body).
func UnqualifiedFields() []string {
	var out []string
	for _, f := range fields {
		if f.Unqualified {
			out = append(out, f.Search)
		}
	}
	return out
}

// fieldNames lists the names usable in q, for error messages.
func fieldNames() string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// lookupField is Lookup without the copy, for the parser and compiler,
// which only read the row.
func lookupField(name string) (*Field, bool) {
	for i := range fields {
		if strings.EqualFold(fields[i].Name, name) {
			return &fields[i], true
		}
	}
	return nil, false
}

// entityField is ForEntity without the copy.
func entityField(typ string) (*Field, bool) {
	for i := range fields {
		if fields[i].Entity != "" && fields[i].Entity == typ {
			return &fields[i], true
		}
	}
	return nil, false
}
