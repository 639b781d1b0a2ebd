package extract

import (
	"cmp"
	"slices"
	"strings"
)

// AboutCountry is the type of the entities that name the countries an
// article is about, its geographic focus, as opposed to every country it
// mentions. Extract returns them after the entities of Types, one per
// country, ordered by how strongly the article is about it; Value and Label
// are those of the country, Mentions the evidence (the country's mentions
// and those of its cities, capital and state bodies). It is not one of
// Types: an about-country is a reading of the article, not a mention.
const AboutCountry Type = "about_country"

// aboutWeights are the weights of the evidence for the focus of an
// article. A reader takes an article to be about a country when the
// headline or the dateline names it, when the opening paragraph does, and
// when it keeps coming back; a country named once further down, or in a
// list of many, is context. Each mention of a country, directly or through
// one of its places or state bodies, adds (where it is) × (what it is);
// the article is about every country whose total is at least relative ×
// the top country's and at least minimum.
type aboutWeights struct {
	// Where the mention is.
	title    float64 // the headline states the story's subject
	dateline float64 // where the story was filed: where it happened, but also a summit's venue or a wire hub (Vienna, Dubai), so it confirms more than it decides
	lead     float64 // the opening paragraph says who, what and where
	rest     float64 // the rest of the body

	// What the mention is.
	direct  float64 // the country's name, a city, a region, a state body
	demonym float64 // an adjective ("Chinese firms", "a Kenyan runner") qualifies more often than it locates
	actor   float64 // a capital acting for its state ("Tehran denied", "Moscow's response"): the state as a protagonist
	inList  float64 // a factor for a mention among three or more countries in a row ("Mexico, Japan and Israel"): enumerations are context
	venue   float64 // a factor for the venue of a meeting ("talks in Doha", "the Geneva conference"): where the parties met, not what they met about

	// The threshold.
	relative float64 // of the top country's score: several countries may share the focus of a bilateral story
	minimum  float64 // more than one mention in the lead alone: a single early mention of a venue ("gathered in Davos") makes no focus
	unshown  float64 // the least score of a country the headline, dateline and lead do not name (but in a list): a story that keeps coming back to it
}

// defaultAboutWeights are the weights Extract uses, tuned on
// testdata/about/dev.jsonl and checked once on testdata/about/heldout.jsonl
// (about_eval_test.go; TestAboutWeightsSensitivity shows how the scores
// move around them).
func defaultAboutWeights() aboutWeights {
	return aboutWeights{
		title: 3, dateline: 1.5, lead: 2, rest: 1,
		direct: 1, demonym: 0.7, actor: 1.5, inList: 0.5, venue: 0.5,
		relative: 0.4, minimum: 2.5, unshown: 5,
	}
}

// leadTokens caps the opening paragraph of a body written without
// paragraph breaks: about two sentences of wire copy.
const leadTokens = 60

// evidence is one mention that counts for a country's focus.
type evidence struct {
	code   string
	field  int
	ti, tj int
	weight float64
	// prominent: in the headline, the dateline or the lead, and neither
	// in a list nor a venue
	prominent bool
}

