package extract

import "strings"

// Groups named by their context rather than by a list: clubs in sports
// results, and companies where markets and statements speak of them. On
// news nobody tuned for, these single capitalised words were the largest
// loss of organisations: the city read as a place ("Newcastle beat Arsenal
// 2-1" gave a place and a country), the company as a rainforest ("Amazon
// shares fell") or as nothing at all.

// resultVerbs are the verbs of a sports result between two clubs.
var resultVerbs = map[string]bool{
	"beat": true, "beats": true, "defeated": true, "defeats": true, "edged": true, "thrashed": true,
	"routed": true, "crushed": true, "stunned": true, "trounced": true, "hammered": true,
	"downed": true, "overcame": true, "drew": true, "lost": true, "tied": true, "upset": true,
	"outclassed": true, "eliminated": true, "knocked": true, "held": true, "whipped": true,
}

// score reports whether tokens from k spell a score ("2-1", "3 - 0"): it
// returns the tokens read, or 0.
func score(toks []token, k int) int {
	if k+2 < len(toks) && toks[k].digit && toks[k+1].text == "-" && toks[k+2].digit && len(toks[k].text) <= 3 && len(toks[k+2].text) <= 3 {
		return 3
	}
	return 0
}

// capRun returns the end of the run of capitalised words from i (at most
// four), or i when token i starts none.
func capRun(toks []token, i int) int {
	j := i
	for j < len(toks) && j-i < 4 && toks[j].word && toks[j].cap && !toks[j].digit {
		if _, ok := weekdays[toks[j].fold]; ok {
			break
		}
		j++
	}
	return j
}

// capRunBefore returns the start of the run of capitalised words that ends
// just before token j (at most four), or j when there is none.
func capRunBefore(toks []token, j int) int {
	i := j
	for i > 0 && j-i < 4 && toks[i-1].word && toks[i-1].cap && !toks[i-1].digit {
		i--
	}
	return i
}

// scanResults reads sports results: "X beat Y 2-1", "X drew 1-1 with Y",
// "X lost 2-1 to Y". Both sides are clubs, organisations, and imply no
// country mention of their own; a name that is a country stays one (a
// national side is written as its country).
func (d *doc) scanResults(f int) {
	toks := d.fields[f].toks
	for v := 1; v+1 < len(toks); v++ {
		if !d.step(1) {
			return
		}
		// the cheap tests first: this runs on every token
		if toks[v].cap || !toks[v-1].cap || !toks[v-1].word || !resultVerbs[toks[v].fold] {
			continue
		}
		// the winner (or first side) ends just before the verb
		a := capRunBefore(toks, v)
		if a == v {
			continue
		}
		// the other side: right after the verb with the score after it
		// ("beat Arsenal 2-1"), or after the score and "to"/"with"
		// ("lost 2-1 to Valencia", "drew 1-1 with Everton")
		k := v + 1
		if toks[v].fold == "knocked" && foldAt(toks, k) == "out" {
			k++
		}
		b, e := 0, 0
		if n := score(toks, k); n > 0 {
			k += n
			if w := foldAt(toks, k); w == "to" || w == "with" || w == "against" {
				b, e = k+1, capRun(toks, k+1)
			}
		} else if e2 := capRun(toks, k); e2 > k {
			// "beat Arsenal 2-1", "beat Arsenal on Saturday 2-1" is rare
			if score(toks, e2) > 0 || foldAt(toks, e2) == "on" && score(toks, e2+2) > 0 {
				b, e = k, e2
			}
		}
		if e <= b {
			continue
		}
		// set scores ("beat Nadal 6-4, 6-3") are an individual sport:
		// the sides are players
		sc := e
		if score(toks, v+1) > 0 {
			sc = v + 1
		}
		for sc < len(toks) && !toks[sc].digit && sc < e+2 {
			sc++
		}
		if n := score(toks, sc); n > 0 {
			k := sc + n
			if foldAt(toks, k) == "," {
				k++
			}
			if score(toks, k) > 0 {
				continue
			}
		}
		if d.personSpan(f, a, v) || d.personSpan(f, b, e) {
			continue
		}
		d.addClub(f, a, v)
		d.addClub(f, b, e)
	}
}

