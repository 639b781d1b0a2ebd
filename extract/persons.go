package extract

import (
	"slices"
	"strings"
)

// titleWords are titles and honorifics stripped from persons' names.
var titleWords = map[string]bool{
	"president": true, "vice": true, "prime": true, "minister": true, "premier": true,
	"chancellor": true, "king": true, "queen": true, "prince": true, "princess": true,
	"crown": true, "sheikh": true, "shaikh": true, "sheik": true, "emir": true, "sultan": true,
	"ayatollah": true, "grand": true, "supreme": true, "leader": true, "imam": true, "cleric": true,
	"gen": true, "general": true, "lt": true, "col": true, "colonel": true, "maj": true,
	"major": true, "capt": true, "captain": true, "adm": true, "admiral": true, "sgt": true,
	"commander": true, "marshal": true, "field": true, "brig": true, "brigadier": true,
	"dr": true, "doctor": true, "prof": true, "professor": true, "mr": true, "mrs": true,
	"ms": true, "miss": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"sen": true, "senator": true, "rep": true, "representative": true, "gov": true,
	"governor": true, "mayor": true, "judge": true, "justice": true, "secretary": true,
	"foreign": true, "defense": true, "defence": true, "interior": true, "finance": true,
	"state": true, "deputy": true, "chief": true, "ambassador": true, "envoy": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "pope": true, "father": true,
	"rev": true, "reverend": true, "bishop": true, "cardinal": true, "rabbi": true,
	"mullah": true, "hojatoleslam": true, "speaker": true, "chairman": true, "chairwoman": true,
	"ceo": true, "director": true, "mp": true, "officer": true,
	"pvt": true, "cpl": true, "sergeant": true, "lieutenant": true, "attorney": true,
	"economy": true, "trade": true, "health": true, "oil": true, "energy": true, "opposition": true,
	"mr.": true, "dr.": true,
}

// roleWords are job and role words news writes before a name ("Striker
// Tomas Vrana", "coach Elena Marsh", "Opposition leader X"). Capitalised
// there they are no part of the name, yet they say a person follows: read
// as part of it, the name became a group and its later surname mentions
// joined nothing. Words that are common surnames (Farmer, Baker, Hunter)
// are left out.
var roleWords = map[string]bool{
	"striker": true, "midfielder": true, "defender": true, "goalkeeper": true,
	"keeper": true, "winger": true, "fullback": true, "coach": true, "manager": true, "skipper": true,
	"referee": true, "umpire": true, "pitcher": true, "quarterback": true, "batsman": true,
	"bowler": true, "jockey": true, "cyclist": true, "golfer": true, "boxer": true, "sprinter": true,
	"swimmer": true, "gymnast": true, "teammate": true, "actor": true, "actress": true,
	"singer": true, "rapper": true, "musician": true, "comedian": true, "author": true,
	"novelist": true, "poet": true, "lawyer": true, "activist": true, "journalist": true,
	"reporter": true, "columnist": true, "analyst": true, "economist": true, "strategist": true,
	"researcher": true, "scientist": true, "historian": true, "founder": true,
	"cofounder": true, "entrepreneur": true, "billionaire": true, "tycoon": true,
	"businessman": true, "businesswoman": true, "investor": true, "candidate": true,
	"challenger": true, "incumbent": true, "nominee": true, "lawmaker": true, "legislator": true,
	"councillor": true, "councilor": true, "congressman": true, "congresswoman": true,
	"dissident": true, "blogger": true, "photographer": true, "filmmaker": true,
	"prosecutor": true, "defendant": true, "suspect": true, "surgeon": true, "physician": true,
	"pastor": true, "teacher": true,
}

