package extract

// consistentTypes makes a name keep one type through the article: a name
// read as a group in one place and as a place in another ("Everton beat
// ... at Everton's ground" aside) takes the type most of its mentions
// have, with that reading's value. Countries and places count as one
// kind (both are locations), and persons are left to corefPersons, which
// weighs locatives and full names.
func (d *doc) consistentTypes(acc []candidate) []candidate {
	const (
		kindGroup = iota
		kindLoc
		kinds
	)
	kindOf := func(t Type) int {
		switch t {
		case Group:
			return kindGroup
		case Country, Place:
			return kindLoc
		}
		return -1
	}
	type votes struct {
		n     [kinds]int
		first [kinds]int // index in acc of the first candidate of each kind
	}
	byName := make(map[string]int, len(acc)) // name -> index in vs
	vs := make([]votes, 0, len(acc))
	keys := make([]string, len(acc))
	for k := range acc {
		if !d.step(1) {
			return nil
		}
		c := &acc[k]
		kind := kindOf(c.typ)
		if kind < 0 {
			continue
		}
		// the text as written, a substring (no allocation): "Aberdeen" and
		// "ABERDEEN" are counted apart, which is rare and harmless
		keys[k] = d.spanText(c.field, c.ti, c.tj)
		at, ok := byName[keys[k]]
		if !ok {
			at = len(vs)
			vs = append(vs, votes{})
			byName[keys[k]] = at
		}
		v := &vs[at]
		if v.n[kind] == 0 {
			v.first[kind] = k
		}
		v.n[kind]++
	}
	for k := range acc {
		c := &acc[k]
		kind := kindOf(c.typ)
		if kind < 0 {
			continue
		}
		v := &vs[byName[keys[k]]]
		other := 1 - kind
		if v.n[other] > v.n[kind] {
			r := acc[v.first[other]]
			*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: r.typ, value: r.value, label: r.label, country: r.country, priority: r.priority}
		}
	}
	return acc
}