// personSpan reports whether tokens [i, j) read as a person: a person
// candidate over them, or a known given name first ("Maria Lund beat Ana
// Vidal 2-0" is a match of players).
func (d *doc) personSpan(f, i, j int) bool {
	toks := d.fields[f].toks
	if toks[i].fold == "the" {
		i++
	}
	if i >= j {
		return false
	}
	if j-i >= 2 && d.e.g.firstName[toks[i].fold] >= 1000 && !d.e.g.common[toks[i].fold] {
		return true
	}
	d.step(len(d.cands))
	for _, c := range d.cands {
		if c.typ == Person && c.field == f && c.ti <= i && c.tj >= j {
			return true
		}
	}
	return false
}

// scanFixtures reads fixture lines of sports listings written in capitals,
// "BOSTON at CHICAGO": a line of an upper-case name, "at" and another,
// ended by the line or by a score. Both are clubs.
func (d *doc) scanFixtures(f int) {
	if d.fields[f].allCaps {
		return // a field all in capitals says nothing by its capitals
	}
	toks := d.fields[f].toks
	upperRun := func(k, dir int) int { // the length of the upper-case run from k going dir
		n := 0
		for k >= 0 && k < len(toks) && toks[k].word && toks[k].upper && !toks[k].digit && n < 4 {
			k += dir
			n++
		}
		return n
	}
	for v := 1; v+1 < len(toks); v++ {
		if !d.step(1) {
			return
		}
		if toks[v].fold != "at" || toks[v].cap || !toks[v-1].upper || !toks[v+1].upper {
			continue
		}
		na, nb := upperRun(v-1, -1), upperRun(v+1, 1)
		a, e := v-na, v+1+nb
		if na == 0 || nb == 0 || !(a == 0 || toks[a].nl) {
			continue
		}
		if e < len(toks) && !toks[e].nl && !toks[e].digit {
			continue
		}
		d.addClub(f, a, v)
		d.addClub(f, v+1, e)
	}
}

// addClub adds tokens [i, j) of field f as a club read from a result,
// unless the name is a country's.
func (d *doc) addClub(f, i, j int) {
	toks := d.fields[f].toks
	if toks[i].fold == "the" {
		i++
	}
	if i >= j {
		return
	}
	if n, refs := d.e.g.matchAt(toks, i, d.fields[f].allCaps); n == j-i {
		for _, r := range refs {
			if r.kind == refCountry || r.kind == refDemonym {
				return
			}
		}
	}
	name := d.spanText(f, i, j)
	value := name
	if v, ok := d.e.ResolveGroup(name); ok {
		value = v
	}
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: value, label: value, priority: prioClub})
	if d.clubs == nil {
		d.clubs = map[string]bool{}
	}
	d.clubs[foldsOf(toks[i:j])] = true
}

// foldsOf joins the folds of toks with spaces.
func foldsOf(toks []token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.fold)
	}
	return b.String()
}

// clubMentions gives every other mention of a club read from a result the
// club's reading, so that a name keeps its type through the article
// ("Newcastle beat Arsenal 2-1 ... Newcastle's second goal").
func (d *doc) clubMentions() {
	if len(d.clubs) == 0 {
		return
	}
	for f := range d.fields {
		toks := d.fields[f].toks
		for i := 0; i < len(toks); i++ {
			if !d.step(1) {
				return
			}
			if !toks[i].word || !toks[i].cap || i > 0 && toks[i-1].word && toks[i-1].cap {
				continue
			}
			j := capRun(toks, i)
			if j > i && d.clubs[foldsOf(toks[i:j])] && !locativeBefore(toks, i) {
				name := d.spanText(f, i, j)
				value := name
				if v, ok := d.e.ResolveGroup(name); ok {
					value = v
				}
				d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: value, label: value, priority: prioClub})
			}
			if j > i {
				i = j - 1
			}
		}
	}
}

// companyNouns are what an appositive calls a company ("Torvik, the
// Zurich-based bank").
var companyNouns = map[string]bool{
	"bank": true, "lender": true, "company": true, "firm": true, "group": true, "insurer": true,
	"carmaker": true, "automaker": true, "retailer": true, "startup": true, "start-up": true,
	"manufacturer": true, "maker": true, "conglomerate": true, "airline": true, "carrier": true,
	"operator": true, "miner": true, "producer": true, "developer": true, "giant": true,
	"broker": true, "fund": true, "chipmaker": true, "brewer": true, "publisher": true,
}

// marketWord reports whether a folded word follows a company's name in
// market news ("Amazon shares fell"); a switch, not a map, as it is asked of
// every token.
func marketWord(fold string) bool {
	switch fold {
	case "shares", "stock", "stocks", "shareholders":
		return true
	}
	return false
}

