package extract

import "strings"

// scanGazetteer adds a candidate for every gazetteer name in field f.
func (d *doc) scanGazetteer(f int) {
	fl := &d.fields[f]
	toks := fl.toks
	for i := 0; i < len(toks); i++ {
		if !d.step(1) {
			return
		}
		if !toks[i].word && toks[i].text != "'" {
			continue
		}
		n, refs := d.e.g.matchAt(toks, i, fl.allCaps)
		if n == 0 {
			// a small town, where the words around it say it is a place
			if n, refs = matchIn(d.e.g.towns, toks, i, fl.allCaps); n == 0 || !d.townCue(f, i, i+n) {
				continue
			}
		}
		if c, ok := d.chooseRef(f, i, i+n, refs); ok {
			d.cands = append(d.cands, c)
		}
	}
}

// chooseRef picks the meaning of a gazetteer match on context.
func (d *doc) chooseRef(f, i, j int, refs []ref) (candidate, bool) {
	g := d.e.g
	fl := &d.fields[f]
	var country, demonym, place, group *ref
	for k := range refs {
		r := &refs[k]
		switch r.kind {
		case refCountry:
			if country == nil {
				country = r
			}
		case refDemonym:
			if demonym == nil {
				demonym = r
			}
		case refPlace:
			// a city before a US state or a region of the same name ("New
			// York", "Kherson")
			if place == nil || g.places[place.id].region() && !g.places[r.id].region() {
				place = r
			}
		case refGroup:
			if group == nil {
				group = r
			}
		}
	}
	// Georgia the US state or Georgia the country, on evidence.
	if country != nil && place != nil && strings.Contains(g.places[place.id].flags, "s") {
		if d.usStateContext(f, i, j) {
			country = nil
		} else {
			place = nil
		}
	}
	switch {
	case country != nil:
		c := g.countries[country.id]
		return candidate{field: f, ti: i, tj: j, typ: Country, value: c.code, label: c.label, priority: prioCountry}, true
	case demonym != nil:
		c := g.countries[demonym.id]
		return candidate{field: f, ti: i, tj: j, typ: Country, value: c.code, label: c.label, priority: prioCountry}, true
	case group != nil:
		gr := g.groups[group.id]
		return candidate{field: f, ti: i, tj: j, typ: Group, value: gr.canonical, label: gr.canonical, priority: prioGroup}, true
	case place != nil:
		p := g.places[place.id]
		if strings.Contains(p.flags, "w") && fl.sentenceStart(i) && !strings.Contains(p.flags, "c") && p.pop < 1000000 {
			return candidate{}, false
		}
		code := p.country
		if alt, ok := d.placeQualifier(f, j, code); ok {
			code = alt
		}
		return candidate{field: f, ti: i, tj: j, typ: Place, value: p.name, label: p.name, country: code, priority: prioPlace}, true
	}
	return candidate{}, false
}

// countryBefore returns the country named just before token i of field f
// ("Iran's", "Iranian", "the U.S."), or "".
func (d *doc) countryBefore(f, i int) string {
	toks := d.fields[f].toks
	k := i - 1
	if k >= 1 && toks[k].fold == "s" && (toks[k-1].fold == "'" || toks[k-1].text == "’") {
		k -= 2
	}
	for s := k; s >= 0 && s >= k-3; s-- {
		if n, refs := d.e.g.matchAt(toks, s, d.fields[f].allCaps); n > 0 && s+n == k+1 {
			for _, r := range refs {
				if r.kind == refCountry || r.kind == refDemonym {
					return d.e.g.countries[r.id].code
				}
			}
		}
	}
	return ""
}

// mainCountry returns the country the article names most often, if it is
// named at least twice and more often than any other.
func (d *doc) mainCountry() string {
	return d.main.update(d)
}

// mainCount is the running count behind mainCountry. Candidates are only
// added while mainCountry is asked (the filter of acronyms comes later), so
// counting the new ones at each call gives the count of them all; keeping
// the top count and how many codes share it gives the answer without a pass
// over the countries. Recounting every candidate at every call cost n² for
// an article of "Parliament." sentences.
type mainCount struct {
	counted int            // candidates counted so far
	counts  map[string]int // code -> mentions
	top     int            // the highest count
	topCode string         // a code with the highest count
	atTop   int            // how many codes have it
}

func (mc *mainCount) update(d *doc) string {
	if mc.counts == nil || mc.counted > len(d.cands) {
		*mc = mainCount{counts: map[string]int{}} // candidates were dropped: count again
	}
	for _, c := range d.cands[mc.counted:] {
		code := ""
		switch {
		case c.typ == Country:
			code = c.value
		case c.typ == Place && c.country != "" && c.priority == prioPlace:
			code = c.country // a city of the gazetteer ("Tehran")
		}
		if code == "" {
			continue
		}
		n := mc.counts[code] + 1
		mc.counts[code] = n
		switch {
		case n > mc.top:
			mc.top, mc.topCode, mc.atTop = n, code, 1
		case n == mc.top:
			mc.atTop++
		}
	}
	d.step(len(d.cands) - mc.counted + 1)
	mc.counted = len(d.cands)
	if mc.top >= 2 && mc.atTop == 1 {
		return mc.topCode
	}
	return ""
}

// applyTraps drops readings the article's own words rule out.
func (d *doc) applyTraps(acc []candidate) []candidate {
	// Turkey the bird: lower-case "turkey" or Thanksgiving, and no Turkish cue.
	bird, tr := false, false
	for f := range d.fields {
		d.step(len(d.fields[f].toks))
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
	d.step(len(acc))
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
