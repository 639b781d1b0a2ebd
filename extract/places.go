package extract

import "strings"

// townCue reports whether the words around a small town's name at [i, j)
// of field f say it is a place: "in Erzin", "the town of Erzin", "Erzin,
// Hatay". A town is never part of a longer capitalised name.
func (d *doc) townCue(f, i, j int) bool {
	toks := d.fields[f].toks
	if j < len(toks) && toks[j].word && toks[j].cap || i > 0 && toks[i-1].word && toks[i-1].cap {
		return false
	}
	if _, ok := d.placeQualifier(f, j, ""); ok {
		return true
	}
	switch foldAt(toks, i-1) {
	case "in", "near", "from", "to", "into", "outside", "around", "towards", "toward", "via", "across":
		return true
	case "of":
		switch foldAt(toks, i-2) {
		case "town", "city", "village", "outskirts", "district", "suburb", "province", "region", "municipality", "port", "residents", "south", "north", "east", "west", "centre", "center":
			return true
		}
	}
	return false
}

// scanPlacePairs reads places the gazetteer lacks when a known state,
// region or country qualifies them and a locative or a dateline announces
// them: "in Uvalde, Texas", "KUPIANSK, Ukraine (AP) —".
func (d *doc) scanPlacePairs(f int) {
	fl := &d.fields[f]
	if fl.allCaps {
		return
	}
	toks := fl.toks
	for i := 0; i < len(toks); i++ {
		if !d.step(1) {
			return
		}
		t := toks[i]
		if !t.word || !t.cap || t.digit || titleWords[t.fold] {
			continue
		}
		// a dateline's city is written in capitals ("TBILISI, Georgia"):
		// a known one is no unknown town to qualify by a US state
		if n, _ := d.e.g.matchAt(toks, i, t.upper); n > 0 {
			i += n - 1
			continue
		}
		j := i + 1
		for j < len(toks) && j-i < 3 && toks[j].word && toks[j].cap && !toks[j].digit {
			j++
		}
		if j >= len(toks) || toks[j].text != "," {
			i = j - 1
			continue
		}
		if !(locativeBefore(toks, i) || i == 0 || fl.sentenceStart(i) && t.upper) {
			i = j - 1
			continue
		}
		code, ok := d.placeQualifier(f, j, "")
		if !ok {
			i = j - 1
			continue
		}
		n, _ := d.e.g.matchAt(toks, j+1, false)
		if n == 0 {
			n = 1 // "Ga.", "Tex."
		}
		if k := j + 1 + n; k < len(toks) && toks[k].word && (toks[k].cap || toks[k].fold == "s") {
			i = j - 1
			continue // "Abbott, Texas Gov.", "Smith, Texas's senator"
		}
		name := d.spanText(f, i, j)
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Place, value: name, label: name, country: code, priority: prioPlace})
		i = j - 1
	}
}

// placeQualifier reads ", Texas" or ", Mexico" after a place name and returns
// the country it implies.
//
// own is the country of the known place before the comma, if any: a
// qualifier that can name it keeps it ("TBILISI, Georgia" is the country,
// not the US state).
func (d *doc) placeQualifier(f, j int, own string) (string, bool) {
	toks := d.fields[f].toks
	if j+1 >= len(toks) || toks[j].text != "," || !toks[j+1].cap {
		return "", false
	}
	n, refs := d.e.g.matchAt(toks, j+1, d.fields[f].allCaps)
	if n == 0 {
		if toks[j+1].fold == "ga" || toks[j+1].fold == "tex" || toks[j+1].fold == "calif" {
			return "US", true
		}
		return "", false
	}
	if own != "" {
		for _, r := range refs {
			if r.kind == refCountry && d.e.g.countries[r.id].code == own || r.kind == refPlace && d.e.g.places[r.id].country == own {
				return own, true
			}
		}
	}
	for _, r := range refs { // a US state first: "Atlanta, Georgia"
		if r.kind == refPlace && strings.Contains(d.e.g.places[r.id].flags, "s") {
			return "US", true
		}
	}
	for _, r := range refs { // a region of a country: "Lahore, Punjab"
		if p := d.e.g.places[r.id]; r.kind == refPlace && strings.Contains(p.flags, "a") && p.country != "" {
			return p.country, true
		}
	}
	for _, r := range refs {
		if r.kind == refCountry {
			return d.e.g.countries[r.id].code, true
		}
	}
	return "", false
}

