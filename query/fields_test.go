package query

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/searchd/searchd/mapping"
)

// TestFieldsMatchMapping: every Bleve field the vocabulary names exists in
// the mapping with the analyser, type and doc values the table assumes.
func TestFieldsMatchMapping(t *testing.T) {
	im, err := mapping.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		fm := im.FieldMappingForPath(f.Search)
		if fm.Type == "" {
			t.Errorf("%s: search field %q is not in the mapping", f.Name, f.Search)
			continue
		}
		switch f.Kind {
		case DateField:
			if f.Spans {
				if fm.Type != "text" || im.AnalyzerNameForPath(f.Search) != mapping.AnalyzerKeyword {
					t.Errorf("%s: %s holds date spans, so a keyword, not %s", f.Name, f.Search, fm.Type)
				}
			} else if fm.Type != "datetime" {
				t.Errorf("%s: %s is %s, not datetime", f.Name, f.Search, fm.Type)
			}
		default:
			if got := im.AnalyzerNameForPath(f.Search); got != f.Analyzer {
				t.Errorf("%s: %s is analysed by %q, the table says %q", f.Name, f.Search, got, f.Analyzer)
			}
		}
		for _, kw := range []string{f.Filter, f.Facet} {
			if kw == "" {
				continue
			}
			if got := im.AnalyzerNameForPath(kw); got != mapping.AnalyzerKeyword {
				t.Errorf("%s: %s is analysed by %q, not as a keyword", f.Name, kw, got)
			}
		}
		if f.Facet != "" && !im.FieldMappingForPath(f.Facet).DocValues {
			t.Errorf("%s: facet field %s has no doc values", f.Name, f.Facet)
		}
		if (f.Param != "") != (f.Filter != "") {
			t.Errorf("%s: a filter parameter needs a filter field and the reverse", f.Name)
		}
		if f.Kind == EntityField && f.Entity == "" {
			t.Errorf("%s: an entity field without an entity type", f.Name)
		}
		if f.Description == "" {
			t.Errorf("%s: no description", f.Name)
		}
	}
}

// TestNormalizerMatchesAnalyzer: a pattern's literal is normalised as the
// field's analyser makes a term of the same word (words chosen so that the
// stemmer leaves them alone, as it never sees a pattern).
func TestNormalizerMatchesAnalyzer(t *testing.T) {
	im, err := mapping.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if !f.Patterns {
			continue
		}
		for _, w := range []string{"TEHRAN", "Téhéran", "NICOLÁ", "Ærø", "Ελλάδα", "ſtraßa", "İstanbul", "ǅemal", "\u212Aelvin", "\u1E9Ea"} {
			a := im.AnalyzerNamed(im.AnalyzerNameForPath(f.Search))
			toks := a.Analyze([]byte(w))
			if len(toks) != 1 {
				t.Fatalf("%s: %q analyses to %d tokens", f.Name, w, len(toks))
			}
			if got, want := normalizer(&f)(w), string(toks[0].Term); got != want {
				t.Errorf("%s: %q normalises to %q, the analyser makes %q", f.Name, w, got, want)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"title", "Title", "PUBLISHED_AT", "country_name"} {
		if f, ok := Lookup(name); !ok || f.Name != strings.ToLower(name) {
			t.Errorf("Lookup(%q) = %q, %v", name, f.Name, ok)
		}
	}
	for _, name := range []string{"", "titl", "person_key", "group_exact", "_all"} {
		if _, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) found a field", name)
		}
	}
	f, _ := Lookup("year")
	f.FilteredBy[0] = "changed"
	if g, _ := Lookup("year"); g.FilteredBy[0] != "from" {
		t.Error("a caller changed the table through Lookup's result")
	}
}

func TestFacets(t *testing.T) {
	// The facet names and fields the index counts today (index/search.go).
	want := map[string]string{
		"country": mapping.FieldCountry, "about_country": mapping.FieldAboutCountry, "group": mapping.FieldGroupExact, "person": mapping.FieldPersonExact,
		"place": mapping.FieldPlaceExact, "source": mapping.FieldSource, "year": mapping.FieldYear, "month": mapping.FieldMonth,
	}
	if got := strings.Join(FacetNames(), ","); got != "country,about_country,group,person,place,source,year,month" {
		t.Errorf("FacetNames() = %s", got)
	}
	for _, f := range Facets() {
		if want[f.Name] != f.Facet {
			t.Errorf("facet %s counts %s, want %s", f.Name, f.Facet, want[f.Name])
		}
	}
}

func TestParams(t *testing.T) {
	want := []string{"country", "about_country", "group", "person", "place", "source", "country_op", "about_country_op", "group_op", "person_op", "place_op", "from", "to", "mentioned_from", "mentioned_to"}
	if got := Params(); !slices.Equal(got, want) {
		t.Errorf("Params() = %v, want %v", got, want)
	}
	for param, field := range map[string]string{"country": "country", "from": "published_at", "to": "published_at",
		"mentioned_to": "mentioned", "source": "source", "about_country": "about_country"} {
		if f, ok := ByParam(param); !ok || f.Name != field {
			t.Errorf("ByParam(%q) = %q, %v; want %s", param, f.Name, ok, field)
		}
	}
	for _, param := range []string{"", "q", "title", "facets"} {
		if _, ok := ByParam(param); ok {
			t.Errorf("ByParam(%q) found a field", param)
		}
	}
	// Which filters a facet's counts leave out (disjunctive faceting).
	for facet, by := range map[string]string{"country": "country", "year": "from,to", "month": "from,to", "place": "place"} {
		if f, _ := Lookup(facet); strings.Join(f.FilteredBy, ",") != by {
			t.Errorf("%s is filtered by %v, want %s", facet, f.FilteredBy, by)
		}
	}
	if f, ok := ForEntity("group"); !ok || f.Filter != mapping.FieldGroupKey {
		t.Errorf("ForEntity(group) = %+v, %v", f, ok)
	}
	if _, ok := ForEntity("date"); ok {
		t.Error("ForEntity(date) found a field")
	}
}

func TestSearchSchema(t *testing.T) {
	s := SearchSchema(Limits{})
	for _, p := range append(Params(), "q", "facets") {
		if _, ok := s.Properties[p]; !ok {
			t.Errorf("schema has no %s", p)
		}
	}
	if s.Properties["q"].MaxLength != DefaultLimits().MaxLength {
		t.Errorf("q maxLength %d", s.Properties["q"].MaxLength)
	}
	if len(s.Fields) != len(Fields()) {
		t.Errorf("schema lists %d fields", len(s.Fields))
	}
	if _, err := json.Marshal(s); err != nil {
		t.Fatal(err)
	}
}