// nameEndWords end names of places and organisations, never of persons.
var nameEndWords = map[string]bool{
	"park": true, "railroad": true, "railway": true, "center": true, "centre": true, "school": true,
	"university": true, "college": true, "hospital": true, "river": true, "brook": true, "pond": true,
	"lake": true, "cup": true, "mall": true, "gym": true, "dock": true, "reservoir": true,
	"county": true, "street": true, "avenue": true, "road": true, "square": true, "bridge": true,
	"airport": true, "stadium": true, "award": true, "prize": true, "trophy": true, "island": true,
	"islands": true, "mountain": true, "mountains": true, "valley": true, "bay": true, "hall": true,
	"house": true, "building": true, "tower": true, "church": true, "mosque": true, "city": true,
	"province": true, "district": true, "state": true, "party": true, "group": true, "company": true,
	"inc": true, "corp": true, "ministry": true, "council": true, "army": true, "forces": true,
	"times": true, "post": true, "news": true, "fund": true, "bank": true, "institute": true,
}

// nameParticles may sit inside a person's name in lower case.
var nameParticles = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "de": true, "da": true,
	"del": true, "della": true, "di": true, "van": true, "von": true, "der": true, "den": true,
	"la": true, "le": true, "du": true, "dos": true, "das": true, "abu": true, "ben": true, "y": true,
}

// scanPersons adds person candidates for field f, from the statistical
// tagger when it is loaded and from name and title rules.
func (d *doc) scanPersons(f int) {
	fl := &d.fields[f]
	if fl.allCaps || fl.titleCase {
		return
	}
	var tags []uint8
	if d.e.ner != nil {
		var spans map[string][][2]int
		tags, spans = d.e.ner.nerSpans(d, f)
		per := spans["PER"]
		for k := 0; k < len(per); k++ {
			if !d.step(1) {
				return
			}
			sp := per[k]
			// "Tamim" bin "Hamad Al Thani": spans joined by a particle
			for k+1 < len(per) && per[k+1][0] == sp[1]+1 && nameParticles[fl.toks[sp[1]].fold] {
				sp[1] = per[k+1][1]
				k++
			}
			d.addPerson(f, sp[0], sp[1], prioPerson)
		}
		for _, sp := range spans["ORG"] {
			if !d.step(1) {
				return
			}
			d.addNEROrg(f, sp[0], sp[1])
		}
		for _, sp := range spans["LOC"] {
			if !d.step(1) {
				return
			}
			d.addNERPlace(f, sp[0], sp[1])
		}
	}
	toks := fl.toks
	// A name run read from token i ends where the run read from any
	// earlier start it passes through ends: nameRun treats a token after
	// the start the same whatever the start, and every token a start may be
	// is one the run passes through (it skips only the full stop of an
	// initial). So a run is read once, not again from each of its tokens,
	// which cost n² on "Iran Iran Iran ...".
	runEnd := -1
	// bad is the first token at or after i in the run that the tagger reads
	// as an organisation, place or other name (tags >= 3), or runEnd; it
	// only moves forward.
	bad := 0
	for i := 0; i < len(toks); i++ {
		if !d.step(1) {
			return
		}
		t := toks[i]
		if !t.word || !t.cap || t.digit || titleWords[t.fold] || roleWords[t.fold] || (t.upper && len(t.text) > 1) {
			continue
		}
		if i >= runEnd {
			runEnd = d.nameRun(f, i)
			bad = i
		}
		j := runEnd
		if j <= i {
			continue
		}
		titled := i > 0 && d.titledBefore(f, i)
		first := d.e.g.firstName[t.fold]
		ok := false
		switch {
		case titled && j-i <= 6:
			ok = true
		case j-i >= 2 && j-i <= 4 && first >= 3000 && !d.e.g.common[t.fold]:
			ok = true
		case j-i >= 2 && j-i <= 4 && first >= 30000:
			ok = true
		}
		if ok && nameEndWords[toks[j-1].fold] {
			ok = false
		}
		if ok && tags != nil && !titled {
			if bad < i {
				bad = i
			}
			for bad < j && tags[bad] < 3 {
				bad++
				d.step(1)
			}
			if bad < j { // the tagger reads an ORG, LOC or MISC here
				ok = false
			}
		}
		if ok {
			d.addPerson(f, i, j, prioPerson)
			i = j - 1
		}
	}
}