// usStateContext decides whether "Georgia" at [i, j) of field f is the US
// state: on words next to it and on US or Caucasus cues in the article.
func (d *doc) usStateContext(f, i, j int) bool {
	toks := d.fields[f].toks
	if j < len(toks) {
		switch toks[j].fold {
		case "gov", "governor", "senator", "sen", "state", "county", "republican", "republicans", "democrat", "democrats", "democratic", "secretary", "legislature", "voters", "bulldogs", "tech":
			return true
		}
	}
	if i >= 2 && toks[i-1].text == "," && d.e.g.places != nil {
		// "Atlanta, Georgia"
		if n, refs := d.e.g.matchAt(toks, i-2, false); n == 1 {
			for _, r := range refs {
				if r.kind == refPlace && d.e.g.places[r.id].country == "US" {
					return true
				}
			}
		}
	}
	// words near the mention
	for k := i - 8; k < j+8; k++ {
		if k < 0 || k >= len(toks) || (k >= i && k < j) {
			continue
		}
		switch toks[k].fold {
		case "soviet", "caucasus", "tbilisi", "georgian", "georgians", "abkhazia", "ossetia", "republic":
			return false
		case "atlanta", "governor", "gov", "county", "voters", "recount", "senate":
			return true
		}
	}
	if !d.usCuesDone {
		d.usCuesDone = true
		for fi := range d.fields {
			d.step(len(d.fields[fi].toks))
			for _, t := range d.fields[fi].toks {
				switch t.fold {
				case "atlanta", "savannah", "augusta", "macon", "kemp", "raffensperger", "fulton", "gwinnett", "county", "senate", "gop", "peach", "ga":
					d.usCues++
				case "tbilisi", "georgian", "georgians", "caucasus", "abkhazia", "ossetia", "batumi", "kutaisi", "kobakhidze", "ivanishvili", "zurabishvili", "saakashvili":
					d.usCues--
				}
			}
		}
	}
	return d.usCues > 0
}

// placeWord reports whether token k ends a country, demonym or place name
// of the gazetteer ("Iran" in "Iran's Foreign Ministry").
func (d *doc) placeWord(toks []token, k int) bool {
	for s := k; s >= 0 && s >= k-3; s-- {
		if n, refs := d.e.g.matchAt(toks, s, false); n > 0 && s+n == k+1 {
			for _, r := range refs {
				if r.kind != refGroup {
					return true
				}
			}
		}
	}
	return false
}

// placeSuffix lists words that end the name of a place ("Umayyad Square",
// "Lagos State", "Zaporizhzhia Nuclear Power Plant").
var placeSuffix = map[string]bool{
	"airport": true, "square": true, "mosque": true, "dam": true, "canal": true, "sea": true,
	"strait": true, "valley": true, "desert": true, "mountains": true, "plateau": true,
	"peninsula": true, "island": true, "islands": true, "bridge": true, "heights": true,
	"farms": true, "region": true, "province": true, "state": true, "county": true,
	"district": true, "governorate": true, "oblast": true, "river": true, "lake": true,
	"coast": true, "basin": true, "delta": true, "corridor": true, "crossing": true,
	"camp": true, "street": true, "avenue": true, "boulevard": true, "port": true,
	"harbour": true, "harbor": true, "plant": true, "mine": true, "refinery": true,
	"terminal": true, "base": true, "border": true, "palace": true, "gulf": true, "ocean": true,
}

// placeHead lists words that start a place name when "of" follows
// ("Strait of Hormuz", "Gulf of Aden").
// placePrefix lists words that open a settlement's name with no "of"
// ("Kibbutz Nir Tamar"); read as a name, the kibbutz became a person.
var placePrefix = map[string]bool{"kibbutz": true, "moshav": true}

var placeHead = map[string]bool{
	"strait": true, "straits": true, "gulf": true, "sea": true, "bay": true, "port": true,
	"cape": true, "isle": true, "lake": true, "mount": true,
}