// about returns the AboutCountry entities of an article from its accepted
// candidates.
func (d *doc) about(acc []candidate) []Entity {
	w := &d.e.about
	story := d.storyStart()
	dl := d.datelineEnd(story)
	lead := d.leadEnd(story)
	var ev []evidence
	var datelined []string        // the countries the dateline counted
	bodies := map[string]string{} // group value -> its country, "" for none
	last := -1                    // the candidate that gave the last evidence, or was folded into it
	// A place the article presents once as the venue of a meeting is a
	// venue throughout (the dateline of a conference's story), and a
	// place qualified once by its country ("VALENCIA, Spain") is in that
	// country throughout, whichever city of that name the gazetteer
	// prefers elsewhere.
	var venues map[string]bool
	var placeIn map[string]string
	for k := range acc {
		c := &acc[k]
		if isLoc(c) && d.venue(c) {
			if venues == nil {
				venues = map[string]bool{}
			}
			venues[c.value] = true
		}
		if k > 0 && acc[k].typ == Country && d.qualifies(&acc[k-1], c, c.value) {
			if placeIn == nil {
				placeIn = map[string]string{}
			}
			placeIn[acc[k-1].value] = c.value
		}
	}
	listed := d.listed(acc)
	n := 0
	for k := range acc {
		if isLoc(&acc[k]) || acc[k].typ == Group {
			n++
		}
	}
	ev = make([]evidence, 0, n)
	for k := range acc {
		if !d.step(1) {
			return nil
		}
		c := &acc[k]
		code, kind := d.evidenceOf(c, w, bodies)
		if code == "" {
			continue
		}
		if in, ok := placeIn[c.value]; ok && c.typ == Place {
			code = in
		}
		if last >= 0 && last == k-1 && d.qualifies(&acc[k-1], c, code) {
			// "Davos, Switzerland", "VALENCIA, Spain": one reference to a
			// place, written in two names
			if len(ev) > 0 && ev[len(ev)-1].ti == acc[k-1].ti && ev[len(ev)-1].field == c.field {
				ev[len(ev)-1].tj = c.tj
			}
			last = k
			continue
		}
		last = k
		where, prominent := w.rest, true
		switch {
		case c.field == 0:
			where = w.title
		case c.ti < story:
			// a byline or a date line: no part of the story's opening
			prominent = false
		case c.ti < dl:
			if slices.Contains(datelined, code) {
				continue // "SAN JUAN, Puerto Rico": the dateline counts once
			}
			datelined = append(datelined, code)
			where = w.dateline
		case c.ti < lead:
			where = w.lead
		default:
			prominent = false
		}
		x := where * kind
		if listed[k] {
			x *= w.inList
			prominent = false
		}
		if venues[c.value] {
			x *= w.venue
			prominent = false
		}
		ev = append(ev, evidence{code: code, field: c.field, ti: c.ti, tj: c.tj, weight: x, prominent: prominent})
	}
	// Each country's score, in order of first evidence so that ties keep
	// the text's order.
	type tally struct {
		code  string
		score float64
		shown bool // named in the headline, the dateline or the lead, neither listed nor a venue
		out   int  // its entity in out, or -1
	}
	var tallies []tally
	at := map[string]int{}
	for _, e := range ev {
		i, ok := at[e.code]
		if !ok {
			i = len(tallies)
			at[e.code] = i
			tallies = append(tallies, tally{code: e.code, out: -1})
		}
		tallies[i].score += e.weight
		tallies[i].shown = tallies[i].shown || e.prominent
	}
	top := 0.0
	for _, t := range tallies {
		top = max(top, t.score)
	}
	var chosen []int // indices in tallies
	for i, t := range tallies {
		if t.score >= w.minimum && t.score >= w.relative*top && (t.shown || t.score >= w.unshown) {
			if _, ok := d.e.g.byCode[t.code]; ok {
				chosen = append(chosen, i)
			}
		}
	}
	slices.SortStableFunc(chosen, func(a, b int) int { return cmp.Compare(tallies[b].score, tallies[a].score) })
	out := make([]Entity, len(chosen))
	for k, i := range chosen {
		tallies[i].out = k
		code := tallies[i].code
		out[k] = Entity{Type: AboutCountry, Value: code, Label: d.e.g.countries[d.e.g.byCode[code]].label}
	}
	for _, e := range ev {
		d.step(1)
		if k := tallies[at[e.code]].out; k >= 0 {
			f := &d.fields[e.field]
			out[k].Mentions = append(out[k].Mentions, Mention{
				Field: f.name,
				Start: int(f.toks[e.ti].start),
				End:   int(f.toks[e.tj-1].end),
				Text:  f.text[f.toks[e.ti].bstart:f.toks[e.tj-1].bend],
			})
		}
	}
	return out
}

// evidenceOf returns the country candidate c stands for and the weight w
// gives its kind, or "" when it says nothing of a country. bodies caches the
// countries of group names.
func (d *doc) evidenceOf(c *candidate, w *aboutWeights, bodies map[string]string) (string, float64) {
	switch c.typ {
	case Country:
		if d.e.g.demonyms[Fold(d.spanText(c.field, c.ti, c.tj))] {
			return c.value, w.demonym
		}
		return c.value, w.direct
	case Place:
		if c.country == "" {
			return "", 0
		}
		if d.capitalActs(c) {
			return c.country, w.actor
		}
		return c.country, w.direct
	case Group:
		code, ok := bodies[c.value]
		if !ok {
			code = d.bodyCountry(c.value)
			bodies[c.value] = code
		}
		return code, w.direct
	}
	return "", 0
}

