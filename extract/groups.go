package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// orgSuffix lists words that end an organisation's name.
var orgSuffix = map[string]bool{
	"ministry": true, "party": true, "front": true, "army": true, "council": true, "bank": true,
	"agency": true, "corp": true, "corporation": true, "inc": true, "ltd": true, "company": true,
	"group": true, "movement": true, "organization": true, "organisation": true, "forces": true,
	"brigades": true, "brigade": true, "union": true, "committee": true, "commission": true,
	"association": true, "institute": true, "university": true, "court": true, "parliament": true,
	"assembly": true, "authority": true, "department": true, "office": true, "service": true,
	"services": true, "guard": true, "guards": true, "police": true, "federation": true,
	"league": true, "foundation": true, "fund": true, "airlines": true, "airways": true,
	"bureau": true, "coalition": true, "alliance": true, "militia": true, "navy": true,
	"administration": true, "industries": true, "holdings": true, "institution": true,
	"club": true, "network": true, "tribunal": true, "directorate": true, "secretariat": true,
	"plc": true, "llc": true, "ag": true, "sa": true, "gmbh": true, "co": true,
	"forum": true, "centre": true, "center": true, "initiative": true, "squad": true,
	"unit": true, "command": true, "regiment": true, "battalion": true, "division": true,
	"exchange": true, "staff": true,
}

// orgHead lists words that start an organisation's name when "of" follows.
var orgHead = map[string]bool{
	"ministry": true, "department": true, "bank": true, "university": true, "office": true,
	"council": true, "bureau": true, "court": true, "committee": true, "commission": true,
	"institute": true, "league": true, "union": true, "party": true, "army": true, "front": true,
	"federation": true, "organization": true, "organisation": true, "association": true,
	"secretariat": true, "directorate": true, "agency": true,
}

var connectors = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true, "&": true, "de": true, "del": true, "la": true}

// scanOrgs adds organisation candidates for capitalised names that end in an
// organisation word ("Caribbean Institute for Resource Studies" needs a head,
// "Foreign Ministry" a suffix).
func (d *doc) scanOrgs(f int) {
	fl := &d.fields[f]
	if fl.allCaps {
		return
	}
	toks := fl.toks
	for i := 0; i < len(toks); {
		if !d.step(1) {
			return
		}
		if !toks[i].word || !toks[i].cap || toks[i].digit {
			i++
			continue
		}
		// maximal run of capitalised words and connectors
		j := i + 1
		for j < len(toks) {
			d.step(1)
			t := toks[j]
			if t.word && t.cap && !t.digit {
				j++
				continue
			}
			if t.word && connectors[t.fold] && j+1 < len(toks) && toks[j+1].cap && toks[j+1].word {
				j++
				continue
			}
			if t.text == "-" && j+1 < len(toks) && toks[j+1].word && !t.space && !toks[j+1].space {
				j++
				continue
			}
			// a possessive of a common noun inside the name: "Doctors'
			// Committee", "People's Party" (not "Lula's Workers' Party")
			if (t.text == "'" || t.text == "’") && !t.space && j+1 < len(toks) && d.e.g.common[toks[j-1].fold] && !d.placeWord(toks, j-1) {
				if toks[j+1].fold == "s" && !toks[j+1].space && j+2 < len(toks) && toks[j+2].cap && toks[j+2].word {
					j += 2
					continue
				}
				if toks[j+1].cap && toks[j+1].word && strings.HasSuffix(toks[j-1].fold, "s") {
					j++
					continue
				}
			}
			break
		}
		d.orgInRun(f, i, j)
		i = j
	}
}

