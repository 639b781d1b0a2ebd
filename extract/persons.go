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
	if fl.allCaps {
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
		if ok && tags != nil {
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
		case t.word && t.cap && !t.digit && !(t.upper && len([]rune(t.text)) > 2):
			if j > i && titleWords[t.fold] && d.e.g.firstName[t.fold] == 0 {
				return j
			}
			j++
			// an initial: "George W. Bush"
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

// addPerson adds a person candidate for tokens [i, j) after trimming titles.
func (d *doc) addPerson(f, i, j, prio int) {
	toks := d.fields[f].toks
	for i < j && (titleWords[toks[i].fold] || !toks[i].word) {
		if d.e.g.firstName[toks[i].fold] > 0 && !titleWords[toks[i].fold] {
			break
		}
		i++
	}
	for j > i && !toks[j-1].word {
		j--
	}
	if j <= i || !toks[i].cap || !toks[j-1].cap || toks[i].digit {
		return
	}
	if nameEndWords[toks[j-1].fold] || (j-i == 1 && (d.e.g.common[toks[i].fold] && d.fields[f].sentenceStart(i))) {
		return
	}
	name := d.spanText(f, i, j)
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Person, value: name, label: name, priority: prio})
}

// corefPersons joins surnames to full names ("Maduro" to "Nicolás Maduro"),
// finds later bare surnames that no rule caught, and turns a country or
// place that is the surname of a person of the article into that person
// ("Michael Jordan ... Jordan said").
func (d *doc) corefPersons(acc []candidate) []candidate {
	// full names by folded token
	type full struct {
		value string
		n     int
	}
	byPart := map[string][]string{} // folded last or first token -> full values
	fullSeen := map[string]bool{}
	for _, c := range acc {
		if c.typ != Person || c.tj-c.ti < 2 {
			continue
		}
		if fullSeen[c.value] {
			continue
		}
		fullSeen[c.value] = true
		toks := d.fields[c.field].toks
		last := toks[c.tj-1].fold
		byPart[last] = append(byPart[last], c.value)
	}
	// merge equal folds of full names, longest label wins
	canon := map[string]string{}
	for _, c := range acc {
		if c.typ == Person {
			k := Fold(c.value)
			if old, ok := canon[k]; !ok || len(c.value) > len(old) {
				canon[k] = c.value
			}
		}
	}
	unique := func(part string) (string, bool) {
		vals := byPart[part]
		if len(vals) == 0 {
			return "", false
		}
		first := Fold(vals[0])
		for _, v := range vals[1:] {
			if Fold(v) != first {
				return "", false
			}
		}
		return vals[0], true
	}
	covered := map[[2]int]bool{}
	for k := range acc {
		c := &acc[k]
		for t := c.ti; t < c.tj; t++ {
			covered[[2]int{c.field, t}] = true
		}
		switch c.typ {
		case Person:
			if v, ok := canon[Fold(c.value)]; ok {
				c.value, c.label = v, v
			}
			if c.tj-c.ti == 1 {
				if v, ok := unique(d.fields[c.field].toks[c.ti].fold); ok {
					c.value, c.label = canon[Fold(v)], canon[Fold(v)]
				}
			}
		case Country, Place:
			if c.tj-c.ti == 1 {
				toks := d.fields[c.field].toks
				if v, ok := unique(toks[c.ti].fold); ok && !locativeBefore(toks, c.ti) {
					*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: Person, value: canon[Fold(v)], label: canon[Fold(v)], priority: prioPerson}
				}
			}
		}
	}
	// bare surnames no rule caught
	for f := range d.fields {
		toks := d.fields[f].toks
		for i, t := range toks {
			if !t.word || !t.cap || covered[[2]int{f, i}] {
				continue
			}
			if i+1 < len(toks) && toks[i+1].word && toks[i+1].cap {
				continue
			}
			if v, ok := unique(t.fold); ok {
				acc = append(acc, candidate{field: f, ti: i, tj: i + 1, typ: Person, value: canon[Fold(v)], label: canon[Fold(v)], priority: prioPerson})
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
		if c.typ == Country && c.value == "TR" && bird && !tr {
			if strings.HasPrefix(d.fields[c.field].toks[c.ti].fold, "turkey") {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}