// qualifies reports whether candidate c, of country code, is the
// qualifier of the place just before it: "Davos, Switzerland".
func (d *doc) qualifies(prev, c *candidate, code string) bool {
	return prev.typ == Place && prev.country == code && prev.field == c.field &&
		prev.tj+1 == c.ti && d.fields[c.field].toks[prev.tj].text == ","
}

// listed reports, for each candidate of acc, whether it is one of three
// or more country or place names in a row, joined by commas, "and" or "or"
// ("teams from Mexico, Japan, South Korea and Israel"): enumerations are
// context. One pass over acc, each run measured once.
func (d *doc) listed(acc []candidate) []bool {
	out := make([]bool, len(acc))
	joined := func(a, b *candidate) bool { // b follows a in a list
		if a.field != b.field || !isLoc(a) || !isLoc(b) || b.ti <= a.tj || b.ti-a.tj > 3 {
			return false
		}
		toks := d.fields[a.field].toks
		for t := a.tj; t < b.ti; t++ {
			switch toks[t].fold {
			case ",", "and", "or", "&", "the":
			default:
				return false
			}
		}
		return true
	}
	start := 0 // of the run acc[k] closes
	for k := 1; k <= len(acc); k++ {
		if k < len(acc) && joined(&acc[k-1], &acc[k]) {
			continue
		}
		if k-start >= 3 {
			for i := start; i < k; i++ {
				out[i] = true
			}
		}
		start = k
	}
	return out
}

// meetingWords name gatherings whose venue is no subject of theirs:
// "talks in Doha", "the Geneva conference".
var meetingWords = map[string]bool{
	"talks": true, "summit": true, "conference": true, "meeting": true, "meetings": true, "forum": true,
	"negotiations": true, "convention": true, "gathering": true,
}

// namedAfterWords are the things named after the place they were agreed
// in ("the Oslo Accords", "the Minsk agreement", "the Normandy format"):
// the name is no mention of a focus. After "in" they are not venues:
// "the peace process in Colombia" is about Colombia.
var namedAfterWords = map[string]bool{
	"accord": true, "accords": true, "agreement": true, "agreements": true, "declaration": true,
	"format": true, "process": true, "protocol": true, "communique": true,
}

// meetingVerbs say that parties met; the place after "in" is the venue
// ("met in Istanbul"), the name before them a party ("Russia met").
var meetingVerbs = map[string]bool{
	"meet": true, "meets": true, "met": true, "meeting": true, "gathered": true, "convened": true,
}

// venue reports whether candidate c names where a meeting took place: the
// place after "in" or "at" a few words after a meeting word ("talks in
// Doha", "a conference in Geneva on Monday", "met in Istanbul") or just
// before one or before a thing named after where it was agreed ("the
// Geneva conference", "Doha talks", "the Oslo Accords").
func (d *doc) venue(c *candidate) bool {
	toks := d.fields[c.field].toks
	next := foldAt(toks, c.tj)
	if next == "-" {
		next = foldAt(toks, c.tj+1) // "the Doha-talks"
	}
	if meetingWords[next] || namedAfterWords[next] {
		return true
	}
	if p := foldAt(toks, c.ti-1); p != "in" && p != "at" {
		return false
	}
	for k := c.ti - 2; k >= 0 && k >= c.ti-5; k-- {
		if meetingWords[toks[k].fold] || meetingVerbs[toks[k].fold] {
			return true
		}
		if !toks[k].word {
			return false
		}
	}
	return false
}

// isLoc reports whether c names a country or a place of one.
func isLoc(c *candidate) bool {
	return c.typ == Country || c.typ == Place && c.country != ""
}

