package index

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	blevequery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
	"github.com/searchd/searchd/query"
)

// Resolver reads what users type as the entities the extractor knows:
// country names, aliases and demonyms, group aliases and acronyms, places
// and persons of the gazetteers. It is what query.Compile resolves words,
// phrases and entity fields with.
type Resolver struct {
	ex    Extractor
	vocab *vocabulary
}

var _ query.Resolver = (*Resolver)(nil)

// NewResolver returns the resolver of the extractor's vocabulary.
func NewResolver(ex Extractor) *Resolver {
	return &Resolver{ex: ex, vocab: newVocabulary(ex)}
}

// ResolveCountry maps an ISO code, name, alias or demonym to its code.
func (r *Resolver) ResolveCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if _, ok := r.ex.CountryName(strings.ToUpper(s)); ok {
			return strings.ToUpper(s), true
		}
	}
	code, _, ok := r.ex.ResolveCountry(s)
	return code, ok
}

// ResolveGroup maps a group's name or alias to its canonical name.
func (r *Resolver) ResolveGroup(s string) (string, bool) {
	return r.ex.ResolveGroup(s)
}

// minLowerAcronym is the length from which a name written only in capitals
// ("IRGC", "NATO") is also recognised typed in lower case: shorter ones
// ("US", "WHO", "UN") are English words in lower case.
const minLowerAcronym = 4

// Entities lists the entities whose name or alias is text, ignoring case
// and accents; names that stand for an entity only in capitals need the
// capitals when they are short.
func (r *Resolver) Entities(text string) []query.EntityRef {
	key := extract.Fold(text)
	if key == "" {
		return nil
	}
	var out []query.EntityRef
	for _, n := range r.vocab.exact(key) {
		if n.Capitals && len(key) < minLowerAcronym && !allCapitals(text) {
			continue
		}
		label := n.Label
		if n.Type == extract.Country {
			if name, ok := r.ex.CountryName(n.Value); ok {
				label = name
			}
		}
		ref := query.EntityRef{Type: string(n.Type), Value: n.Value, Label: label}
		if !containsRef(out, ref) {
			out = append(out, ref)
		}
	}
	return out
}

func containsRef(list []query.EntityRef, e query.EntityRef) bool {
	for _, x := range list {
		if x.Type == e.Type && x.Value == e.Value {
			return true
		}
	}
	return false
}

// allCapitals reports whether s has letters and all of them are capitals.
func allCapitals(s string) bool {
	letters := 0
	for _, c := range s {
		if unicode.IsLetter(c) {
			if !unicode.IsUpper(c) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// nameFields are, per facet filtered by name, its folded key field and its
// folded text field.
var nameFields = map[string][2]string{
	FacetGroup:  {mapping.FieldGroupKey, mapping.FieldGroup},
	FacetPerson: {mapping.FieldPersonKey, mapping.FieldPerson},
	FacetPlace:  {mapping.FieldPlaceKey, mapping.FieldPlace},
	FacetSource: {mapping.FieldSourceKey, mapping.FieldSourceText},
}

// NameFilter matches articles with any of the names as a value of the
// facet (group, person, place or source in bi): a name that is a value
// (its folded key is in the index, after resolving a group alias) matches
// exactly, and any other name matches every value containing its words in
// order, ignoring case and accents (person=Maduro finds Nicolás Maduro, not
// Madurova). Exact values, what a click on a facet sends, are one term
// lookup; the phrase, which reads positions, only runs for other names.
func (r *Resolver) NameFilter(bi bleve.Index, facet string, names []string) blevequery.Query {
	fields := nameFields[facet]
	qs := make([]blevequery.Query, 0, 2*len(names))
	for _, v := range names {
		key := extract.Fold(v)
		if facet == FacetGroup {
			if canon, ok := r.ex.ResolveGroup(v); ok {
				key = extract.Fold(canon)
			}
		}
		tq := bleve.NewTermQuery(key)
		tq.SetField(fields[0])
		qs = append(qs, tq)
		if hasTerm(bi, fields[0], key) {
			continue
		}
		pq := bleve.NewMatchPhraseQuery(v)
		pq.SetField(fields[1])
		qs = append(qs, pq)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// hasTerm reports whether the keyword field holds term in some document.
func hasTerm(bi bleve.Index, field, term string) bool {
	dict, err := bi.FieldDictRange(field, []byte(term), []byte(term))
	if err != nil {
		return false
	}
	defer dict.Close()
	entry, err := dict.Next()
	return err == nil && entry != nil && entry.Term == term && entry.Count > 0
}

// Explain says how q is read: its syntax tree and the entities its words
// were also searched as, or the error a search would give.
func (ix *Index) Explain(q string, expand bool) (query.Explanation, error) {
	if strings.TrimSpace(q) == "" {
		return query.Explain(&query.MatchAll{}, nil), nil
	}
	ast, _, interpreted, err := CompileQueryString(q, ix.names, ix.limits, expand)
	if err != nil {
		return query.Explanation{}, err
	}
	return query.Explain(ast, interpreted), nil
}

// Schema describes the search parameters and the query vocabulary.
func (ix *Index) Schema() query.Schema {
	return query.SearchSchema(query.Limits{MaxLength: ix.limits.MaxQueryLength})
}