// orgInRun finds an organisation name inside the run of capitalised tokens
// [i, j) of field f.
func (d *doc) orgInRun(f, i, j int) {
	fl := &d.fields[f]
	toks := fl.toks
	// skip leading determiners, titles, countries and demonyms
	for i < j {
		d.step(1)
		t := toks[i]
		switch t.fold {
		case "the", "his", "her", "its", "their", "our", "my", "your", "a", "an":
			i++
			continue
		}
		if leadingWords[t.fold] && (fl.sentenceStart(i) || !t.cap) {
			i++
			continue
		}
		if n, refs := d.e.g.matchAt(toks, i, false); n > 0 && i+n < j && (toks[i+n].fold == "and" || toks[i+n].text == "&") {
			place := false
			for _, r := range refs {
				if r.kind == refCountry || r.kind == refPlace {
					place = true
				}
			}
			if place { // "Britain and Parliament"
				i += n + 1
				continue
			}
		}
		if n, refs := d.e.g.matchAt(toks, i, false); n > 0 && i+n < j && govBody(toks[i+n:j], &d.work) {
			skip := false
			for _, r := range refs {
				if r.kind == refCountry || r.kind == refDemonym {
					skip = true
				}
			}
			if skip {
				i += n
				continue
			}
		}
		break
	}
	// Skipping leading words can consume the whole run (a one-letter
	// title such as "A"): nothing is left to name.
	if i >= j || i >= len(toks) {
		return
	}
	// a named military operation or task force: "Operation Prosperity
	// Guardian"
	if toks[i].fold == "operation" && j-i >= 2 && j-i <= 4 {
		d.addOrg(f, i, j)
		return
	}
	// last suffix word in the run, and a head word with "of" (each read
	// once per run)
	d.step(2 * (j - i))
	end := -1
	for k := j - 1; k >= i; k-- {
		if orgSuffix[toks[k].fold] && toks[k].cap {
			end = k + 1
			break
		}
	}
	if end > 0 && end-i >= 2 {
		// a head word with "of ..." after the suffix extends the name
		if end < j && (toks[end].fold == "of" && orgHead[toks[end-1].fold] || toks[end].fold == "for" || toks[end].fold == "on") {
			end = j
		}
		d.addOrg(f, i, end)
		return
	}
	if j-i >= 3 && orgHead[toks[i].fold] && toks[i+1].fold == "of" {
		d.addOrg(f, i, j)
		return
	}
	for k := i; k+2 < j; k++ {
		if orgHead[toks[k].fold] && toks[k+1].fold == "of" && k > i {
			d.addOrg(f, i, j)
			return
		}
	}
}

func (d *doc) addOrg(f, i, j int) {
	toks := d.fields[f].toks
	for j > i && !toks[j-1].word {
		j--
	}
	if j-i < 2 {
		return
	}
	d.step(j - i) // the name is folded, maybe twice
	name := d.spanText(f, i, j)
	canon := name
	if c, ok := d.e.ResolveGroup(name); ok {
		canon = c
	} else if m, ok := d.ministry(f, i, j); ok {
		canon = m
	}
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: canon, label: canon, priority: prioOrgPattern})
}

