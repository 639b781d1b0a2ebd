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
	byName := map[string]*votes{}
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
		keys[k] = Fold(d.spanText(c.field, c.ti, c.tj))
		v := byName[keys[k]]
		if v == nil {
			v = &votes{}
			byName[keys[k]] = v
		}
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
		v := byName[keys[k]]
		other := 1 - kind
		if v.n[other] > v.n[kind] {
			r := acc[v.first[other]]
			*c = candidate{field: c.field, ti: c.ti, tj: c.tj, typ: r.typ, value: r.value, label: r.label, country: r.country, priority: r.priority}
		}
	}
	return acc
}
