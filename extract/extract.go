package extract

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Extractor finds entities in articles. It holds only immutable tables built
// by New, so one Extractor is safe for concurrent use.
type Extractor struct {
	g     *gazetteer
	ner   *nerModel
	about aboutWeights
	// bodies maps the gazetteer's groups to the country each is a body
	// of, "" for none (see bodyCountry).
	bodies map[string]string
}

// New loads the embedded gazetteers and models.
func New() (*Extractor, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	m, err := loadNER()
	if err != nil {
		return nil, err
	}
	return &Extractor{g: g, ner: m, about: defaultAboutWeights(), bodies: groupBodies(g)}, nil
}

// ResolveCountry maps a country name, alias, ISO code or demonym to its ISO
// 3166-1 alpha-2 code and display label, ignoring case and accents:
// "Iran", "IR", "iran", "Iranian" all give ("IR", "Iran").
func (e *Extractor) ResolveCountry(s string) (code, label string, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 || len(s) == 3 {
		if id, ok := e.g.byCode[strings.ToUpper(s)]; ok && len(s) == 2 {
			c := e.g.countries[id]
			return c.code, c.label, true
		}
	}
	key := Fold(s)
	key = strings.TrimPrefix(key, "the ")
	for _, k := range []string{key, "the " + key} {
		for _, r := range e.g.byFold[k] {
			if r.kind == refCountry || r.kind == refDemonym {
				c := e.g.countries[r.id]
				return c.code, c.label, true
			}
		}
	}
	return "", "", false
}

// CountryName returns the display label of an ISO 3166-1 alpha-2 code.
func (e *Extractor) CountryName(code string) (string, bool) {
	id, ok := e.g.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return "", false
	}
	return e.g.countries[id].label, true
}

// ResolveGroup maps a group name or alias ("IRGC") to its canonical name
// ("Islamic Revolutionary Guard Corps"), ignoring case and accents.
func (e *Extractor) ResolveGroup(s string) (canonical string, ok bool) {
	key := Fold(s)
	for _, k := range []string{key, strings.TrimPrefix(key, "the ")} {
		for _, r := range e.g.byFold[k] {
			if r.kind == refGroup {
				return e.g.groups[r.id].canonical, true
			}
		}
	}
	return "", false
}

// IsDemonym reports whether s is an adjective or demonym of a country
// ("Iranian", "Americans") rather than its name. Evaluation uses it to leave
// adjectival mentions out of location scores.
func (e *Extractor) IsDemonym(s string) bool {
	return e.g.demonyms[Fold(s)]
}

// candidate is a possible entity mention, in tokens of one field.
type candidate struct {
	field    int // 0 title, 1 body
	ti, tj   int // token range [ti, tj)
	typ      Type
	value    string
	label    string
	country  string // place: its country; also emits a country mention
	date     *dateValue
	priority int // higher wins among spans of equal length
}

// fieldText is one field of the article being read.
type fieldText struct {
	name    Field
	text    string
	toks    []token
	allCaps bool
	// titleCase: a headline with every longer word capitalised; only the
	// gazetteers and names known from the rest of the article are read in it.
	titleCase bool
}

// doc is the state of one Extract call.
type doc struct {
	e      *Extractor
	in     Input
	fields [2]fieldText
	cands  []candidate
	// work counts the units of work of the call and stops it when the
	// context is done or the budget spent; tests read work.n.
	work meter
	// usCues is the article's count of US-state cues minus Caucasus cues,
	// computed on first need (usCuesDone).
	usCues     int
	usCuesDone bool
	// main is the running count behind mainCountry, kept as candidates
	// are added rather than recounted at every call.
	main mainCount
	// clubs are the folded names read as clubs from sports results, each
	// as its tokens' folds joined by spaces; see clubMentions.
	clubs map[string]bool
	// dctx is the context of the date matchers, reused by dateAt.
	dctx dateCtx
	// nameToks is the buffer bodyCountry tokenizes group names in.
	nameToks []token
}