// nameRun returns the end of the run of name tokens starting at i:
// capitalised words, initials ("J."), lower-case particles and hyphens
// inside the name ("al-Assad").
func (d *doc) nameRun(f, i int) int {
	toks := d.fields[f].toks
	j := i
	for j < len(toks) {
		d.step(1)
		t := toks[j]
		switch {
		case t.word && t.cap && !t.digit && (!(t.upper && t.runes() > 2) || j > i && romanNumeral(t.text)):
			if j > i && (titleWords[t.fold] || roleWords[t.fold]) && d.e.g.firstName[t.fold] == 0 {
				return j
			}
			j++
			// an initial written apart: "George W . Bush"
			if t.runes() == 1 && j < len(toks) && toks[j].text == "." && j+1 < len(toks) && toks[j+1].cap {
				j++
			}
		case t.word && nameParticles[t.fold] && j+1 < len(toks) && (toks[j+1].cap || toks[j+1].text == "-" && j+2 < len(toks) && toks[j+2].cap):
			j++
		case t.text == "-" && !t.space && j > i && j+1 < len(toks) && toks[j+1].word && toks[j+1].cap && !toks[j+1].space:
			j++
		default:
			return j
		}
	}
	return j
}

// titledBefore reports whether a title or honorific ends just before token i.
func (d *doc) titledBefore(f, i int) bool {
	toks := d.fields[f].toks
	k := i - 1
	if k >= 0 && toks[k].text == "." {
		k--
	}
	if k < 0 {
		return false
	}
	t := toks[k]
	if roleWords[t.fold] {
		return true
	}
	switch t.fold {
	case "president", "premier", "chancellor", "king", "queen", "prince", "sheikh", "sheik", "emir",
		"sultan", "ayatollah", "gen", "general", "col", "colonel", "maj", "adm", "admiral", "sgt",
		"dr", "prof", "professor", "mr", "mrs", "ms", "sir", "dame", "lord", "sen", "senator",
		"rep", "gov", "governor", "mayor", "judge", "minister", "secretary", "ambassador",
		"envoy", "pope", "rabbi", "cardinal", "bishop", "commander", "leader", "spokesman",
		"spokeswoman", "spokesperson", "lt", "capt", "chairman", "chairwoman", "ceo", "hojatoleslam", "mullah", "imam":
		return t.cap || t.fold == "spokesman" || t.fold == "spokeswoman" || t.fold == "spokesperson"
	}
	return false
}

// addPerson adds a person candidate for the best name inside tokens [i, j):
// titles, countries, acronyms and words in lower case split the span
// ("U.S. Defense Secretary Lloyd Austin", "Annalena Baerbock said Europe"),
// hyphenated parts join it ("Lai Ching-te", "al-Assad").
func (d *doc) addPerson(f, i, j, prio int) {
	toks := d.fields[f].toks
	glued := func(k int) bool { // "-" between two words, no spaces
		return k > 0 && k+1 < len(toks) && toks[k].text == "-" && !toks[k].space && !toks[k+1].space && toks[k-1].word && toks[k+1].word
	}
	// Hyphenated parts join the name, up to maxNameTokens: a chain of
	// "John-John-John-..." joined whole to each of its names was read
	// once per name, n² in all.
	for j+1 < len(toks) && glued(j) && j-i < maxNameTokens {
		j += 2
		d.step(1)
	}
	for i >= 2 && glued(i-1) && nameParticles[toks[i-2].fold] && j-i < maxNameTokens {
		i -= 2
		d.step(1)
	}
	bi, bj := -1, -1
	s := -1
	d.step(j - i + 1)
	for k := i; k <= j; k++ {
		if k < j && d.nameToken(f, k, s < 0, glued) {
			if s < 0 {
				s = k
			}
			continue
		}
		if s >= 0 {
			e := k
			for e > s && !(toks[e-1].word && (toks[e-1].cap || glued(e-2))) {
				e--
			}
			if e-s > bj-bi {
				bi, bj = s, e
			}
			s = -1
		}
	}
	if bi < 0 || bj <= bi {
		return
	}
	i, j = bi, bj
	// a name never runs over a line break
	for k := i + 1; k < j; k++ {
		if toks[k].nl {
			j = k
			for j > i && !toks[j-1].word {
				j--
			}
			break
		}
	}
	if j <= i {
		return
	}
	if nameEndWords[toks[j-1].fold] || (j-i == 1 && (d.e.g.common[toks[i].fold] && d.fields[f].sentenceStart(i))) {
		return
	}
	// "Bridgton Junction", "Sandy Creek": a place word that is no common
	// surname ends a place's name
	if last := toks[j-1].fold; (placeSuffix[last] || geoWords[last] || orgSuffix[last]) && !(d.e.g.surname[last] > 0 && d.e.g.surname[last] <= 2000) {
		return
	}
	name := d.spanText(f, i, j)
	if i > 0 && toks[i-1].fold == "pope" && toks[i-1].cap {
		name = toks[i-1].text + " " + name // "Pope Francis" is the name
	}
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Person, value: name, label: name, priority: prio})
}