// scanPlaces adds place candidates for capitalised names ending in a place
// word or starting "Strait of", "Gulf of". Their country is the one of a
// known place or country inside the name, if any.
func (d *doc) scanPlaces(f int) {
	fl := &d.fields[f]
	toks := fl.toks
	for i := 0; i < len(toks); {
		if !d.step(1) {
			return
		}
		if !toks[i].word || !toks[i].cap || toks[i].digit {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			d.step(1)
			t := toks[j]
			if t.word && (t.cap || fl.allCaps) && !t.digit {
				j++
				continue
			}
			if t.word && (t.fold == "of" || nameParticles[t.fold]) && j+1 < len(toks) && toks[j+1].cap {
				j++
				continue
			}
			if (t.text == "-" || t.text == "'" || t.text == "’") && !t.space && j+1 < len(toks) && toks[j+1].word && !toks[j+1].space {
				j++
				continue
			}
			break
		}
		d.step(2 * (j - i)) // the start and the suffix are looked for once per run
		s := i
		for s < j && (toks[s].fold == "the" || !toks[s].cap || titleWords[toks[s].fold] || d.fields[f].sentenceStart(s) && d.e.g.common[toks[s].fold] && !placeHead[toks[s].fold]) {
			s++
		}
		end := -1
		for k := j - 1; k > s; k-- {
			if placeSuffix[toks[k].fold] {
				end = k + 1
				break
			}
		}
		if end < 0 && j-s >= 3 && placeHead[toks[s].fold] && toks[s+1].fold == "of" {
			end = j
		}
		if end < 0 && j-s >= 2 && placePrefix[toks[s].fold] {
			// "Kibbutz Nir Tamar": above a person's reading of the name
			d.addPlacePatternPrio(f, s, j, prioPlace)
		} else if end > s+1 && !titleWords[toks[end-2].fold] && toks[end-2].fold != "of" {
			d.addPlacePattern(f, s, end)
		}
		i = j
	}
}

func (d *doc) addPlacePattern(f, i, j int) {
	d.addPlacePatternPrio(f, i, j, prioOrgPattern)
}

func (d *doc) addPlacePatternPrio(f, i, j, prio int) {
	toks := d.fields[f].toks
	code := ""
	for k := i; k < j && code == ""; k++ {
		d.step(1)
		n, refs := d.e.g.matchAt(toks, k, d.fields[f].allCaps)
		for _, r := range refs {
			if n == 0 {
				break
			}
			switch r.kind {
			case refPlace:
				code = d.e.g.places[r.id].country
			case refCountry, refDemonym:
				code = d.e.g.countries[r.id].code
			}
			if code != "" {
				break
			}
		}
	}
	name := d.spanText(f, i, j)
	d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Place, value: name, label: name, country: code, priority: prio})
}

// addNERPlace adds a place the tagger found that the gazetteer lacks
// ("Gemmayzeh"): capitalised, not a sentence-initial common word, and its
// country taken from a known place or country inside it, if any.
func (d *doc) addNERPlace(f, i, j int) {
	fl := &d.fields[f]
	toks := fl.toks
	for i < j && (toks[i].fold == "the" || !toks[i].word) {
		i++
	}
	for j > i && !toks[j-1].word {
		j--
	}
	if j <= i || !toks[i].cap || !toks[j-1].cap {
		return
	}
	d.step(j - i)
	for k := i; k < j; k++ {
		if toks[k].word && !toks[k].cap && !connectors[toks[k].fold] && !nameParticles[toks[k].fold] && !(k > 0 && toks[k-1].text == "-") {
			return
		}
	}
	if j-i == 1 && (d.e.g.common[toks[i].fold] || toks[i].upper || len([]rune(toks[i].text)) < 3) {
		return
	}
	if adjective(toks[j-1].fold) || d.e.g.demonyms[toks[j-1].fold] {
		return // "West African", "Soviet"
	}
	// "British Royal Marines": a demonym before a known group is no place
	for k := i; k < j; k++ {
		d.step(1)
		if n, refs := d.e.g.matchAt(toks, k, fl.allCaps); n > 0 && k+n == j {
			for _, r := range refs {
				if r.kind == refGroup {
					return
				}
			}
		}
		if !d.e.g.demonyms[toks[k].fold] {
			break
		}
	}
	if _, ok := numberWords[toks[i].fold]; ok || toks[i].digit {
		return
	}
	if n, _ := d.e.g.matchAt(toks, i, fl.allCaps); n >= j-i {
		return // the gazetteer reads it already
	}
	if j-i == 1 && !locativeBefore(toks, i) && foldAt(toks, j) != "," {
		return // a lone word needs "in", "near", "from"... before it
	}
	if d.givenNameCountry(f, i, j) {
		// "Georgia Hartley": a person whose given name is a place
		name := d.spanText(f, i, j)
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Person, value: name, label: name, priority: prioPerson})
		return
	}
	if d.placeThenName(f, i, j) {
		// "St. Louis Cardinals", "Perth Glory": a team or a firm named
		// after its city
		name := d.spanText(f, i, j)
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: j, typ: Group, value: name, label: name, priority: prioOrgPattern - 1})
		return
	}
	d.addPlacePatternPrio(f, i, j, prioOrgPattern-1)
}