// Extract returns the entities of an article: one Entity per distinct
// (Type, Value) with all its mentions, ordered by the position of Type in
// Types and then by first mention, followed by the AboutCountry entities,
// the countries the article is about (see AboutCountry). It runs to the end whatever the size of
// the article and ignores Input.MaxWork; see ExtractContext for a call that
// can be stopped.
func (e *Extractor) Extract(in Input) []Entity {
	in.MaxWork = 0
	ents, _ := e.ExtractContext(context.Background(), in)
	return ents
}

// ExtractContext is Extract that stops when ctx is done or when the article
// needs more than in.MaxWork units of work (see Input.MaxWork). It looks at
// ctx every few thousand units of work, under a millisecond apart, so a
// cancelled or timed-out call returns soon after, with no entities and an
// error wrapping ctx.Err() (context.DeadlineExceeded as soon as the clock
// passes ctx's deadline) or ErrBudget.
func (e *Extractor) ExtractContext(ctx context.Context, in Input) ([]Entity, error) {
	_, ents, err := e.extract(ctx, in)
	return ents, err
}

// extract runs one extraction and returns its state too, for the tests of
// the work it counts.
func (e *Extractor) extract(ctx context.Context, in Input) (*doc, []Entity, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("extract: %w", err)
	}
	title, body := validUTF8(in.Title), validUTF8(in.Body)
	if n := max(len(title), len(body)); n > math.MaxInt32 {
		// token offsets are int32
		return nil, nil, fmt.Errorf("extract: a field of %d bytes is longer than the 2 GiB the extractor reads", n)
	}
	d := &doc{e: e, in: in, work: newMeter(ctx, in.MaxWork)}
	d.fields[0] = newField(FieldTitle, title, &d.work)
	d.fields[1] = newField(FieldBody, body, &d.work)
	// News gives about one candidate per six tokens; grown from nothing by
	// append, the slice of a long article cost five times its final size.
	d.cands = make([]candidate, 0, (len(d.fields[0].toks)+len(d.fields[1].toks))/4+16)
	english := in.Language == "" || strings.HasPrefix(strings.ToLower(in.Language), "en")
	// Each stage gives up at its next unit of work once the meter says
	// stop; stopped() is checked between stages so that none starts on
	// half-built state.
	for f := range d.fields {
		if d.stopped() {
			return d, nil, d.work.err
		}
		d.scanGazetteer(f)
		d.scanDates(f, english)
		if english {
			// the tagger, the name rules and the date words are English
			d.scanOrgs(f)
			d.scanPlaces(f)
			d.scanPlacePairs(f)
			d.scanPersons(f)
			d.scanResults(f)
			d.scanFixtures(f)
			d.scanOrgContexts(f)
		}
	}
	if english && !d.stopped() {
		d.clubMentions()
	}
	if english && !d.stopped() {
		d.scanLegislatures()
	}
	if !d.stopped() {
		d.acronyms()
	}
	if d.stopped() {
		return d, nil, d.work.err
	}
	accepted := d.resolve()
	accepted = d.corefPersons(accepted)
	accepted = d.applyTraps(accepted)
	accepted = d.dropCurrencies(accepted)
	accepted = d.consistentTypes(accepted)
	accepted = d.groupCountries(accepted)
	if d.stopped() {
		return d, nil, d.work.err
	}
	ents := d.entities(accepted)
	ents = append(ents, d.about(accepted)...)
	if d.stopped() {
		return d, nil, d.work.err
	}
	return d, ents, nil
}

// stopped reports whether the extraction was cancelled or ran out of budget.
func (d *doc) stopped() bool { return !d.work.ok() }

// step counts k units of work; false means stop.
func (d *doc) step(k int) bool { return d.work.step(k) }

// newField tokenizes s, valid UTF-8, as field name.
func newField(name Field, s string, m *meter) fieldText {
	f := fieldText{name: name, text: s}
	f.toks = tokenize(s, nil, m)
	letters, uppers := 0, 0
	long, caps := 0, 0
	for _, t := range f.toks {
		if t.word && !t.digit {
			letters++
			if t.upper {
				uppers++
			}
			if len(t.text) >= 4 {
				long++
				if t.cap {
					caps++
				}
			}
		}
	}
	m.step(len(f.toks))
	f.allCaps = letters >= 4 && uppers*10 >= letters*8
	f.titleCase = name == FieldTitle && !f.allCaps && long >= 3 && caps*10 >= long*8
	return f
}