// romanNumeral reports whether s is a regnal number from II to XXIX
// ("Charles III", "Leo XIV").
func romanNumeral(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r != 'I' && r != 'V' && r != 'X' {
			return false
		}
	}
	return true
}

// nameToken reports whether token k can be part of a person's name.
func (d *doc) nameToken(f, k int, first bool, glued func(int) bool) bool {
	toks := d.fields[f].toks
	t := toks[k]
	if !t.word {
		if first {
			return false
		}
		if glued(k) {
			return true
		}
		// the full stop of an initial: "George W. Bush"
		return t.text == "." && k > 0 && toks[k-1].runes() == 1 && toks[k-1].cap
	}
	if !first && k > 0 && glued(k-1) {
		return true // "Ching-te"
	}
	if nameParticles[t.fold] && !t.cap {
		return !first
	}
	if !t.cap || t.digit {
		return false
	}
	fn := d.e.g.firstName[t.fold]
	if (titleWords[t.fold] || roleWords[t.fold]) && fn < 5000 {
		return false
	}
	if titleWords[t.fold] && first && k > 0 && titleWords[toks[k-1].fold] && toks[k-1].cap {
		return false // "Crown Prince", "Vice President": a title after a title
	}
	if t.upper && len(t.text) > 2 {
		return !first && romanNumeral(t.text) // "Charles III"
	}
	if fn < 5000 {
		if n, refs := d.e.g.matchAt(toks, k, d.fields[f].allCaps); n == 1 {
			for _, r := range refs {
				switch r.kind {
				case refCountry, refDemonym, refGroup:
					return false
				case refPlace:
					if d.e.g.surname[t.fold] == 0 {
						return false
					}
				}
			}
		}
	}
	return true
}

