package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Extractor finds entities in articles. It holds only immutable tables built
// by New, so one Extractor is safe for concurrent use.
type Extractor struct {
	g   *gazetteer
	ner *nerModel
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
	return &Extractor{g: g, ner: m}, nil
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
	// usCues is the article's count of US-state cues minus Caucasus cues,
	// computed on first need (usCuesDone).
	usCues     int
	usCuesDone bool
}

// Extract returns the entities of an article: one Entity per distinct
// (Type, Value) with all its mentions, ordered by the position of Type in
// Types and then by first mention.
func (e *Extractor) Extract(in Input) []Entity {
	d := &doc{e: e, in: in}
	d.fields[0] = newField(FieldTitle, in.Title)
	d.fields[1] = newField(FieldBody, in.Body)
	english := in.Language == "" || strings.HasPrefix(strings.ToLower(in.Language), "en")
	for f := range d.fields {
		d.scanGazetteer(f)
		d.scanDates(f, english)
		if english {
			// the tagger, the name rules and the date words are English
			d.scanOrgs(f)
			d.scanPlaces(f)
			d.scanPlacePairs(f)
			d.scanPersons(f)
		}
	}
	if english {
		d.scanLegislatures()
	}
	d.acronyms()
	accepted := d.resolve()
	accepted = d.corefPersons(accepted)
	accepted = d.applyTraps(accepted)
	accepted = d.groupCountries(accepted)
	return d.entities(accepted)
}

func newField(name Field, s string) fieldText {
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // one U+FFFD per bad byte keeps rune offsets
	}
	f := fieldText{name: name, text: s}
	f.toks = tokenize(s, nil)
	letters, uppers := 0, 0
	for _, t := range f.toks {
		if t.word && !t.digit {
			letters++
			if t.upper {
				uppers++
			}
		}
	}
	f.allCaps = letters >= 4 && uppers*10 >= letters*8
	long, caps := 0, 0
	for _, t := range f.toks {
		if t.word && !t.digit && len(t.text) >= 4 {
			long++
			if t.cap {
				caps++
			}
		}
	}
	f.titleCase = name == FieldTitle && !f.allCaps && long >= 3 && caps*10 >= long*8
	return f
}

// spanText returns the text of tokens [i, j) of field f.
func (d *doc) spanText(f, i, j int) string {
	t := d.fields[f].toks
	return d.fields[f].text[t[i].bstart:t[j-1].bend]
}

// resolve keeps the best non-overlapping candidates: longer spans first,
// then higher priority, then earlier.
func (d *doc) resolve() []candidate {
	c := d.cands
	slices.SortStableFunc(c, func(a, b candidate) int {
		if la, lb := a.tj-a.ti, b.tj-b.ti; la != lb {
			return lb - la
		}
		if a.priority != b.priority {
			return b.priority - a.priority
		}
		if a.field != b.field {
			return a.field - b.field
		}
		return a.ti - b.ti
	})
	var out []candidate
	taken := [2][]bool{make([]bool, len(d.fields[0].toks)), make([]bool, len(d.fields[1].toks))}
	for _, x := range c {
		ok := true
		for k := x.ti; k < x.tj; k++ {
			if taken[x.field][k] {
				ok = false
				break
			}
		}
		if ok {
			for k := x.ti; k < x.tj; k++ {
				taken[x.field][k] = true
			}
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		if a.field != b.field {
			return a.field - b.field
		}
		return a.ti - b.ti
	})
	return out
}

// entities groups accepted candidates into entities.
func (d *doc) entities(accepted []candidate) []Entity {
	type key struct {
		t Type
		v string
	}
	index := map[key]int{}
	var out []Entity
	add := func(c candidate, t Type, value, label, country string) {
		if value == "" {
			return
		}
		f := &d.fields[c.field]
		m := Mention{
			Field: f.name,
			Start: f.toks[c.ti].start,
			End:   f.toks[c.tj-1].end,
			Text:  f.text[f.toks[c.ti].bstart:f.toks[c.tj-1].bend],
		}
		k := key{t, value}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			en := Entity{Type: t, Value: value, Label: label, Country: country}
			if t == Date && c.date != nil {
				en.Granularity = c.date.gran
				en.From = c.date.from
				en.To = c.date.to
			}
			out = append(out, en)
		}
		for _, old := range out[i].Mentions {
			if old == m {
				return
			}
		}
		out[i].Mentions = append(out[i].Mentions, m)
	}
	for _, c := range accepted {
		switch c.typ {
		case Place:
			add(c, Place, c.value, c.label, c.country)
			if c.country != "" {
				if id, ok := d.e.g.byCode[c.country]; ok {
					add(c, Country, c.country, d.e.g.countries[id].label, "")
				}
			}
		default:
			add(c, c.typ, c.value, c.label, c.country)
		}
	}
	order := map[Type]int{}
	for i, t := range Types {
		order[t] = i
	}
	first := func(en Entity) (int, int) {
		m := en.Mentions[0]
		f := 0
		if m.Field == FieldBody {
			f = 1
		}
		return f, m.Start
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return order[out[i].Type] < order[out[j].Type]
		}
		fi, si := first(out[i])
		fj, sj := first(out[j])
		if fi != fj {
			return fi < fj
		}
		return si < sj
	})
	for i := range out {
		ms := out[i].Mentions
		sort.SliceStable(ms, func(a, b int) bool {
			if ms[a].Field != ms[b].Field {
				return ms[a].Field == FieldTitle
			}
			return ms[a].Start < ms[b].Start
		})
	}
	return out
}

// groupCountries gives a group name that parties of several countries share
// ("Workers' Party", "Liberal Party") the meaning of the country the
// article names most among them. A country written just before such a name
// is part of it ("Taiwan People's Party"); with no country of the article
// among the parties, the name stays as written.
func (d *doc) groupCountries(acc []candidate) []candidate {
	var counts map[string]int
	out := acc[:0]
	for k := range acc {
		c := acc[k]
		if c.typ != Group || c.priority == prioGroup+1 { // defined by an acronym
			out = append(out, c)
			continue
		}
		toks := d.fields[c.field].toks
		i := c.ti
		if toks[i].fold == "the" && c.tj-i > 1 {
			i++
		}
		refs := d.e.g.byFold[Fold(d.spanText(c.field, i, c.tj))]
		shared := 0
		for _, r := range refs {
			if r.kind == refGroup && d.e.g.groups[r.id].country != "" {
				shared++
			}
		}
		if shared < 2 {
			out = append(out, c)
			continue
		}
		if n := len(out); n > 0 && i == c.ti {
			p := out[n-1]
			if p.typ == Country && p.field == c.field && p.tj == c.ti && toks[p.tj-1].word && !d.e.g.demonyms[Fold(d.spanText(p.field, p.ti, p.tj))] {
				name := d.spanText(c.field, p.ti, c.tj)
				out[n-1] = candidate{field: c.field, ti: p.ti, tj: c.tj, typ: Group, value: name, label: name, priority: c.priority}
				continue
			}
		}
		if counts == nil {
			counts = map[string]int{}
			for _, x := range acc {
				switch {
				case x.typ == Country:
					counts[x.value]++
				case x.typ == Place && x.country != "":
					counts[x.country]++
				}
			}
		}
		best, bestN := d.spanText(c.field, i, c.tj), 0
		for _, r := range refs {
			if r.kind != refGroup {
				continue
			}
			gr := d.e.g.groups[r.id]
			if n := counts[gr.country]; gr.country != "" && n > bestN {
				best, bestN = gr.canonical, n
			}
		}
		c.value, c.label = best, best
		out = append(out, c)
	}
	return out
}