// validUTF8 replaces every invalid byte of s with U+FFFD, one rune per bad
// byte so that rune offsets stay those of the input; it is string([]rune(s))
// without the slice of four bytes per rune.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, r := range s {
		b.WriteRune(r) // a bad byte ranges as utf8.RuneError, written as U+FFFD
	}
	return b.String()
}

// spanText returns the text of tokens [i, j) of field f.
func (d *doc) spanText(f, i, j int) string {
	t := d.fields[f].toks
	return d.fields[f].text[t[i].bstart:t[j-1].bend]
}

// resolve keeps the best non-overlapping candidates: longer spans first,
// then higher priority, then earlier. The order is built by stable counting
// sorts, one per key from the last to the first, so that it is linear in the
// number of candidates and tokens (a comparison sort costs n·log n, and the
// stable one more).
func (d *doc) resolve() []candidate {
	c := d.cands
	maxTok := d.maxTokens()
	s := newIndexSort(len(c), &d.work)
	s.by(maxTok, func(k int32) int { return c[k].ti })
	s.by(len(d.fields), func(k int32) int { return c[k].field })
	s.by(prioRange, func(k int32) int { return prioRange - 1 - (c[k].priority - prioMin) }) // higher first
	s.by(maxTok, func(k int32) int { return maxTok - 1 - (c[k].tj - c[k].ti) })             // longer first
	// owner: per token, 1 + the index of the accepted candidate over it
	owner := [2][]int32{make([]int32, len(d.fields[0].toks)), make([]int32, len(d.fields[1].toks))}
	n := 0
	for _, k := range s.idx {
		x := &c[k]
		ok := true
		for t := x.ti; t < x.tj; t++ {
			if owner[x.field][t] != 0 {
				ok = false
				break
			}
		}
		if ok {
			for t := x.ti; t < x.tj; t++ {
				owner[x.field][t] = k + 1
			}
			n++
		}
		if !d.step(1 + x.tj - x.ti) {
			return nil
		}
	}
	// Accepted spans do not overlap (and none is empty): read at their
	// first tokens, they come in text order.
	out := make([]candidate, 0, n)
	for f := range owner {
		for t, k := range owner[f] {
			if !d.step(1) {
				return nil
			}
			if k != 0 && c[k-1].ti == t {
				out = append(out, c[k-1])
			}
		}
	}
	return out
}

// maxTokens bounds the token positions of the article: one more than the
// tokens of its longer field.
func (d *doc) maxTokens() int {
	return max(len(d.fields[0].toks), len(d.fields[1].toks)) + 1
}

// indexSort orders the indices 0..n-1 by stable counting sorts, one pass
// per key, the last key first: linear in n and in the range of the keys.
type indexSort struct {
	idx, buf, counts []int32
	m                *meter
}

func newIndexSort(n int, m *meter) *indexSort {
	s := &indexSort{idx: make([]int32, n), buf: make([]int32, n), m: m}
	for k := range s.idx {
		s.idx[k] = int32(k)
	}
	return s
}

// by orders s.idx stably by key, a number in [0, keys), a unit of work per
// index and per key: a sort pass over a million candidates takes tens of
// milliseconds, which a cancelled call should not wait for.
func (s *indexSort) by(keys int, key func(int32) int) {
	if cap(s.counts) < keys+1 {
		s.counts = make([]int32, keys+1)
	}
	counts := s.counts[:keys+1]
	clear(counts)
	s.m.step(keys)
	for _, k := range s.idx {
		if !s.m.step(1) {
			return // the caller sees the meter stopped; the order is dropped
		}
		counts[key(k)+1]++
	}
	for k := 1; k <= keys; k++ {
		counts[k] += counts[k-1]
	}
	for _, k := range s.idx {
		if !s.m.step(1) {
			return
		}
		p := &counts[key(k)]
		s.buf[*p] = k
		*p++
	}
	s.idx, s.buf = s.buf, s.idx
}