// acronyms links "Islamic Revolutionary Guard Corps (IRGC)" to later "IRGC":
// a group name followed by an acronym in brackets defines it for the article.
func (d *doc) acronyms() {
	defs := map[string]string{} // acronym -> canonical
	groupEnds := map[[2]int]string{}
	// groupStarts: the first token of the longest group candidate ending
	// at each token. The candidates this loop adds never end at a token
	// it looks up later (they end at a bracket, or at the one it is
	// reading), so the index built once is what a search of d.cands at
	// each lookup gave, without its n² cost.
	groupStarts := map[[2]int]int{}
	d.step(len(d.cands))
	for _, c := range d.cands {
		if c.typ == Group {
			end := [2]int{c.field, c.tj}
			if _, ok := groupEnds[end]; !ok {
				groupEnds[end] = c.value
			}
			if s, ok := groupStarts[end]; !ok || c.ti < s {
				groupStarts[end] = c.ti
			}
		}
	}
	for f := range d.fields {
		toks := d.fields[f].toks
		for k := 0; k+3 < len(toks); k++ {
			if !d.step(1) {
				return
			}
			// "RSF (Rapid Support Forces)": the long form in brackets; no
			// more initials than the words that fit in the brackets
			if toks[k].upper && toks[k].word && !toks[k].digit && toks[k+1].text == "(" && toks[k].runes() <= 12 {
				acr := toks[k].text
				for e := k + 3; e < len(toks) && e <= k+14; e++ {
					if toks[e].text != ")" {
						continue
					}
					if start, ok := initialsMatch(toks, e, acr, &d.work); ok && start == k+2 && toks[k].runes() >= 2 {
						name := d.spanText(f, k+2, e)
						canon := name
						if c, ok := d.e.ResolveGroup(name); ok {
							canon = c
						}
						d.cands = append(d.cands, candidate{field: f, ti: k + 2, tj: e, typ: Group, value: canon, label: canon, priority: prioGroup})
						defs[acr] = canon
					}
					break
				}
			}
			if toks[k+1].text != "(" || toks[k+3].text != ")" || !toks[k+2].upper || !toks[k+2].word {
				continue
			}
			acr := toks[k+2].text
			if n := toks[k+2].runes(); n < 2 || n > 8 {
				continue
			}
			// a long form whose initials spell the acronym and that starts
			// before any group candidate ending there: "Ministry of
			// Defence and Armed Forces Logistics (MODAFL)" is one group,
			// not a known ministry and "Armed Forces Logistics"
			if start, ok := initialsMatch(toks, k+1, acr, &d.work); ok {
				if gs, found := groupStarts[[2]int{f, k + 1}]; found && start < gs {
					d.longForm(f, start, k+1, acr, defs)
					continue
				}
			}
			// a group candidate ending at token k
			if v, ok := groupEnds[[2]int{f, k + 1}]; ok {
				// "the Social Democrats (SPD)": a party name several
				// countries share takes the meaning of a known acronym
				if known, ok := d.e.ResolveGroup(acr); ok && known != v && d.countryParty(v) {
					if start, ok := groupStarts[[2]int{f, k + 1}]; ok {
						d.cands = append(d.cands, candidate{field: f, ti: start, tj: k + 1, typ: Group, value: known, label: known, priority: prioGroup + 1})
					}
					v = known
				}
				defs[acr] = v
				continue
			}
			// unknown long form whose initials spell the acronym
			if start, ok := initialsMatch(toks, k+1, acr, &d.work); ok {
				d.longForm(f, start, k+1, acr, defs)
			}
		}
	}
	// an acronym never defined in brackets whose letters are the initials
	// of a group the article names ("the Tigray People's Liberation Front
	// ... the TPLF")
	byInitials := map[string]string{}
	for _, c := range d.cands {
		if c.typ != Group || c.tj-c.ti < 2 {
			continue
		}
		d.step(c.tj - c.ti)
		var b strings.Builder
		for _, t := range d.fields[c.field].toks[c.ti:c.tj] {
			if t.word && t.cap && !connectors[t.fold] {
				r, _ := utf8.DecodeRuneInString(t.text)
				b.WriteRune(unicode.ToUpper(r))
			}
		}
		if ini := b.String(); utf8.RuneCountInString(ini) >= 2 {
			if _, ok := byInitials[ini]; !ok {
				byInitials[ini] = c.value
			}
		}
	}
	for f := range d.fields {
		if d.fields[f].allCaps {
			continue
		}
		d.step(len(d.fields[f].toks))
		for _, t := range d.fields[f].toks {
			if !t.word || !t.upper || t.digit || len(t.text) < 3 || len(t.text) > 6 {
				continue
			}
			if _, ok := defs[t.text]; ok {
				continue
			}
			if canon, ok := byInitials[t.text]; ok {
				if _, known := d.e.g.byFold[t.fold]; !known {
					defs[t.text] = canon
				}
			}
		}
	}
	if len(defs) == 0 {
		return
	}
	for f := range d.fields {
		d.step(len(d.fields[f].toks))
		for k, t := range d.fields[f].toks {
			if canon, ok := defs[t.text]; ok {
				d.cands = append(d.cands, candidate{field: f, ti: k, tj: k + 1, typ: Group, value: canon, label: canon, priority: prioGroup + 1})
			}
		}
	}
	// gazetteer meanings of a defined acronym give way to the definition
	d.step(len(d.cands))
	kept := d.cands[:0]
	for _, c := range d.cands {
		if c.tj-c.ti == 1 && c.priority != prioGroup+1 {
			if _, ok := defs[d.fields[c.field].toks[c.ti].text]; ok {
				continue
			}
		}
		kept = append(kept, c)
	}
	d.cands = kept
}

