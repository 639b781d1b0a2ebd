package index

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/searchd/searchd/extract"
)

// What a user types is matched against two vocabularies: the names the
// extractor knows (gazetteers: "IRGC", "Iranian", "Hizbollah"), which map
// aliases to the values the index holds, and the values the index holds
// (every person, group, place and country extracted, with article counts),
// whose words are matched from their start ("mad" finds Nicolás Maduro).
// Only entities with articles are suggested: a suggestion must lead
// somewhere.

// SuggestTypes are the entity types suggestions come from.
var SuggestTypes = []string{FacetCountry, FacetGroup, FacetPerson, FacetPlace}

// Suggestion is an entity whose name or alias starts with what was typed.
type Suggestion struct {
	Type    string `json:"type"`    // country, group, person or place
	Value   string `json:"value"`   // the filter value
	Label   string `json:"label"`   // the display name
	Matched string `json:"matched"` // the name or alias that matched, folded
	Count   int    `json:"count"`   // articles with the entity
}

// maxNameMatches bounds the gazetteer names one prefix reads.
const maxNameMatches = 5000

// vocabulary is the gazetteer's names, sorted, built once.
type vocabulary struct {
	names []extract.Name
}

func newVocabulary(ex Extractor) *vocabulary {
	return &vocabulary{names: ex.Names()}
}

// withPrefix calls fn for each name starting with the folded prefix p.
func (v *vocabulary) withPrefix(p string, fn func(extract.Name)) {
	i, _ := slices.BinarySearchFunc(v.names, p, func(n extract.Name, s string) int { return cmp.Compare(n.Name, s) })
	for n := 0; i < len(v.names) && strings.HasPrefix(v.names[i].Name, p) && n < maxNameMatches; i, n = i+1, n+1 {
		fn(v.names[i])
	}
}

// exact returns the names equal to the folded name p.
func (v *vocabulary) exact(p string) []extract.Name {
	i, _ := slices.BinarySearchFunc(v.names, p, func(n extract.Name, s string) int { return cmp.Compare(n.Name, s) })
	j := i
	for j < len(v.names) && v.names[j].Name == p {
		j++
	}
	return v.names[i:j]
}

// entityTable is every value of the entity types with its article count
// and folded words, for one write epoch.
type entityTable struct {
	epoch  uint64
	byType map[string][]tableEntry
	counts map[string]map[string]int // type -> value -> articles
	// words lists, for every entry, each suffix of its folded names that
	// starts a word, sorted: the entries a prefix matches are a range of
	// it, found by binary search instead of a scan of every value.
	words []wordRef
}

// wordRef is a folded name from one of its words on, and its entry.
type wordRef struct {
	word  string // a suffix of a folded name, starting at a word
	typ   string
	entry int32  // in byType[typ]
	name  string // the whole folded name
}

// maxWordMatches bounds the entries one prefix reads from the word index.
const maxWordMatches = 20000

type tableEntry struct {
	FacetValue
	folded []string // folded value and label
}

// entityTableCache holds the table of the latest epoch.
type entityTableCache struct {
	mu    sync.Mutex
	table *entityTable
	built time.Time
}

// tableStaleness is how long a table outlives the write that made it old.
// Under continuous ingestion every commit starts a new epoch, and
// rebuilding the table (counting every value of four facets over the whole
// index) at each keystroke would make suggestions as slow as a full scan;
// counts a second old are fine for a search box.
const tableStaleness = time.Second

// entities returns the entity table, rebuilt when a write has happened
// since it was built and it is older than tableStaleness.
func (ix *Index) entities(ctx context.Context) (*entityTable, error) {
	epoch := ix.writes.Load()
	ix.table.mu.Lock()
	defer ix.table.mu.Unlock()
	if t := ix.table.table; t != nil && (t.epoch == epoch || time.Since(ix.table.built) < tableStaleness) {
		return t, nil
	}
	t := &entityTable{epoch: epoch, byType: map[string][]tableEntry{}, counts: map[string]map[string]int{}}
	for _, typ := range SuggestTypes {
		values, err := ix.allEntities(ctx, typ, facetField[typ])
		if err != nil {
			return nil, err
		}
		entries := make([]tableEntry, len(values))
		counts := make(map[string]int, len(values))
		for i, v := range values {
			entries[i] = tableEntry{FacetValue: v, folded: []string{extract.Fold(v.Value)}}
			if v.Label != v.Value {
				entries[i].folded = append(entries[i].folded, extract.Fold(v.Label))
			}
			counts[v.Value] = v.Count
		}
		t.byType[typ], t.counts[typ] = entries, counts
		for i, e := range entries {
			for _, f := range e.folded {
				for j := 0; j < len(f); j++ {
					if j == 0 || f[j-1] == ' ' || f[j-1] == '-' {
						t.words = append(t.words, wordRef{word: f[j:], typ: typ, entry: int32(i), name: f})
					}
				}
			}
		}
	}
	slices.SortFunc(t.words, func(a, b wordRef) int { return strings.Compare(a.word, b.word) })
	ix.table.table, ix.table.built = t, time.Now()
	return t, nil
}

// Suggest returns up to size entities of the given types (all when empty)
// whose name, alias or a word of their name starts with prefix, ignoring
// case and accents: exact names first, then by article count.
func (ix *Index) Suggest(ctx context.Context, prefix string, types []string, size int) ([]Suggestion, error) {
	if size == 0 {
		size = 10
	}
	if size < 1 || size > ix.limits.MaxFacetSize {
		return nil, invalid("size", "must be between 1 and %d, got %d", ix.limits.MaxFacetSize, size)
	}
	for _, typ := range types {
		if !slices.Contains(SuggestTypes, typ) {
			return nil, invalid("type", "want one of %s, got %q", strings.Join(SuggestTypes, ", "), typ)
		}
	}
	if len(types) == 0 {
		types = SuggestTypes
	}
	p := extract.Fold(prefix)
	if p == "" {
		return []Suggestion{}, nil
	}
	t, err := ix.entities(ctx)
	if err != nil {
		return nil, err
	}
	type key struct{ typ, value string }
	found := map[key]Suggestion{}
	add := func(typ, value, label, matched string) {
		if !slices.Contains(types, typ) {
			return
		}
		n := t.counts[typ][value]
		if n == 0 {
			return
		}
		k := key{typ, value}
		if old, ok := found[k]; ok && (old.Matched == p || matched != p) {
			return // keep an exact match, else the first
		}
		found[k] = Suggestion{Type: typ, Value: value, Label: label, Matched: matched, Count: n}
	}
	ix.vocab.withPrefix(p, func(n extract.Name) {
		typ := string(n.Type)
		label := n.Label
		if typ == FacetCountry {
			label = ix.label(FacetCountry, n.Value)
		}
		add(typ, n.Value, label, n.Name)
	})
	i, _ := slices.BinarySearchFunc(t.words, p, func(w wordRef, s string) int { return strings.Compare(w.word, s) })
	for n := 0; i < len(t.words) && strings.HasPrefix(t.words[i].word, p) && n < maxWordMatches; i, n = i+1, n+1 {
		w := t.words[i]
		e := t.byType[w.typ][w.entry]
		add(w.typ, e.Value, e.Label, w.name)
	}
	out := make([]Suggestion, 0, len(found))
	for _, s := range found {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		ea, eb := a.Matched == p, b.Matched == p
		if ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Type, b.Type))
	})
	return out[:min(size, len(out))], nil
}
