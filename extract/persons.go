package extract

import (
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
	var tags []int
	if d.e.ner != nil {
		var spans map[string][][2]int
		tags, spans = d.e.ner.nerSpans(d, f)
		per := spans["PER"]
		for k := 0; k < len(per); k++ {
			sp := per[k]
			// "Tamim" bin "Hamad Al Thani": spans joined by a particle
			for k+1 < len(per) && per[k+1][0] == sp[1]+1 && nameParticles[fl.toks[sp[1]].fold] {
				sp[1] = per[k+1][1]
				k++
			}
			d.addPerson(f, sp[0], sp[1], prioPerson)
		}
		for _, sp := range spans["ORG"] {
			d.addNEROrg(f, sp[0], sp[1])
		}
		for _, sp := range spans["LOC"] {
			d.addNERPlace(f, sp[0], sp[1])
		}
	}
	toks := fl.toks
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.word || !t.cap || t.digit || titleWords[t.fold] || (t.upper && len(t.text) > 1) {
			continue
		}
		j := d.nameRun(f, i)
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
			for k := i; k < j; k++ {
				if tags[k] >= 3 { // the tagger reads an ORG, LOC or MISC here
					ok = false
				}
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
		t := toks[j]
		switch {
		case t.word && t.cap && !t.digit && (!(t.upper && len([]rune(t.text)) > 2) || j > i && romanNumeral(t.text)):
			if j > i && titleWords[t.fold] && d.e.g.firstName[t.fold] == 0 {
				return j
			}
			j++
			// an initial written apart: "George W . Bush"
			if len([]rune(t.text)) == 1 && j < len(toks) && toks[j].text == "." && j+1 < len(toks) && toks[j+1].cap {
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
	for j+1 < len(toks) && glued(j) {
		j += 2
	}
	for i >= 2 && glued(i-1) && nameParticles[toks[i-2].fold] {
		i -= 2
	}
	bi, bj := -1, -1
	s := -1
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
		if strings.ContainsRune(d.fields[f].text[toks[k-1].bend:toks[k].bstart], '\n') {
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
		return t.text == "." && k > 0 && len([]rune(toks[k-1].text)) == 1 && toks[k-1].cap
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
	if titleWords[t.fold] && fn < 5000 {
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
func (d *doc) corefPersons(acc []candidate) []candidate {
	type full struct {
		value string
		parts []string // folded name tokens, particles and hyphens left out
		field int
		pos   int // first token of the first mention
	}
	var fulls []full
	seen := map[string]int{}
	partsOf := func(c candidate) []string {
		var out []string
		for _, t := range d.fields[c.field].toks[c.ti:c.tj] {
			if t.word && !nameParticles[t.fold] && len([]rune(t.text)) > 1 {
				out = append(out, t.fold)
			}
		}
		return out
	}
	for _, c := range acc {
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
		fulls = append(fulls, full{value: c.value, parts: p, field: c.field, pos: c.ti})
	}
	contains := func(long, short []string) bool {
		for s := 0; s+len(short) <= len(long); s++ {
			ok := true
			for k := range short {
				if long[s+k] != short[k] {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	// resolve picks the full name a shorter mention at (field, pos) refers to.
	resolve := func(short []string, field, pos int, later bool) (string, bool) {
		best, bestPos := -1, -1
		var after []int
		for i, fu := range fulls {
			if len(fu.parts) <= len(short) || !contains(fu.parts, short) {
				continue
			}
			p := fu.field<<24 | fu.pos
			if p <= field<<24|pos {
				if p > bestPos {
					best, bestPos = i, p
				}
			} else {
				after = append(after, i)
			}
		}
		if best >= 0 {
			return fulls[best].value, true
		}
		if len(after) == 1 || later && len(after) > 0 {
			return fulls[after[0]].value, true
		}
		return "", false
	}
	covered := map[[2]int]bool{}
	for k := range acc {
		c := &acc[k]
		for t := c.ti; t < c.tj; t++ {
			covered[[2]int{c.field, t}] = true
		}
		switch c.typ {
		case Person:
			p := partsOf(*c)
			if idx, ok := seen[strings.Join(p, " ")]; ok {
				c.value, c.label = fulls[idx].value, fulls[idx].value
				continue
			}
			if v, ok := resolve(p, c.field, c.ti, true); ok {
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
				if v, ok := resolve([]string{toks[c.ti].fold}, c.field, c.ti, false); ok && !locativeBefore(toks, c.ti) && lastPart(v) == toks[c.ti].fold {
					*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: Person, value: v, label: v, priority: prioPerson}
				}
			}
		}
	}
	// a lone word at the start of a sentence that no full name, title or
	// name list backs is more often a common word ("Cooler", "Gunfire")
	kept := acc[:0]
	for _, c := range acc {
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
	for f := range d.fields {
		toks := d.fields[f].toks
		for i, t := range toks {
			if !t.word || !t.cap || covered[[2]int{f, i}] || len([]rune(t.text)) < 3 {
				continue
			}
			if n, v := matchFull(toks, i, names); n > 1 {
				free := true
				for k := i; k < i+n; k++ {
					if covered[[2]int{f, k}] {
						free = false
					}
				}
				if free {
					for k := i; k < i+n; k++ {
						covered[[2]int{f, k}] = true
					}
					acc = append(acc, candidate{field: f, ti: i, tj: i + n, typ: Person, value: v, label: v, priority: prioPerson})
					continue
				}
			}
			if i+1 < len(toks) && toks[i+1].word && toks[i+1].cap && !d.fields[f].titleCase && !d.fields[f].allCaps {
				continue
			}
			if v, ok := resolve([]string{t.fold}, f, i, false); ok {
				acc = append(acc, candidate{field: f, ti: i, tj: i + 1, typ: Person, value: v, label: v, priority: prioPerson})
			} else if v, ok := d.e.g.famous[t.fold]; ok && !locativeBefore(toks, i) {
				acc = append(acc, candidate{field: f, ti: i, tj: i + 1, typ: Person, value: v, label: v, priority: prioPerson})
			}
		}
	}
	return acc
}

func locativeBefore(toks []token, i int) bool {
	switch foldAt(toks, i-1) {
	case "in", "to", "from", "into", "across", "toward", "towards", "via", "near", "visit", "visited", "visiting", "neighbouring", "neighboring", "of":
		return true
	}
	return false
}

// applyTraps drops readings the article's own words rule out.
func (d *doc) applyTraps(acc []candidate) []candidate {
	// Turkey the bird: lower-case "turkey" or Thanksgiving, and no Turkish cue.
	bird, tr := false, false
	for f := range d.fields {
		for _, t := range d.fields[f].toks {
			switch t.fold {
			case "turkey", "turkeys":
				if !t.cap {
					bird = true
				}
			case "thanksgiving", "gobble", "roast", "stuffing":
				bird = true
			case "ankara", "istanbul", "turkish", "erdogan", "turkiye", "turks", "kurdish":
				tr = true
			}
		}
	}
	out := acc[:0]
	for _, c := range acc {
		if c.typ == Country && c.value == "TR" && strings.HasPrefix(d.fields[c.field].toks[c.ti].fold, "turkey") {
			if bird && !tr {
				continue
			}
			switch foldAt(d.fields[c.field].toks, c.tj) { // "Turkey prices", "Turkey Dinner"
			case "prices", "price", "producers", "farmers", "farms", "farm", "dinner", "dinners", "sales", "breast", "sandwich", "sandwiches", "meat", "feathers", "shortage", "growers", "hunters", "hunt", "season":
				if bird {
					continue
				}
			}
		}
		out = append(out, c)
	}
	return out
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

// matchFull matches one of the full names at token i: its length in tokens
// and its value. Particles and hyphens in the text are skipped over.
func matchFull(toks []token, i int, names []fullName) (int, string) {
	bestN, bestV := 0, ""
	for _, fn := range names {
		k, p := i, 0
		for k < len(toks) && p < len(fn.parts) {
			t := toks[k]
			if t.fold == fn.parts[p] {
				p++
				k++
				continue
			}
			if p > 0 && (t.text == "-" || nameParticles[t.fold] || t.text == "." || len([]rune(t.text)) == 1) {
				k++
				continue
			}
			break
		}
		if p == len(fn.parts) && k-i > bestN {
			bestN, bestV = k-i, fn.value
		}
	}
	return bestN, bestV
}