// countryParty reports whether a group's canonical name is a party of one
// country in the gazetteer (Party Facts), whose short name others share.
func (d *doc) countryParty(canon string) bool {
	for _, r := range d.e.g.byFold[Fold(canon)] {
		if r.kind == refGroup && d.e.g.groups[r.id].country != "" {
			return true
		}
	}
	return false
}

// initialsMatch looks back from token end for capitalised words whose
// initials spell acr ("Rapid Support Forces" for "RSF"), a unit of work on
// m per word read.
func initialsMatch(toks []token, end int, acr string, m *meter) (int, bool) {
	if start, ok := initialsFrom(toks, end, acr, false, m); ok {
		return start, true
	}
	// "MODAFL", "DoD": the acronym spells a connector too
	return initialsFrom(toks, end, acr, true, m)
}

// initialsFrom is initialsMatch with lower-case connectors skipped, or with
// withConnectors read as letters of the acronym when their initial is the
// letter wanted.
func initialsFrom(toks []token, end int, acr string, withConnectors bool, m *meter) (int, bool) {
	want := []rune(strings.ToLower(acr))
	k := end - 1
	w := len(want) - 1
	for k >= 0 && w >= 0 {
		m.step(1)
		t := toks[k]
		if !t.word {
			if t.text == "-" {
				k--
				continue
			}
			return 0, false
		}
		if connectors[t.fold] && !t.cap {
			if withConnectors && []rune(t.fold)[0] == want[w] {
				w--
			}
			k--
			continue
		}
		if !t.cap {
			return 0, false
		}
		r := []rune(t.fold)
		if r[0] != want[w] {
			return 0, false
		}
		w--
		k--
	}
	if w >= 0 {
		return 0, false
	}
	if end-(k+1) < 2 {
		return 0, false
	}
	return k + 1, true
}