// marketMoves follow "X shares" in market news.
var marketMoves = map[string]bool{
	"rose": true, "fell": true, "jumped": true, "climbed": true, "slid": true, "dropped": true,
	"gained": true, "lost": true, "tumbled": true, "surged": true, "slumped": true, "plunged": true,
	"soared": true, "sank": true, "edged": true, "were": true, "are": true, "have": true,
	"closed": true, "ended": true, "traded": true, "rallied": true, "slipped": true, "dipped": true,
	"rise": true, "fall": true, "hit": true, "opened": true,
}

// personLike reports whether tokens [i, j) read as a person's name: a
// known first name first, or a lone common surname ("Smith said in a
// statement" is a person).
func (d *doc) personLike(toks []token, i, j int) bool {
	if d.e.g.firstName[toks[i].fold] >= 1000 {
		return true
	}
	if j-i == 1 {
		if r := d.e.g.surname[toks[i].fold]; r > 0 && r <= 20000 {
			return true
		}
	}
	return false
}

// scanOrgContexts reads companies from the words around a capitalised name:
// "shares of X", "X shares", "X said in a statement", "X, the Zurich-based
// bank". The reading beats a place's (Amazon, Nordvik) but not a person's
// or a country's.
func (d *doc) scanOrgContexts(f int) {
	toks := d.fields[f].toks
	for k := 0; k < len(toks); k++ {
		if !d.step(1) {
			return
		}
		t := toks[k]
		switch {
		case (t.fold == "shares" || t.fold == "stock") && foldAt(toks, k+1) == "of":
			if e := capRun(toks, k+2); e > k+2 {
				d.addCompany(f, k+2, e, false)
			}
		case k > 0 && !t.cap && toks[k-1].cap && marketWord(t.fold) && marketMoves[foldAt(toks, k+1)]:
			// "Amazon shares fell", not "Jordan shares a flat"
			j := k
			if foldAt(toks, j-1) == "s" && foldAt(toks, j-2) == "'" {
				j -= 2 // "Amazon's shares"
			}
			if i := capRunBefore(toks, j); i < j {
				d.addCompany(f, i, j, false)
			}
		case t.fold == "said" && k > 0 && toks[k-1].cap && foldAt(toks, k+1) == "in" && (foldAt(toks, k+2) == "a" || foldAt(toks, k+2) == "its") && foldAt(toks, k+3) == "statement":
			if i := capRunBefore(toks, k); i < k {
				d.addCompany(f, i, k, true)
			}
		case t.text == "," && k > 0 && toks[k-1].cap && foldAt(toks, k+1) == "the":
			// "X, the Zurich-based bank": a place, "-", "based", a noun
			e := k + 2
			for e < len(toks) && e < k+7 && toks[e].fold != "based" {
				e++
			}
			if foldAt(toks, e) == "based" && foldAt(toks, e-1) == "-" && companyNouns[foldAt(toks, e+1)] {
				if i := capRunBefore(toks, k); i < k {
					d.addCompany(f, i, k, false)
				}
			}
		}
	}
}

// addCompany adds tokens [i, j) of field f as a company, known by its
// canonical name when the gazetteer has it; a name at a sentence start
// that is a common word ("Its shares") is none. speaker says the context
// fits a person too ("X said in a statement"); market words do not.
func (d *doc) addCompany(f, i, j int, speaker bool) {
	toks := d.fields[f].toks
	if toks[i].fold == "the" {
		i++
	}
	for i < j && d.fields[f].sentenceStart(i) && d.e.g.common[toks[i].fold] {
		i++
	}
	if i >= j || d.fields[f].allCaps {
		return
	}
	// "Smith said in a statement", "Senator Odile Varga said ...": a
	// person, whom the name rules read. A lone unknown word the tagger
	// reads as a person is left to the context ("Veltrona said in a
	// statement" is a company).
	if titleWords[toks[i].fold] || roleWords[toks[i].fold] || d.titledBefore(f, i) ||
		speaker && (d.personLike(toks, i, j) || j-i >= 2 && d.personSpan(f, i, j)) {
		return
	}
	name := d.spanText(f, i, j)
	value := name
	if v, ok := d.e.ResolveGroup(name); ok {
		value = v
	}
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: value, label: value, priority: prioGroup})
}