// actorWords follow a capital that stands for its government: speech and
// decisions ("Tehran denied", "Washington has warned").
var actorWords = map[string]bool{
	"said": true, "says": true, "say": true, "denied": true, "denies": true, "warned": true, "warns": true,
	"accused": true, "accuses": true, "rejected": true, "rejects": true, "called": true, "calls": true,
	"urged": true, "urges": true, "insisted": true, "insists": true, "demanded": true, "demands": true,
	"announced": true, "announces": true, "responded": true, "condemned": true, "condemns": true,
	"blamed": true, "blames": true, "threatened": true, "threatens": true, "wants": true, "wanted": true,
	"expects": true, "expected": true, "hopes": true, "agreed": true, "agrees": true, "signed": true,
	"plans": true, "fears": true, "welcomed": true, "welcomes": true, "protested": true, "claimed": true,
	"claims": true, "considers": true, "believes": true, "sees": true, "sent": true, "sends": true,
	"imposed": true, "imposes": true, "ordered": true, "orders": true, "recalled": true, "expelled": true,
	"has": true, "have": true, "had": true, "will": true, "would": true, "may": true, "might": true,
	"could": true, "can": true, "must": true, "should": true, "is": true, "was": true, "did": true,
	"does": true, "took": true, "takes": true, "backed": true, "backs": true, "supports": true, "supported": true,
	"'s": true, "’s": true,
}

// capitalActs reports whether the place candidate c is a capital standing
// for its state: a capital of the gazetteer, not after a locative ("in
// Washington"), and followed by a verb of speech or decision, any verb in
// the past tense or a possessive ("Tehran denied", "Moscow retaliated",
// "Beijing's subsidies").
func (d *doc) capitalActs(c *candidate) bool {
	toks := d.fields[c.field].toks
	if c.ti > 0 {
		switch toks[c.ti-1].fold {
		case "in", "at", "to", "from", "into", "near", "outside", "around", "via", "across", "towards", "toward", "of":
			return false
		}
	}
	next := foldAt(toks, c.tj)
	if (next == "'" || next == "’") && foldAt(toks, c.tj+1) == "s" {
		next = "'s"
	}
	if !actorWords[next] && !pastTense(tokAt(toks, c.tj)) {
		return false
	}
	// "Washington, D.C." is listed as a capital without its comma
	for _, name := range []string{c.value, strings.ReplaceAll(c.value, ",", "")} {
		for _, r := range d.e.g.byFold[Fold(name)] {
			if r.kind == refPlace {
				if p := d.e.g.places[r.id]; strings.Contains(p.flags, "c") && p.country == c.country {
					return true
				}
			}
		}
	}
	return false
}

// pastTense reports whether t reads as a verb in the past tense, as most
// of what a state does is reported ("Moscow retaliated", "Beijing
// imposed"): a lower-case word of five letters or more ending in "ed".
func pastTense(t token) bool {
	return t.word && !t.cap && len(t.fold) >= 5 && strings.HasSuffix(t.fold, "ed")
}

// stateSeats are state bodies whose names say nothing of their country:
// seats of power and agencies that news names for the state itself ("the
// Kremlin said", "the Pentagon confirmed"). A body with its country in its
// name ("Ministry of Foreign Affairs (Iran)", "Bank of Japan", "Sudanese
// Armed Forces") needs no entry, nor does a legislature of legislatures.
var stateSeats = map[string]string{
	"Kremlin": "RU", "White House": "US", "Pentagon": "US", "Federal Reserve": "US",
	"Federal Bureau of Investigation": "US", "Central Intelligence Agency": "US", "NASA": "US",
	"Securities and Exchange Commission": "US", "Office of Foreign Assets Control": "US",
	"Mossad": "IL", "Shin Bet": "IL", "Islamic Revolutionary Guard Corps": "IR",
	"People's Liberation Army": "CN", "Downing Street": "GB", "Élysée Palace": "FR",
	"Bundeswehr": "DE", "Bundesbank": "DE", "Quds Force": "IR",
}

// legislatureCountries maps each name of legislatures to its country.
var legislatureCountries = func() map[string]string {
	out := map[string]string{}
	for _, names := range legislatures {
		for code, v := range names {
			out[v] = code
		}
	}
	return out
}()

// bodyCountry returns the country a group belongs to when the group is a
// body of that country's state or names the country ("United States
// Department of Defense", "Central Bank of Russia", "Korean Air"), else "".
func (d *doc) bodyCountry(name string) string {
	if code, ok := d.e.bodies[name]; ok {
		return code
	}
	code, toks := bodyCountryOf(d.e.g, name, d.nameToks[:0], &d.work)
	d.nameToks = toks
	return code
}