// addNEROrg adds an organisation the tagger found, if it looks like a name:
// capitalised at both ends, two tokens or more or an acronym, and not a
// country or place of the gazetteer.
func (d *doc) addNEROrg(f, i, j int) {
	fl := &d.fields[f]
	toks := fl.toks
	for i < j && (toks[i].fold == "the" || !toks[i].word || connectors[toks[i].fold] || d.e.g.common[toks[i].fold] && fl.sentenceStart(i)) {
		i++
	}
	for j > i && !toks[j-1].word {
		j--
	}
	if i < j && i > 0 && toks[i-1].text == "-" && !toks[i].space {
		return // the end of a hyphenated word ("A-League")
	}
	if i < j && roleWords[toks[i].fold] {
		return // "Striker Tomas Vrana": a person, which the name rules read
	}
	// cut at the first lower-case word that is not a connector, or a title,
	// or a date word ("Treasury on Thursday")
	d.step(j - i)
	for k := i; k < j; k++ {
		if _, ok := weekdays[toks[k].fold]; ok || monthNames[toks[k].fold] != 0 && k > i && connectors[toks[k-1].fold] {
			j = k
			break
		}
		if k > i && titleWords[toks[k].fold] && !orgSuffix[toks[k].fold] {
			j = k
			break
		}
		if toks[k].word && !toks[k].cap && !toks[k].digit && !connectors[toks[k].fold] && !(k > 0 && toks[k-1].text == "-") {
			j = k
			break
		}
	}
	// a leading country or demonym is not part of a generic state body or
	// of a known group ("U.S. Treasury", "Iran's Foreign Ministry"), but is
	// of other names ("Sudan Doctors' Committee", "Iran Human Rights")
	for i < j {
		d.step(1)
		n, refs := d.e.g.matchAt(toks, i, fl.allCaps)
		if n == 0 || i+n >= j {
			break
		}
		lead := false
		for _, r := range refs {
			if r.kind == refCountry || r.kind == refDemonym {
				lead = true
			}
		}
		if !lead {
			break
		}
		rest := i + n
		if rest < j && toks[rest].text == "'" || rest < j && toks[rest].text == "’" {
			rest += 2 // "Iran's"
		}
		e := j
		for e > rest && (!toks[e-1].word || connectors[toks[e-1].fold]) {
			e--
		}
		if rest >= e {
			break
		}
		d.step(e - rest) // the rest of the name is folded
		if _, known := d.e.ResolveGroup(d.spanText(f, rest, e)); !known && !govBody(toks[rest:e], &d.work) && rest == i+n {
			break
		}
		i = rest
	}
	for j > i && (!toks[j-1].word || connectors[toks[j-1].fold]) {
		j--
	}
	// a common abbreviation ends no name: "the Abu Dhabi AI group G42" is
	// a place, an abbreviation and a group
	for j-1 > i && toks[j-1].upper && commonAbbrev[toks[j-1].fold] {
		j--
	}
	if j <= i || !toks[i].cap || !toks[j-1].cap {
		return
	}
	if j-i == 1 && (!(toks[i].upper && len(toks[i].text) >= 2) || commonAbbrev[toks[i].fold]) {
		return
	}
	if d.givenNameCountry(f, i, j) {
		// "Georgia Hartley", "Israel Adesanya": a person whose given name
		// is a country or place, not a body of it
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Person, value: d.spanText(f, i, j), label: d.spanText(f, i, j), priority: prioPerson})
		return
	}
	if n, refs := d.e.g.matchAt(toks, i, false); n == j-i {
		for _, r := range refs {
			if r.kind != refGroup {
				return
			}
		}
	} else if n > 0 && i+n+2 == j && toks[i+n].fold == "of" {
		// "Quds Force of Iran": a known group and its country
		if m, refs := d.e.g.matchAt(toks, i+n+1, false); m == 1 && len(refs) > 0 && (refs[0].kind == refCountry || refs[0].kind == refDemonym) {
			return
		}
	}
	d.step(j - i)
	name := d.spanText(f, i, j)
	canon := name
	if c, ok := d.e.ResolveGroup(name); ok {
		canon = c
	}
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: canon, label: canon, priority: prioOrgPattern - 1})
}

// commonAbbrev are capitalised abbreviations of common nouns, never an
// organisation alone ("the IT department", "AI chips").
var commonAbbrev = map[string]bool{
	"it": true, "ai": true, "tv": true, "pr": true, "hr": true, "ceo": true, "cfo": true,
	"gdp": true, "id": true, "pc": true, "ok": true, "dna": true, "vpn": true, "usb": true,
	"lng": true, "ev": true, "evs": true, "ipo": true, "atm": true, "sms": true, "faq": true,
	"pdf": true, "gps": true, "hiv": true, "aids": true, "covid": true, "mp": true, "mps": true,
	"pm": true, "am": true, "uk": true, "us": true, "eu": true,
}

