package query

import "strings"

// Resolver maps what a user writes to the entities the index knows. The
// index implements it over the extractor's gazetteer (countries, groups and
// their aliases) and its own entity values (persons, places); Compile and
// Filter only read through it, and a nil Resolver knows nothing but ISO
// country codes.
type Resolver interface {
	// ResolveCountry maps a country's ISO 3166-1 alpha-2 code, name, alias
	// or demonym ("IR", "Iran", "Iranian"), ignoring case and accents, to
	// its code ("IR").
	ResolveCountry(s string) (code string, ok bool)
	// ResolveGroup maps a group's name or alias ("IRGC"), ignoring case and
	// accents, to its canonical name ("Islamic Revolutionary Guard Corps").
	ResolveGroup(s string) (canonical string, ok bool)
	// Entities lists the entities whose name or alias is text, ignoring
	// case and accents: what a word or phrase of a query may denote
	// ("Iranian": the country IR). It returns nil when there are none.
	// text is as typed, so acronyms should match in capitals only, as the
	// extractor reads them: "US" is the country, "us" is a word. It is
	// called once per word and phrase of a query: a lookup, not a scan.
	Entities(text string) []EntityRef
}

// EntityRef is an entity a word or phrase denotes.
type EntityRef struct {
	Type  string `json:"type"`  // country, group, person or place (extract.Type)
	Value string `json:"value"` // canonical value: ISO code for a country, canonical name otherwise
	Label string `json:"label"` // display form: "Iran", "Nicolás Maduro"
}

// codesOnly is the Resolver used when none is given: it knows that two
// ASCII letters are a country code and nothing else.
type codesOnly struct{}

// ResolveCountry accepts two ASCII letters as a code.
func (codesOnly) ResolveCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 2 {
		return "", false
	}
	for i := 0; i < 2; i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return "", false
		}
	}
	return strings.ToUpper(s), true
}

// ResolveGroup knows no group.
func (codesOnly) ResolveGroup(string) (string, bool) { return "", false }

// Entities knows no entity.
func (codesOnly) Entities(string) []EntityRef { return nil }
