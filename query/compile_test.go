package query

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	blevequery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// fakeResolver knows a small world, matched on folded text as the real
// one is.
type fakeResolver struct{}

var (
	fakeCountries = map[string]string{
		"ir": "IR", "iran": "IR", "iranian": "IR", "iq": "IQ", "iraq": "IQ", "iraqi": "IQ",
		"us": "US", "u.s.": "US", "united states": "US", "ge": "GE", "georgia": "GE",
		"sy": "SY", "syria": "SY",
	}
	fakeGroups = map[string]string{
		"irgc": "Islamic Revolutionary Guard Corps", "islamic revolutionary guard corps": "Islamic Revolutionary Guard Corps",
		"hizbollah": "Hezbollah", "hezbollah": "Hezbollah", "quds force": "Quds Force",
	}
	fakeEntities = map[string][]EntityRef{
		"iran":                {{Type: "country", Value: "IR", Label: "Iran"}},
		"iranian":             {{Type: "country", Value: "IR", Label: "Iran"}},
		"u.s.":                {{Type: "country", Value: "US", Label: "United States"}},
		"irgc":                {{Type: "group", Value: "Islamic Revolutionary Guard Corps", Label: "Islamic Revolutionary Guard Corps"}},
		"hizbollah":           {{Type: "group", Value: "Hezbollah", Label: "Hezbollah"}},
		"quds force":          {{Type: "group", Value: "Quds Force", Label: "Quds Force"}},
		"maduro":              {{Type: "person", Value: "Nicolás Maduro", Label: "Nicolás Maduro"}},
		"nicolas maduro":      {{Type: "person", Value: "Nicolás Maduro", Label: "Nicolás Maduro"}},
		"tehran":              {{Type: "place", Value: "Tehran", Label: "Tehran"}},
		"georgia":             {{Type: "country", Value: "GE", Label: "Georgia"}, {Type: "place", Value: "Georgia", Label: "Georgia (US)"}, {Type: "country", Value: "GE", Label: "Georgia"}},
		"martian":             {{Type: "planet", Value: "Mars"}},
		"many":                {{Type: "person", Value: "A"}, {Type: "person", Value: "B"}, {Type: "person", Value: "C"}, {Type: "person", Value: "D"}, {Type: "person", Value: "E"}},
		"revolutionary guard": {{Type: "group", Value: "Islamic Revolutionary Guard Corps", Label: "Islamic Revolutionary Guard Corps"}},
	}
)

func (fakeResolver) ResolveCountry(s string) (string, bool) {
	code, ok := fakeCountries[extract.Fold(s)]
	return code, ok
}

func (fakeResolver) ResolveGroup(s string) (string, bool) {
	canon, ok := fakeGroups[extract.Fold(s)]
	return canon, ok
}

func (fakeResolver) Entities(text string) []EntityRef { return fakeEntities[extract.Fold(text)] }

// compileCases are read with the fake resolver; testdata/compile.golden
// holds what each compiles to.
var compileCases = []string{
	``,
	`*`,
	`Iran`,
	`iran`,
	`"Iran"`,
	`Iranian`,
	`"Iranian"`,
	`Iranian sanctions`,
	`sanctions -oil`,
	`-oil`,
	`-oil -gas`,
	`NOT Iranian`,
	`* -oil`,
	`* sanctions`,
	`(Iran OR Iraq) AND sanctions NOT oil`,
	`a OR -b`,
	`IRGC`,
	`Hizbollah`,
	`Maduro`,
	`"Nicolás Maduro"`,
	`"Quds Force"`,
	`"quds force"~2`,
	`Georgia`,
	`Martian`,
	`Many`,
	`U.S.`,
	`al-Assad`,
	`"U.S."`,
	`"oil prices"`,
	`"oil prices"~3`,
	`"oil"~3`,
	`Iran^2`,
	`(Iran sanctions)^2`,
	`((Iran^2) OR oil)^3`,
	`"Quds Force"^1.5`,
	`title:Iran`,
	`Title:Iranian`,
	`body:"oil prices"`,
	`title:(Iran OR Iraq)`,
	`source:"Atlas Report"`,
	`source:Atlas\ Report`,
	`source:atlas`,
	`author:"Jane Doe"`,
	`url:"https://example.com/a"`,
	`language:en`,
	`year:2024`,
	`month:2024-04`,
	`country:Iranian`,
	`country:IR`,
	`country:ir`,
	`country:"United States"`,
	`country:(Iran OR Iraq)`,
	`country:Atlantis`,
	`about_country:IR`,
	`about_country:Iranian`,
	`about_country:(Iran OR Iraq)`,
	`about_country:Atlantis`,
	`group:IRGC`,
	`group:Hizbollah`,
	`group:"Quds Force"`,
	`group:guard`,
	`group:"revolutionary guard"`,
	`person:maduro`,
	`person:"Nicolás Maduro"`,
	`place:Tehran`,
	`country_name:Iran`,
	`published_at:2024`,
	`published_at:2024-06`,
	`published_at:2024-06-01`,
	`published_at:2024-06-01T10:00:00Z`,
	`published_at:[2024-01 TO 2024-06]`,
	`published_at:{2024-01 TO 2024-06}`,
	`published_at:[2024 TO *]`,
	`published_at:[* TO 2024-06-30]`,
	`mentioned:[2024-10 TO 2024-12]`,
	`Ira*`,
	`IRA*`,
	`Tehr?n`,
	`Téhér*`,
	`title:Ira*`,
	`person:Nicol*`,
	`person:NICOLÁ*`,
	`source:Atlas*`,
	`/Teh.*/`,
	`/teh.*/`,
	`/^Teh.*/`,
	`/Teh[A-Z]+n/`,
	`person:/Nicolá.*/`,
	`/Teh\D+/`,
	`sanctoins~1`,
	`sanctoins~`,
	`Sanctions~2`,
	`source:Reuter~1`,
	`person:Nicolás~1`,
	"person:e\u0301x~1", // Bleve's ASCII folding keeps a combining accent, as the index does
	"person:ÆBC~1",      // and folds Æ to AE
	"title:ÉXY~1",       // the title and body keep accents
	`sanctions Iran~1 -oil`,
}