// leadingWords are function words that open a sentence before a name
// ("When the A-League began") and are never part of it.
var leadingWords = map[string]bool{
	"when": true, "after": true, "before": true, "while": true, "as": true, "if": true,
	"but": true, "and": true, "in": true, "on": true, "at": true, "with": true, "by": true,
	"from": true, "since": true, "during": true, "although": true, "because": true,
	"then": true, "so": true, "also": true, "meanwhile": true, "under": true, "until": true,
	"once": true, "though": true, "where": true, "whether": true, "both": true, "last": true,
	"this": true, "that": true, "these": true, "those": true, "yesterday": true, "today": true,
}

// ministryNames maps the short forms of ministries to their formal names.
var ministryNames = map[string]string{
	"foreign": "Ministry of Foreign Affairs", "foreign affairs": "Ministry of Foreign Affairs",
	"defence": "Ministry of Defence", "defense": "Ministry of Defense", "health": "Ministry of Health",
	"interior": "Ministry of Interior", "home": "Ministry of Interior", "finance": "Ministry of Finance",
	"justice": "Ministry of Justice", "economy": "Ministry of Economy", "oil": "Ministry of Oil",
	"energy": "Ministry of Energy", "petroleum": "Ministry of Petroleum", "trade": "Ministry of Trade",
	"education": "Ministry of Education", "intelligence": "Ministry of Intelligence",
	"information": "Ministry of Information", "agriculture": "Ministry of Agriculture",
}

// stateBodies are names every state uses for one of its bodies; like
// ministries they are qualified by their country.
var stateBodies = map[string]bool{
	"supreme court": true, "constitutional court": true, "high court": true, "central bank": true,
	"election commission": true, "electoral commission": true, "central election commission": true,
	"national election commission": true, "national electoral council": true, "electoral council": true,
	"independent electoral commission": true, "national assembly": true, "joint chiefs of staff": true,
	"armed forces": true, "general staff": true, "national security council": true,
	"foreign office": true, "border police": true, "national police": true, "coast guard": true,
}

// ofBodies are the state bodies whose Wikipedia titles name the country
// with "of" rather than in brackets.
var ofBodies = map[string]bool{
	"supreme court": true, "constitutional court": true, "high court": true, "central bank": true,
	"election commission": true, "electoral commission": true, "central election commission": true,
	"independent electoral commission": true,
}

// ministry gives a ministry found at [i, j) of field f its formal name and
// the country it belongs to: "Iran's Foreign Ministry" is "Ministry of
// Foreign Affairs (Iran)". The country is read just before the name
// ("Iran's", "Iranian", "the Russian"), or else is the country the article
// mentions most.
func (d *doc) ministry(f, i, j int) (string, bool) {
	toks := d.fields[f].toks
	d.step(j - i)
	var formal string
	switch {
	case toks[j-1].fold == "ministry" && j-i >= 2:
		var parts []string
		for _, t := range toks[i : j-1] {
			parts = append(parts, t.fold)
		}
		formal = ministryNames[strings.Join(parts, " ")]
	case toks[i].fold == "ministry" && j-i >= 3 && toks[i+1].fold == "of":
		formal = d.spanText(f, i, j)
	default:
		var parts []string
		for _, t := range toks[i:j] {
			parts = append(parts, t.fold)
		}
		if stateBodies[strings.Join(parts, " ")] {
			formal = d.spanText(f, i, j)
		}
	}
	if formal == "" {
		return "", false
	}
	code := d.countryBefore(f, i)
	if code == "" {
		code = d.mainCountry()
	}
	if code == "" {
		return formal, true
	}
	label := d.e.g.countries[d.e.g.byCode[code]].label
	// a body the gazetteer knows by its full title: "Central Bank of
	// Russia", "Supreme Court of the United States"
	for _, full := range []string{formal + " of " + label, formal + " of the " + label} {
		if c, ok := d.e.ResolveGroup(full); ok {
			return c, true
		}
	}
	if ofBodies[Fold(formal)] {
		// courts, central banks and election commissions are titled "of"
		// their country: "Election Commission of India"
		return formal + " of " + label, true
	}
	return formal + " (" + label + ")", true
}

