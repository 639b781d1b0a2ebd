package index

import (
	"cmp"
	"context"
	"slices"
	"sort"
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
	names   []extract.Name
	aliases map[entityKey][]string // the folded names of each entity
}

// entityKey names one entity of the index.
type entityKey struct{ typ, value string }

func newVocabulary(ex Extractor) *vocabulary {
	v := &vocabulary{names: ex.Names(), aliases: map[entityKey][]string{}}
	for _, n := range v.names {
		k := entityKey{string(n.Type), n.Value}
		v.aliases[k] = append(v.aliases[k], n.Name)
	}
	return v
}

// prefixRange returns the bounds of the names starting with the folded
// prefix p.
func (v *vocabulary) prefixRange(p string) (int, int) {
	i, _ := slices.BinarySearchFunc(v.names, p, func(n extract.Name, s string) int { return cmp.Compare(n.Name, s) })
	j := i + sort.Search(len(v.names)-i, func(k int) bool { return !strings.HasPrefix(v.names[i+k].Name, p) })
	return i, j
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
	at     map[string]map[string]int32 // type -> value -> its entry in byType
	// words lists, for every entry, each suffix of its folded names that
	// starts a word, sorted: the entries a prefix matches are a range of
	// it, found by binary search instead of a scan of every value.
	words []wordRef
	// ranked is every entry in the order suggestions are shown (article
	// count, then label, then type), for prefixes so short that they
	// match thousands of names: the first size entries that match are the
	// answer, found without reading the others.
	ranked []rankedRef
}

// rankedRef is an entry of the table in suggestion order.
type rankedRef struct {
	typ   string
	entry int32
}

// manyMatches reports whether a prefix matching m names is answered from
// the ranked list, stopping at the first size matches, rather than by
// collecting and sorting every match. Among n entries the ranked scan
// tests about size·n/m of them, each costing about an eighth of what
// collecting a match costs (measured by BenchmarkSuggestKeystrokes), so
// it wins once m·m > size·n/8.
func manyMatches(m, size, n int) bool { return 8*m*m > size*n }

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
	folded  []string // folded value and label, matched at every word
	aliases []string // the gazetteer's folded names, matched from the start
}

// matches returns the entry's name that the folded prefix p starts, or a
// word of its value or label starts, and whether there is one.
func (e *tableEntry) matches(p string) (string, bool) {
	for _, f := range e.folded {
		if wordPrefix(f, p) {
			return f, true
		}
	}
	for _, a := range e.aliases {
		if strings.HasPrefix(a, p) {
			return a, true
		}
	}
	return "", false
}

// wordPrefix reports whether p starts f or one of its words.
func wordPrefix(f, p string) bool {
	for j := 0; j+len(p) <= len(f); j++ {
		if (j == 0 || f[j-1] == ' ' || f[j-1] == '-') && strings.HasPrefix(f[j:], p) {
			return true
		}
	}
	return false
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
	values := make(map[string][]FacetValue, len(SuggestTypes))
	for _, typ := range SuggestTypes {
		v, err := ix.allEntities(ctx, typ, facetField[typ])
		if err != nil {
			return nil, err
		}
		values[typ] = v
	}
	t := newEntityTable(epoch, ix.vocab, values)
	ix.table.table, ix.table.built = t, time.Now()
	return t, nil
}