// render prints a Bleve query compactly.
func render(q blevequery.Query) string {
	var b strings.Builder
	renderTo(&b, q)
	return b.String()
}

func renderTo(b *strings.Builder, q blevequery.Query) {
	boost := func(bq blevequery.BoostableQuery) {
		if v := bq.Boost(); v != 1 {
			fmt.Fprintf(b, "^%g", v)
		}
	}
	list := func(name string, qs []blevequery.Query) {
		b.WriteString(name + "(")
		for i, s := range qs {
			if i > 0 {
				b.WriteString(", ")
			}
			renderTo(b, s)
		}
		b.WriteByte(')')
	}
	switch q := q.(type) {
	case *blevequery.BooleanQuery:
		var parts []string
		if q.Must != nil {
			parts = append(parts, "must "+render(q.Must))
		}
		if q.Should != nil {
			parts = append(parts, "should "+render(q.Should))
		}
		if q.MustNot != nil {
			parts = append(parts, "not "+render(q.MustNot))
		}
		b.WriteString("bool{" + strings.Join(parts, "; ") + "}")
	case *blevequery.ConjunctionQuery:
		list("and", q.Conjuncts)
	case *blevequery.DisjunctionQuery:
		list("or", q.Disjuncts)
	case *blevequery.MatchAllQuery:
		b.WriteString("all")
		boost(q)
	case *blevequery.MatchQuery:
		op := ""
		if q.Operator == blevequery.MatchQueryOperatorAnd {
			op = " and"
		}
		fmt.Fprintf(b, "match(%s %q%s)", q.FieldVal, q.Match, op)
		boost(q)
	case *blevequery.MatchPhraseQuery:
		fmt.Fprintf(b, "phrase(%s %q)", q.FieldVal, q.MatchPhrase)
		boost(q)
	case *ProximityQuery:
		fmt.Fprintf(b, "near(%s %q ~%d)", q.FieldVal, q.Phrase, q.Slop)
		boost(q)
	case *blevequery.TermQuery:
		fmt.Fprintf(b, "term(%s %q)", q.FieldVal, q.Term)
		boost(q)
	case *blevequery.PrefixQuery:
		fmt.Fprintf(b, "prefix(%s %q)", q.FieldVal, q.Prefix)
		boost(q)
	case *blevequery.WildcardQuery:
		fmt.Fprintf(b, "wildcard(%s %q)", q.FieldVal, q.Wildcard)
		boost(q)
	case *blevequery.RegexpQuery:
		fmt.Fprintf(b, "regexp(%s %q)", q.FieldVal, q.Regexp)
		boost(q)
	case *blevequery.FuzzyQuery:
		fmt.Fprintf(b, "fuzzy(%s %q ~%d prefix %d)", q.FieldVal, q.Term, q.Fuzziness, q.Prefix)
		boost(q)
	case *blevequery.TermRangeQuery:
		fmt.Fprintf(b, "termrange(%s %s..%s)", q.FieldVal, q.Min, q.Max)
	case *blevequery.DateRangeQuery:
		bound := func(t time.Time) string {
			if t.IsZero() {
				return "*"
			}
			return t.Format(time.RFC3339)
		}
		open, closing := "(", ")"
		if q.InclusiveStart != nil && *q.InclusiveStart {
			open = "["
		}
		if q.InclusiveEnd != nil && *q.InclusiveEnd {
			closing = "]"
		}
		fmt.Fprintf(b, "date(%s %s%s, %s%s)", q.FieldVal, open, bound(q.Start.Time), bound(q.End.Time), closing)
		boost(q)
	default:
		j, _ := json.Marshal(q)
		fmt.Fprintf(b, "%T%s", q, j)
	}
}