// legislatures names the legislature (and the treasury) of a country by the
// English Wikipedia title, for "Congress", "Parliament" and "Treasury"
// written alone.
var legislatures = map[string]map[string]string{
	"treasury": {"US": "United States Department of the Treasury", "GB": "HM Treasury"},
	"congress": {
		"US": "United States Congress", "BR": "National Congress of Brazil", "MX": "Congress of the Union",
		"PE": "Congress of the Republic of Peru", "CO": "Congress of Colombia", "AR": "Argentine National Congress",
		"CL": "National Congress of Chile", "PH": "Congress of the Philippines", "GT": "Congress of Guatemala",
		"ES": "Congress of Deputies", "IN": "Indian National Congress", "CN": "National People's Congress",
		"HN": "National Congress of Honduras", "PY": "Congress of Paraguay", "BO": "Plurinational Legislative Assembly",
		"EC": "National Assembly (Ecuador)", "VE": "National Assembly (Venezuela)",
	},
	"parliament": {
		"GB": "Parliament of the United Kingdom", "IN": "Parliament of India", "DE": "Bundestag", "IL": "Knesset",
		"UA": "Verkhovna Rada", "RU": "State Duma", "IR": "Islamic Consultative Assembly",
		"IQ": "Council of Representatives of Iraq", "TR": "Grand National Assembly of Turkey", "FR": "French Parliament",
		"IT": "Italian Parliament", "JP": "National Diet", "KR": "National Assembly (South Korea)",
		"PK": "Parliament of Pakistan", "AU": "Parliament of Australia", "CA": "Parliament of Canada",
		"GE": "Parliament of Georgia", "HU": "National Assembly (Hungary)", "PL": "Parliament of Poland",
		"LB": "Parliament of Lebanon", "EG": "House of Representatives (Egypt)", "ZA": "Parliament of South Africa",
		"KE": "Parliament of Kenya", "NZ": "New Zealand Parliament", "VE": "National Assembly (Venezuela)",
		"TW": "Legislative Yuan", "CN": "National People's Congress", "BD": "Jatiya Sangsad", "NP": "Federal Parliament of Nepal",
		"LK": "Parliament of Sri Lanka", "SE": "Riksdag", "NO": "Storting", "DK": "Folketing", "FI": "Parliament of Finland",
		"NL": "House of Representatives (Netherlands)", "ES": "Cortes Generales", "PT": "Assembly of the Republic (Portugal)",
		"GR": "Hellenic Parliament", "RS": "National Assembly (Serbia)", "AM": "National Assembly (Armenia)",
		"AZ": "National Assembly (Azerbaijan)", "SK": "National Council (Slovakia)", "RO": "Parliament of Romania",
		"BG": "National Assembly (Bulgaria)", "MD": "Parliament of Moldova", "JO": "Parliament of Jordan",
		"KW": "National Assembly (Kuwait)", "TN": "Assembly of the Representatives of the People", "MA": "Parliament of Morocco",
		"NG": "National Assembly (Nigeria)", "ET": "Federal Parliamentary Assembly", "UG": "Parliament of Uganda",
		"MY": "Parliament of Malaysia", "TH": "National Assembly of Thailand", "ID": "People's Consultative Assembly",
		"SG": "Parliament of Singapore", "MN": "State Great Khural", "KZ": "Parliament of Kazakhstan", "BY": "National Assembly of Belarus",
	},
}