// placeThenName reports whether [i, j) of field f is a known city or
// country followed by capitalised words that are not place words: the name
// of something named after the place rather than a place.
func (d *doc) placeThenName(f, i, j int) bool {
	toks := d.fields[f].toks
	if d.fields[f].allCaps {
		return false
	}
	n, refs := d.e.g.matchAt(toks, i, false)
	if n == 0 || i+n >= j || j-(i+n) > 3 {
		return false
	}
	known := false
	for _, r := range refs {
		if r.kind == refPlace || r.kind == refCountry {
			known = true
		}
	}
	if !known {
		return false
	}
	for k := i + n; k < j; k++ {
		t := toks[k]
		if !t.word || !t.cap || placeSuffix[t.fold] || placeHead[t.fold] || geoWords[t.fold] || titleWords[t.fold] || compass[t.fold] {
			return false
		}
		if m, _ := d.e.g.matchAt(toks, k, false); m > 0 {
			return false
		}
	}
	return true
}

// geoWords are words of place names beyond placeSuffix ("Gaza Strip",
// "Old City").
var geoWords = map[string]bool{
	"strip": true, "city": true, "town": true, "village": true, "old": true, "hills": true,
	"hill": true, "mountain": true, "mount": true, "park": true, "road": true, "gate": true,
	"quarter": true, "neighbourhood": true, "neighborhood": true, "beach": true, "bay": true,
	"forest": true, "falls": true, "springs": true, "highway": true, "station": true,
	"metropolitan": true, "area": true, "territory": true, "territories": true, "zone": true,
	"municipality": true, "prefecture": true, "oasis": true, "reservoir": true, "lagoon": true,
	"cathedral": true, "church": true, "temple": true, "shrine": true, "fort": true,
	"castle": true, "tower": true, "hotel": true, "stadium": true, "arena": true, "market": true,
	"bazaar": true, "hospital": true, "prison": true, "jail": true, "embassy": true,
	"consulate": true, "island": true, "archipelago": true, "cape": true, "pass": true,
	"junction": true, "plain": true, "plains": true, "steppe": true, "highlands": true,
	"lowlands": true, "marshes": true, "wetlands": true, "gorge": true, "canyon": true,
	"glacier": true, "volcano": true, "creek": true, "waterfront": true, "downtown": true,
	"centre": true, "center": true, "mall": true, "plaza": true, "circle": true, "cemetery": true,
	"way": true, "lane": true, "drive": true, "row": true, "terrace": true, "wharf": true,
	"pier": true, "dock": true, "docks": true, "chase": true, "common": true, "green": true,
}

// compass lists direction words of place names ("Sudan South", "Jakarta Utara").
var compass = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "central": true, "northern": true,
	"southern": true, "eastern": true, "western": true, "upper": true, "lower": true,
	"greater": true, "new": true, "province": true, "state": true, "region": true,
}

// adjective reports whether a word looks like an adjective of a place
// ("Soviet", "Western", "Balkan") rather than its name.
func adjective(fold string) bool {
	if fold == "soviet" {
		return true
	}
	for _, suf := range []string{"ian", "ean", "ese", "ish", "ic", "ern"} {
		if strings.HasSuffix(fold, suf) {
			return true
		}
	}
	return false
}