// readCompile describes what q compiles to, with its interpretations.
func readCompile(q string, opts Options) string {
	n, err := Parse(q)
	if err != nil {
		return "parse error: " + err.Error()
	}
	bq, interps, err := Compile(n, fakeResolver{}, opts)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return fmt.Sprintf("NOT AN *Error: %v", err)
		}
		return fmt.Sprintf("error %s: %s", e.Kind, e.Error())
	}
	out := render(bq)
	for _, in := range interps {
		out += fmt.Sprintf("\n  interpreted %q@%d as %s %s (%s)", in.Text, in.Pos, in.Entity.Type, in.Entity.Value, in.Entity.Label)
	}
	return out
}

func TestCompileGolden(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Compile of each query with the test's fake resolver: the Bleve tree, compactly,\n")
	b.WriteString("# and what was interpreted as an entity. Regenerate with: go test ./query -run TestCompileGolden -update\n\n")
	for _, q := range compileCases {
		fmt.Fprintf(&b, "%q\n  %s\n\n", q, readCompile(q, Options{}))
	}
	b.WriteString("# With Options{NoEntities: true}\n\n")
	for _, q := range []string{`Iranian`, `"Quds Force"`, `Iranian sanctions -IRGC`, `group:IRGC`, `country:Iranian`} {
		fmt.Fprintf(&b, "%q\n  %s\n\n", q, readCompile(q, Options{NoEntities: true}))
	}
	b.WriteString("# With Options{EntityBoost: 0.5, MaxEntities: 2}\n\n")
	for _, q := range []string{`Iranian`, `Many`} {
		fmt.Fprintf(&b, "%q\n  %s\n\n", q, readCompile(q, Options{EntityBoost: 0.5, MaxEntities: 2}))
	}
	b.WriteString("# Bleve JSON\n\n")
	for _, q := range []string{`Iranian sanctions -oil`, `source:"Atlas Report" published_at:[2024-01 TO 2024-06]`, `sanctoins~1 Ira*`, `"a b"~2`} {
		n, err := Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		bq, _, err := Compile(n, fakeResolver{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		j, err := json.MarshalIndent(bq, "  ", "  ")
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintf(&b, "%q\n  %s\n\n", q, j)
	}
	golden(t, filepath.Join("testdata", "compile.golden"), b.String())
}

// TestCompileNilResolver: with no resolver, country codes still resolve
// and nothing is expanded.
func TestCompileNilResolver(t *testing.T) {
	for q, want := range map[string]string{
		`country:ir`:   `term(country "IR")`,
		`Iranian`:      `bool{should or(match(title "Iranian" and), match(body "Iranian" and))}`,
		`group:IRGC`:   `match(group "IRGC" and)`,
		`country:Iran`: `error`,
	} {
		n, err := Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		bq, interps, err := Compile(n, nil, Options{})
		got := "error"
		if err == nil {
			got = render(bq)
		} else if !IsKind(err, Invalid) {
			t.Errorf("%s: error %v is not Invalid", q, err)
		}
		if got != want || len(interps) > 0 {
			t.Errorf("%s: got %s %v, want %s", q, got, interps, want)
		}
	}
}

// TestCompileHandBuilt: trees not from Parse are checked rather than
// compiled into something Bleve would refuse.
func TestCompileHandBuilt(t *testing.T) {
	for _, n := range []Node{
		&Term{Field: "nope", Text: "x"},
		&Wildcard{Field: "country", Pattern: "I*"},
		&Fuzzy{Field: "published_at", Text: "2024", Distance: 1},
		&Range{Field: "title", From: "2024"},
		&Term{Field: "published_at", Text: "soon"},
		&Fuzzy{Text: "ab", Distance: 1},
		&Range{Field: "published_at", From: "x"},
	} {
		if _, _, err := Compile(n, nil, Options{}); err == nil {
			t.Errorf("Compile(%s) = nil error", dump(n))
		} else if e := (*Error)(nil); !errors.As(err, &e) {
			t.Errorf("Compile(%s): %T is not *Error", dump(n), err)
		}
	}
}

// TestUnqualifiedFields: words naming no field search the mapping's text
// fields, the set the index searches.
func TestUnqualifiedFields(t *testing.T) {
	if got, want := strings.Join(UnqualifiedFields(), ","), strings.Join(mapping.TextFields(), ","); got != want {
		t.Errorf("UnqualifiedFields() = %s, mapping.TextFields() = %s", got, want)
	}
}