// corefPersons joins shorter mentions to full names ("Maduro" and "López
// Obrador" to the names they are part of), finds later bare surnames that
// no rule caught, and turns a country or place that is part of a person's
// name in the article into that person ("Michael Jordan ... Jordan said").
// A part shared by several full names goes to the nearest one before it.
//
// acc is in text order (see resolve), so the full names are too, and so
// are the mentions looked up in each pass: the full names holding a part
// are found from a list per part with a cursor that only moves forward, and
// full names are matched in the text through a trie of their parts, where
// comparing every mention with every full name cost n² for an article of
// thousands of names.
func (d *doc) corefPersons(acc []candidate) []candidate {
	var fulls []corefFull
	seen := map[string]int{}
	partsOf := func(c candidate) []string {
		d.step(c.tj - c.ti)
		var out []string
		for _, t := range d.fields[c.field].toks[c.ti:c.tj] {
			if t.word && !nameParticles[t.fold] && t.runes() > 1 {
				out = append(out, t.fold)
			}
		}
		return out
	}
	for _, c := range acc {
		if !d.step(1) {
			return nil
		}
		if c.typ != Person {
			continue
		}
		p := partsOf(c)
		if c.value != d.spanText(c.field, c.ti, c.tj) && len(p) < 2 {
			p = nil // "Pope Francis" written "Francis"
			for _, w := range strings.Fields(Fold(c.value)) {
				if !nameParticles[w] && len(w) > 1 {
					p = append(p, w)
				}
			}
		}
		if len(p) < 2 {
			continue
		}
		k := strings.Join(p, " ")
		if idx, ok := seen[k]; ok {
			if len(c.value) > len(fulls[idx].value) {
				fulls[idx].value = c.value
			}
			continue
		}
		seen[k] = len(fulls)
		fulls = append(fulls, corefFull{value: c.value, parts: p, field: c.field, pos: c.ti})
	}
	d.joinRuns(fulls)
	ix := newCorefIndex(fulls, &d.work)
	covered := [2][]bool{make([]bool, len(d.fields[0].toks)), make([]bool, len(d.fields[1].toks))}
	for k := range acc {
		if !d.step(1) {
			return nil
		}
		c := &acc[k]
		d.step(c.tj - c.ti)
		for t := c.ti; t < c.tj; t++ {
			covered[c.field][t] = true
		}
		switch c.typ {
		case Person:
			p := partsOf(*c)
			if idx, ok := seen[strings.Join(p, " ")]; ok {
				c.value, c.label = fulls[idx].value, fulls[idx].value
				continue
			}
			if v, ok := ix.resolve(p, c.field, c.ti, true); ok {
				c.value, c.label = v, v
			} else if v, ok := d.e.g.famous[Fold(c.value)]; ok {
				c.value, c.label = v, v // "Trump" is Donald Trump
			}
		case Place, Group:
			if c.tj-c.ti > 1 {
				if idx, ok := seen[strings.Join(partsOf(*c), " ")]; ok {
					v := fulls[idx].value // "Claudia Sheinbaum" read as a place
					*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: Person, value: v, label: v, priority: prioPerson}
					continue
				}
			}
			fallthrough
		case Country, Date:
			if c.tj-c.ti == 1 && (c.typ != Date || c.date != nil && c.date.gran == Month) {
				toks := d.fields[c.field].toks
				fold := toks[c.ti].fold
				if v, ok := ix.resolve([]string{fold}, c.field, c.ti, false); ok && !locativeBefore(toks, c.ti) &&
					(lastPart(v) == fold || c.typ != Date && firstPart(v) == fold && c.ti > 0 && !d.otherEvidence(acc, c)) {
					*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: Person, value: v, label: v, priority: prioPerson}
				}
			}
		}
	}
	// a lone word at the start of a sentence that no full name, title or
	// name list backs is more often a common word ("Cooler", "Gunfire")
	kept := acc[:0]
	for _, c := range acc {
		if !d.step(1) {
			return nil
		}
		if c.typ == Person && c.tj-c.ti == 1 && c.value == d.spanText(c.field, c.ti, c.tj) {
			t := d.fields[c.field].toks[c.ti]
			if d.fields[c.field].sentenceStart(c.ti) && d.e.g.firstName[t.fold] < 1000 && !(d.e.g.surname[t.fold] > 0 && d.e.g.surname[t.fold] <= 10000) && !d.titledBefore(c.field, c.ti) {
				continue
			}
			// nor is a lone word that is a common word and on no name list
			// ("Cannabis", "Spiderweb")
			if d.e.g.common[t.fold] && d.e.g.firstName[t.fold] == 0 && d.e.g.surname[t.fold] == 0 && !d.titledBefore(c.field, c.ti) {
				continue
			}
		}
		kept = append(kept, c)
	}
	acc = kept
	// full names and bare surnames no rule caught (headlines, all-caps text)
	names := make([]fullName, len(fulls))
	for k, fu := range fulls {
		names[k] = fullName{value: fu.value, parts: fu.parts}
	}
	trie := newNameTrie(names, &d.work)
	ix.rewind() // this pass reads the text from its start again
	for f := range d.fields {
		toks := d.fields[f].toks
		for i, t := range toks {
			if !d.step(1) {
				return nil
			}
			if !t.word || !t.cap || covered[f][i] || t.runes() < 3 {
				continue
			}
			if n, v := trie.match(toks, i, names, &d.work); n > 1 {
				free := true
				for k := i; k < i+n; k++ {
					if covered[f][k] {
						free = false
					}
				}
				if free {
					for k := i; k < i+n; k++ {
						covered[f][k] = true
					}
					acc = append(acc, candidate{field: f, ti: i, tj: i + n, typ: Person, value: v, label: v, priority: prioPerson})
					continue
				}
			}
			if i+1 < len(toks) && toks[i+1].word && toks[i+1].cap && !d.fields[f].titleCase && !d.fields[f].allCaps {
				continue
			}
			if v, ok := ix.resolve([]string{t.fold}, f, i, false); ok {
				acc = append(acc, candidate{field: f, ti: i, tj: i + 1, typ: Person, value: v, label: v, priority: prioPerson})
			} else if v, ok := d.e.g.famous[t.fold]; ok && !locativeBefore(toks, i) {
				acc = append(acc, candidate{field: f, ti: i, tj: i + 1, typ: Person, value: v, label: v, priority: prioPerson})
			}
		}
	}
	return acc
}