// entities groups accepted candidates into entities, ordered by type and
// then by where the candidate that made each one is, and each entity's
// mentions in text order. It is linear: entities are made in the order of
// acc (candidates corefPersons added come last, and an entity's place is
// that of its first candidate in this order, not of its first mention),
// mentions are then added in text order, so a repeat can only be one of the
// last mentions at the same start (comparing each new mention with all the
// earlier ones cost n² for an article naming one country ten thousand
// times), and the entities are put in order by counting sorts.
func (d *doc) entities(acc []candidate) []Entity {
	type key struct {
		t Type
		v string
	}
	index := map[key]int{}
	var out []Entity
	var made []int32 // per entity, the candidate of acc that made it
	var room []int32 // per entity, how many mentions it may get
	each := func(c *candidate, fn func(t Type, value, label, country string)) {
		if c.typ != Place {
			fn(c.typ, c.value, c.label, c.country)
			return
		}
		fn(Place, c.value, c.label, c.country)
		if c.country != "" {
			if id, ok := d.e.g.byCode[c.country]; ok {
				fn(Country, c.country, d.e.g.countries[id].label, "")
			}
		}
	}
	for k := range acc {
		if !d.step(1) {
			return nil
		}
		c := &acc[k]
		each(c, func(t Type, value, label, country string) {
			if value == "" {
				return
			}
			if e, ok := index[key{t, value}]; ok {
				room[e]++
				return
			}
			index[key{t, value}] = len(out)
			room = append(room, 1)
			en := Entity{Type: t, Value: value, Label: label, Country: country}
			if t == Date && c.date != nil {
				en.Granularity = c.date.gran
				en.From = c.date.from
				en.To = c.date.to
			}
			out = append(out, en)
			made = append(made, int32(k))
		})
	}
	// one array holds the mentions of all the entities, each its own part
	total := 0
	for _, r := range room {
		total += int(r)
	}
	all := make([]Mention, 0, total)
	for e := range out {
		out[e].Mentions = all[len(all) : len(all) : len(all)+int(room[e])]
		all = all[:len(all)+int(room[e])]
	}
	pos := newIndexSort(len(acc), &d.work)
	pos.by(d.maxTokens(), func(k int32) int { return acc[k].ti })
	pos.by(len(d.fields), func(k int32) int { return acc[k].field })
	for _, k := range pos.idx {
		if !d.step(1) {
			return nil
		}
		c := &acc[k]
		f := &d.fields[c.field]
		m := Mention{
			Field: f.name,
			Start: int(f.toks[c.ti].start),
			End:   int(f.toks[c.tj-1].end),
			Text:  f.text[f.toks[c.ti].bstart:f.toks[c.tj-1].bend],
		}
		each(c, func(t Type, value, _, _ string) {
			if value == "" {
				return
			}
			en := &out[index[key{t, value}]]
			for p := len(en.Mentions) - 1; p >= 0 && en.Mentions[p].Field == m.Field && en.Mentions[p].Start == m.Start; p-- {
				if en.Mentions[p] == m {
					return
				}
			}
			en.Mentions = append(en.Mentions, m)
		})
	}
	if len(out) == 0 {
		return nil // as before: no entities is a nil slice
	}
	// stable by type, then by the field and first token of the maker
	s := newIndexSort(len(out), &d.work)
	s.by(d.maxTokens(), func(k int32) int { return acc[made[k]].ti })
	s.by(len(d.fields), func(k int32) int { return acc[made[k]].field })
	s.by(len(Types), func(k int32) int { return max(slices.Index(Types, out[k].Type), 0) })
	sorted := make([]Entity, len(out))
	for k, i := range s.idx {
		sorted[k] = out[i]
	}
	return sorted
}

// Priorities among candidates of equal length.
const (
	prioOrgPattern = 1
	prioPerson     = 2
	prioPlace      = 3
	prioGroup      = 4
	prioCountry    = 5
	prioDate       = 6
	// prioClub is a club read from a sports result ("Newcastle beat
	// Arsenal 2-1"): there the city is the club, whatever the gazetteer says.
	prioClub = 7
	// prioMin and prioRange bound every priority a candidate gets
	// (prioOrgPattern-1 to prioClub) for the counting sort of resolve.
	prioMin   = prioOrgPattern - 1
	prioRange = prioClub - prioMin + 1
)