// newEntityTable indexes the values of each entity type, ordered by
// article count, for suggestions.
func newEntityTable(epoch uint64, vocab *vocabulary, values map[string][]FacetValue) *entityTable {
	t := &entityTable{epoch: epoch, byType: map[string][]tableEntry{}, at: map[string]map[string]int32{}}
	for _, typ := range SuggestTypes {
		values := values[typ]
		entries := make([]tableEntry, len(values))
		at := make(map[string]int32, len(values))
		for i, v := range values {
			entries[i] = tableEntry{FacetValue: v, folded: []string{extract.Fold(v.Value)}}
			if v.Label != v.Value {
				entries[i].folded = append(entries[i].folded, extract.Fold(v.Label))
			}
			entries[i].aliases = vocab.aliases[entityKey{typ, v.Value}]
			at[v.Value] = int32(i)
			t.ranked = append(t.ranked, rankedRef{typ: typ, entry: int32(i)})
		}
		t.byType[typ], t.at[typ] = entries, at
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
	slices.SortFunc(t.ranked, func(a, b rankedRef) int {
		ea, eb := &t.byType[a.typ][a.entry], &t.byType[b.typ][b.entry]
		return cmp.Or(cmp.Compare(eb.Count, ea.Count), cmp.Compare(ea.Label, eb.Label), cmp.Compare(a.typ, b.typ))
	})
	return t
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
	m := matchRanges(t, ix.vocab, p)
	if manyMatches(m.count(), size, len(t.ranked)) {
		return ix.suggestRanked(t, m, p, types, size), nil
	}
	return ix.suggestCollected(t, m, p, types, size), nil
}

// prefixMatches are the ranges of the gazetteer's names (names[ni:nj]) and
// of the word index (words[wi:wj]) that start with a folded prefix.
type prefixMatches struct{ ni, nj, wi, wj int }

func matchRanges(t *entityTable, v *vocabulary, p string) prefixMatches {
	var m prefixMatches
	m.ni, m.nj = v.prefixRange(p)
	m.wi, m.wj = t.wordRange(p)
	return m
}

// count is the number of names matched.
func (m prefixMatches) count() int { return (m.nj - m.ni) + (m.wj - m.wi) }

// suggestCollected answers a prefix that matches few names: every match
// collected, then sorted.
func (ix *Index) suggestCollected(t *entityTable, m prefixMatches, p string, types []string, size int) []Suggestion {
	found := map[entityKey]Suggestion{}
	add := func(typ, value, label, matched string) {
		if !slices.Contains(types, typ) {
			return
		}
		n := t.count(typ, value)
		if n == 0 {
			return
		}
		k := entityKey{typ, value}
		if old, ok := found[k]; ok && (old.Matched == p || matched != p) {
			return // keep an exact match, else the first
		}
		found[k] = Suggestion{Type: typ, Value: value, Label: label, Matched: matched, Count: n}
	}
	for _, n := range ix.vocab.names[m.ni:min(m.nj, m.ni+maxNameMatches)] {
		typ := string(n.Type)
		label := n.Label
		if typ == FacetCountry {
			label = ix.label(FacetCountry, n.Value)
		}
		add(typ, n.Value, label, n.Name)
	}
	for _, w := range t.words[m.wi:min(m.wj, m.wi+maxWordMatches)] {
		e := t.byType[w.typ][w.entry]
		add(w.typ, e.Value, e.Label, w.name)
	}
	out := make([]Suggestion, 0, len(found))
	for _, s := range found {
		out = append(out, s)
	}
	sortSuggestions(out, p)
	return out[:min(size, len(out))]
}

// sortSuggestions orders suggestions as they are shown: names equal to
// the folded prefix p first, then by article count.
func sortSuggestions(out []Suggestion, p string) {
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
}

// count returns the articles with an entity, 0 for a value the index
// does not hold.
func (t *entityTable) count(typ, value string) int {
	if i, ok := t.at[typ][value]; ok {
		return t.byType[typ][i].Count
	}
	return 0
}

// wordRange returns the bounds of the word index's entries starting with
// the folded prefix p.
func (t *entityTable) wordRange(p string) (int, int) {
	i, _ := slices.BinarySearchFunc(t.words, p, func(w wordRef, s string) int { return strings.Compare(w.word, s) })
	j := i + sort.Search(len(t.words)-i, func(k int) bool { return !strings.HasPrefix(t.words[i+k].word, p) })
	return i, j
}

// suggestRanked answers a prefix that matches many names: the names equal
// to it, then the first entries of the ranked list that match it, which
// are the most mentioned.
func (ix *Index) suggestRanked(t *entityTable, m prefixMatches, p string, types []string, size int) []Suggestion {
	var out []Suggestion
	seen := map[entityKey]bool{}
	exact := func(typ, value string) {
		k := entityKey{typ, value}
		i, ok := t.at[typ][value]
		if seen[k] || !ok || !slices.Contains(types, typ) {
			return
		}
		seen[k] = true
		e := &t.byType[typ][i]
		out = append(out, Suggestion{Type: typ, Value: value, Label: e.Label, Matched: p, Count: e.Count})
	}
	for _, n := range ix.vocab.exact(p) {
		exact(string(n.Type), n.Value)
	}
	for _, w := range t.words[m.wi:m.wj] {
		if w.word != p {
			break
		}
		if w.name == p {
			exact(w.typ, t.byType[w.typ][w.entry].Value)
		}
	}
	sortSuggestions(out, p)
	for _, r := range t.ranked {
		if len(out) >= size {
			break
		}
		e := &t.byType[r.typ][r.entry]
		if seen[entityKey{r.typ, e.Value}] || !slices.Contains(types, r.typ) {
			continue
		}
		if m, ok := e.matches(p); ok {
			out = append(out, Suggestion{Type: r.typ, Value: e.Value, Label: e.Label, Matched: m, Count: e.Count})
		}
	}
	return out[:min(size, len(out))]
}