// joinRuns gives a name of two parts or more that is a run of exactly one
// longer full name of the article that longer name ("López Obrador" after
// "Andrés Manuel López Obrador"): as a full name of its own it kept its
// short value. Only the first few full names holding a part are compared,
// so an article of many names sharing one ("Kim") stays linear.
func (d *doc) joinRuns(fulls []corefFull) {
	const maxShared = 8
	if len(fulls) < 2 {
		return
	}
	byPart := map[string][]int{}
	for k := range fulls {
		for _, p := range fulls[k].parts {
			if l := byPart[p]; len(l) < maxShared && (len(l) == 0 || l[len(l)-1] != k) {
				byPart[p] = append(l, k)
			}
		}
	}
	for k := range fulls {
		fu := &fulls[k]
		longer := ""
		for _, o := range byPart[fu.parts[0]] {
			g := &fulls[o]
			d.step(len(g.parts))
			if len(g.parts) <= len(fu.parts) || !containsRun(g.parts, fu.parts) {
				continue
			}
			if longer != "" && longer != g.value {
				longer = "" // two longer names hold it: leave it
				break
			}
			longer = g.value
		}
		if longer != "" {
			fu.value = longer
		}
	}
}

// corefFull is a full name of the article for corefPersons.
type corefFull struct {
	value string
	parts []string // folded name tokens, particles and hyphens left out
	field int
	pos   int // first token of the first mention
}

// before reports whether full name f is first mentioned at or before token
// pos of field.
func (f *corefFull) before(field, pos int) bool {
	return f.field < field || f.field == field && f.pos <= pos
}

// corefList is the full names holding one part (or all of them), in text
// order, with a cursor: the number of them first mentioned at or before
// the last position asked.
type corefList struct {
	idx []int32
	cur int
}

// corefIndex finds the full name a shorter mention refers to.
type corefIndex struct {
	fulls  []corefFull
	all    corefList             // every full name
	byPart map[string]*corefList // part -> the full names holding it
	m      *meter
}

func newCorefIndex(fulls []corefFull, m *meter) *corefIndex {
	ix := &corefIndex{fulls: fulls, byPart: map[string]*corefList{}, m: m}
	for k, fu := range fulls {
		m.step(1 + len(fu.parts))
		ix.all.idx = append(ix.all.idx, int32(k))
		for _, p := range fu.parts {
			l := ix.byPart[p]
			if l == nil {
				l = &corefList{}
				ix.byPart[p] = l
			}
			if n := len(l.idx); n == 0 || l.idx[n-1] != int32(k) { // a part twice in a name
				l.idx = append(l.idx, int32(k))
			}
		}
	}
	return ix
}