// groupBodies returns bodyCountry's answer for every group of the
// gazetteer, computed once by New: tokenizing the names of an article's
// groups again at every article was a twentieth of the extraction's time.
func groupBodies(g *gazetteer) map[string]string {
	out := make(map[string]string, len(g.groups)+len(stateSeats)+len(legislatureCountries))
	var toks []token
	for _, gr := range g.groups {
		out[gr.canonical], toks = bodyCountryOf(g, gr.canonical, toks[:0], nil)
	}
	for name := range legislatureCountries {
		out[name], toks = bodyCountryOf(g, name, toks[:0], nil)
	}
	for name, code := range stateSeats {
		out[name] = code
	}
	return out
}

// bodyCountryOf is bodyCountry computed, tokenizing name in toks and
// counting the work on m (nil for none); it returns the tokens for reuse.
func bodyCountryOf(g *gazetteer, name string, toks []token, m *meter) (string, []token) {
	if code, ok := stateSeats[name]; ok {
		return code, toks
	}
	for _, r := range g.byFold[Fold(name)] {
		if r.kind == refGroup && g.groups[r.id].country != "" {
			return g.groups[r.id].country, toks // a party of one country
		}
	}
	if code, ok := legislatureCountries[name]; ok {
		return code, toks
	}
	// Every gazetteer name inside the group's, not only the longest: the
	// longest at the start of "United States Department of Defense" is the
	// group itself.
	toks = tokenize(name, toks, m)
	for i := range toks {
		n := g.root
		for j := i; j < len(toks) && j-i < 12; j++ {
			m.step(1)
			if n = n.next[toks[j].fold]; n == nil {
				break
			}
			for _, r := range n.refs {
				if r.kind == refCountry || r.kind == refDemonym {
					return g.countries[r.id].code, toks
				}
			}
		}
	}
	return "", toks
}

// storyStart returns the index of the body token the story starts at,
// after up to maxHeaderLines header lines a page or a feed may put before
// it: a byline ("By Jane Doe | Reuters"), a date line, a kicker. A header
// line is short and ends without a sentence's final mark; a body that is
// only such lines starts at 0.
func (d *doc) storyStart() int {
	const maxHeaderLines, headerTokens = 3, 12
	toks := d.fields[1].toks
	start := 0
	for line := 0; line < maxHeaderLines; line++ {
		end := start + 1
		for end < len(toks) && !toks[end].nl && end-start <= headerTokens {
			end++
		}
		if end >= len(toks) || !toks[end].nl || end-start > headerTokens {
			return start // the story itself, or a body of one line
		}
		switch toks[end-1].text {
		case ".", "!", "?", "\"", "”", ":":
			return start
		}
		start = end
	}
	return start
}

// datelineEnd returns the index of the first body token after the
// dateline that opens the story at token start ("BRASILIA, March 3
// (Reuters) -", "KYIV (AP) —", "SAN JUAN, Puerto Rico —"), or start when
// the story has none. A dateline is a short run of capitalised words, a
// date and an agency in brackets, ended by a dash; its place is written in
// capitals or followed by the agency.
func (d *doc) datelineEnd(start int) int {
	toks := d.fields[1].toks
	if start >= len(toks) || !toks[start].word || !toks[start].cap {
		return start
	}
	caps, agency := toks[start].upper, false
	for i := start + 1; i < len(toks) && i <= start+datelinePrefix+4; i++ {
		t := toks[i]
		switch {
		case t.nl:
			return start
		case t.text == "—" || t.text == "–" || t.text == "-" || t.text == "--" || t.text == "―":
			if caps || agency {
				return i + 1
			}
			return start
		case t.text == "(":
			agency = true
		case t.word && (t.cap || t.digit || nameParticles[t.fold]):
		case !t.word && strings.Contains(",.)'’", t.text):
		default:
			if _, month := monthNames[t.fold]; !month {
				return start
			}
		}
	}
	return start
}

// leadEnd returns the index of the first body token after the opening
// paragraph of the story starting at token start: the next line break, or
// leadTokens tokens in.
func (d *doc) leadEnd(start int) int {
	toks := d.fields[1].toks
	for i := start + 1; i < len(toks) && i < start+leadTokens; i++ {
		if toks[i].nl {
			return i
		}
	}
	return min(len(toks), start+leadTokens)
}