// scanLegislatures adds "Congress" or "Parliament" written alone as the
// legislature of the country named just before it ("Brazil's Congress") or
// else of the country the article names most.
func (d *doc) scanLegislatures() {
	for f := range d.fields {
		fl := &d.fields[f]
		if fl.allCaps {
			continue
		}
		toks := fl.toks
		for i, t := range toks {
			if !d.step(1) {
				return
			}
			names, ok := legislatures[t.fold]
			if !ok || !t.cap || t.upper {
				continue
			}
			if i+1 < len(toks) && (toks[i+1].word && toks[i+1].cap || toks[i+1].fold == "of" || toks[i+1].fold == "party") {
				continue // "Congress of the Union", "Congress Party"
			}
			code := d.countryBefore(f, i)
			if code == "" {
				if i > 0 && toks[i-1].word && toks[i-1].cap && !fl.sentenceStart(i-1) {
					continue // part of a longer name
				}
				code = d.mainCountry()
			}
			if v := names[code]; v != "" {
				d.cands = append(d.cands, candidate{field: f, ti: i, tj: i + 1, typ: Group, value: v, label: v, priority: prioGroup})
			}
		}
	}
}

// govBody reports whether a name is a generic body of a state ("Foreign
// Ministry", "Defence Forces"): a country before it is then a separate
// mention ("Iran's Foreign Ministry"), while it stays part of other names
// ("Venezuelan Medical Federation", "Taiwan People's Party").
func govBody(toks []token, m *meter) bool {
	for k, t := range toks {
		m.step(1)
		if !t.word {
			return false
		}
		last := k == len(toks)-1
		switch t.fold {
		case "ministry", "army", "navy", "police", "military", "government", "embassy", "forces",
			"force", "parliament", "court", "guard", "guards", "cabinet", "senate", "department",
			"office", "authorities", "authority", "troops", "consulate", "presidency", "treasury":
			if last {
				return true
			}
		}
		if !govModifier[t.fold] && ministryNames[t.fold] == "" {
			return false
		}
	}
	return false
}

// govModifier lists words that make a state body generic ("Armed Forces",
// "Foreign Ministry"), not a proper name ("Meteorological Department").
var govModifier = map[string]bool{
	"armed": true, "security": true, "federal": true, "national": true, "border": true,
	"air": true, "coast": true, "affairs": true, "state": true, "central": true, "defense": true,
	"defence": true, "supreme": true, "constitutional": true, "high": true, "special": true,
	"ministry": true, "of": true, "the": true,
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
		if !d.step(1) {
			return nil
		}
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
			d.step(len(acc))
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

// givenNameCountry reports whether tokens [i, j) are a country or place
// that is also a common given name followed by one capitalised word that is
// no common word and ends no organisation or place ("Georgia Hartley", not
// "Georgia Power" or "Jordan Times").
func (d *doc) givenNameCountry(f, i, j int) bool {
	toks := d.fields[f].toks
	if j-i != 2 || d.e.g.firstName[toks[i].fold] < 20000 || toks[j-1].upper {
		return false
	}
	last := toks[j-1].fold
	if d.e.g.common[last] || orgSuffix[last] || nameEndWords[last] || placeSuffix[last] || geoWords[last] || compass[last] || roleWords[last] {
		return false
	}
	n, refs := d.e.g.matchAt(toks, i, false)
	if n != 1 {
		return false
	}
	place := false
	for _, r := range refs {
		switch r.kind {
		case refCountry, refPlace:
			place = true
		case refGroup:
			return false
		}
	}
	if m, _ := d.e.g.matchAt(toks, j-1, false); m > 0 {
		return false // "Georgia Tbilisi" is no name
	}
	return place
}

// longForm makes the tokens [start, end) of field f, whose initials spell
// acr, a group and the meaning of acr in the article.
func (d *doc) longForm(f, start, end int, acr string, defs map[string]string) {
	name := d.spanText(f, start, end)
	canon := name
	if c, ok := d.e.ResolveGroup(name); ok {
		canon = c
	}
	d.cands = append(d.cands, candidate{field: f, ti: start, tj: end, typ: Group, value: canon, label: canon, priority: prioGroup})
	defs[acr] = canon
}