// rewind puts every cursor back to the start of the text.
func (ix *corefIndex) rewind() {
	ix.all.cur = 0
	for _, l := range ix.byPart {
		l.cur = 0
	}
	ix.m.step(len(ix.byPart))
}

// at moves l's cursor to (field, pos) and returns it. Positions asked in
// text order move it forward only, a step per full name passed.
func (ix *corefIndex) at(l *corefList, field, pos int) int {
	for l.cur < len(l.idx) && ix.fulls[l.idx[l.cur]].before(field, pos) {
		l.cur++
		ix.m.step(1)
	}
	for l.cur > 0 && !ix.fulls[l.idx[l.cur-1]].before(field, pos) {
		l.cur--
		ix.m.step(1)
	}
	return l.cur
}

// resolve picks the full name a shorter mention at (field, pos) refers to:
// among the longer full names that hold short, the nearest one before it,
// else the only one after it (with later, the first one after it).
func (ix *corefIndex) resolve(short []string, field, pos int, later bool) (string, bool) {
	ix.m.step(1)
	switch len(short) {
	case 0: // every full name holds no part
		return ix.pick(ix.all.idx, ix.at(&ix.all, field, pos), later)
	case 1: // every full name has two parts or more
		l := ix.byPart[short[0]]
		if l == nil {
			return "", false
		}
		return ix.pick(l.idx, ix.at(l, field, pos), later)
	}
	// Longer mentions are all full names themselves (corefPersons looks
	// them up in seen first), so this is not reached; it is kept exact.
	l := ix.byPart[short[0]]
	if l == nil {
		return "", false
	}
	var match []int32
	for _, k := range l.idx {
		fu := &ix.fulls[k]
		ix.m.step(len(fu.parts))
		if len(fu.parts) > len(short) && containsRun(fu.parts, short) {
			match = append(match, k)
		}
	}
	n := 0
	for n < len(match) && ix.fulls[match[n]].before(field, pos) {
		n++
	}
	return ix.pick(match, n, later)
}

// pick chooses from full names idx, in text order, of which the first n are
// at or before the mention.
func (ix *corefIndex) pick(idx []int32, n int, later bool) (string, bool) {
	if n > 0 {
		return ix.fulls[idx[n-1]].value, true
	}
	if after := len(idx) - n; after == 1 || later && after > 0 {
		return ix.fulls[idx[n]].value, true
	}
	return "", false
}

// containsRun reports whether short is a run of consecutive parts of long.
func containsRun(long, short []string) bool {
	for s := 0; s+len(short) <= len(long); s++ {
		if slices.Equal(long[s:s+len(short)], short) {
			return true
		}
	}
	return false
}

// firstPart returns the folded first word of a name.
func firstPart(name string) string {
	f := Fold(name)
	if i := strings.IndexAny(f, " -"); i >= 0 {
		return f[:i]
	}
	return f
}

// otherEvidence reports whether the article names c's country or place
// in other words than c's ("Amman", "Jordanian" for Jordan): then a given
// name written alone ("Jordan said") may still be the country, and is
// left to it; without such words it is the person named in full before.
func (d *doc) otherEvidence(acc []candidate, c *candidate) bool {
	fold := d.fields[c.field].toks[c.ti].fold
	code := c.value
	if c.typ == Place {
		code = c.country
	}
	d.step(len(acc))
	for k := range acc {
		x := &acc[k]
		if x == c || x.tj-x.ti == 1 && d.fields[x.field].toks[x.ti].fold == fold {
			continue
		}
		switch {
		case x.typ == Country && x.value == code, x.typ == Place && (x.value == c.value || code != "" && x.country == code):
			return true
		}
	}
	return false
}

// lastPart returns the folded last word of a name.
func lastPart(name string) string {
	f := Fold(name)
	if i := strings.LastIndexAny(f, " -"); i >= 0 {
		return f[i+1:]
	}
	return f
}

// fullName is a person's full name and its folded parts.
type fullName struct {
	value string
	parts []string
}

// maxNameTokens is the most tokens a person's name is read over, its
// particles, initials and hyphens included: in a match of a full name (see
// nameTrie.match) and in the hyphenated parts addPerson joins. No name is
// that long, and the bound keeps both linear however many skippable or
// hyphenated words follow.
const maxNameTokens = 32

// nameTrie holds full names by their parts for matchFull: node 0 is the
// root, an edge goes from a node and a part to a child.
type nameTrie struct {
	edges map[nameEdge]int32
	full  []int32 // per node: the name whose last part it is, or -1
}

type nameEdge struct {
	node int32
	part string
}

func newNameTrie(names []fullName, m *meter) *nameTrie {
	t := &nameTrie{edges: map[nameEdge]int32{}, full: []int32{-1}}
	for k, fn := range names {
		m.step(len(fn.parts))
		n := int32(0)
		for _, p := range fn.parts {
			c, ok := t.edges[nameEdge{n, p}]
			if !ok {
				c = int32(len(t.full))
				t.full = append(t.full, -1)
				t.edges[nameEdge{n, p}] = c
			}
			n = c
		}
		if t.full[n] < 0 { // names have distinct parts (see seen)
			t.full[n] = int32(k)
		}
	}
	return t
}

// nameState is one reading of the text so far in match: the names under
// node, but for those under the children in skipped (which went on as
// parts where these names skipped a word).
type nameState struct {
	node    int32
	skipped []int32
}

// match matches one of the full names at token i: its length in tokens and
// its value, the longest match and the first name among equals. Particles,
// hyphens, full stops and one-letter words in the text are skipped over
// after a name's first part; a word that is the next part of a name is read
// as that part. A word can be both (a one-letter part): names that take it
// as a part and names that skip it are then followed apart, as matchFull
// name by name did.
func (t *nameTrie) match(toks []token, i int, names []fullName, m *meter) (int, string) {
	bestN, best := 0, int32(-1)
	states := []nameState{{}}
	var next []nameState
	for k := i; k < len(toks) && k-i < maxNameTokens && len(states) > 0; k++ {
		tk := &toks[k]
		skip := tk.text == "-" || nameParticles[tk.fold] || tk.text == "." || tk.runes() == 1
		next = next[:0]
		for _, s := range states {
			m.step(1)
			c, part := t.edges[nameEdge{s.node, tk.fold}]
			if part && slices.Contains(s.skipped, c) {
				part = false
			}
			if part {
				next = append(next, nameState{node: c})
				if f := t.full[c]; f >= 0 {
					if n := k + 1 - i; n > bestN || n == bestN && f < best {
						bestN, best = n, f
					}
				}
			}
			if s.node != 0 && skip {
				sk := s.skipped
				if part {
					sk = append(slices.Clip(sk), c)
				}
				next = append(next, nameState{node: s.node, skipped: sk})
			}
		}
		states, next = next, states
	}
	if best < 0 {
		return 0, ""
	}
	return bestN, names[best].value
}

// currencies are what a currency moves against in market news.
var currencies = map[string]bool{"dollar": true, "euro": true, "yen": true, "yuan": true, "franc": true, "pound": true, "sterling": true, "greenback": true}

// dropCurrencies drops a one-word person that market news shows to be a
// currency: "Sterling rose against the dollar", "Sterling slipped 0.3%".
func (d *doc) dropCurrencies(acc []candidate) []candidate {
	out := acc[:0]
	d.step(len(acc))
	for _, c := range acc {
		if c.typ == Person && c.tj-c.ti == 1 {
			toks := d.fields[c.field].toks
			k := c.tj
			if marketMoves[foldAt(toks, k)] {
				k++
			}
			if k > c.tj && (foldAt(toks, k) == "against" || tokAt(toks, k).digit) && (currencies[toks[c.ti].fold] || foldAt(toks, k) == "against" && currencies[foldAt(toks, k+2)]) {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}
