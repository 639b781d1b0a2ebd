package extract

import (
	"cmp"
	"slices"
)

// Name is one name the extractor knows for an entity: a country's name or
// demonym, a group's alias or acronym, a place, a person in the news.
type Name struct {
	Name    string `json:"name"`              // the name, folded (Fold)
	Type    Type   `json:"type"`              // what it names
	Value   string `json:"value"`             // the entity's value, as in extracted entities
	Label   string `json:"label"`             // the entity's display name
	Country string `json:"country,omitempty"` // a place's country
	// Capitals is set for names that stand for the entity only when
	// written in capitals ("US", "WHO", "IRGC"), not as the word ("us").
	Capitals bool `json:"capitals,omitempty"`
}

// Names lists every name of the gazetteers with the entity it stands for,
// sorted by name then type and value: the vocabulary a query or a search
// box can resolve without the index. A name with several meanings ("Georgia")
// is listed once for each.
func (e *Extractor) Names() []Name {
	var out []Name
	for key, refs := range e.g.byFold {
		for _, r := range refs {
			n := Name{Name: key, Capitals: slices.Contains(r.pattern, 2)}
			switch r.kind {
			case refCountry, refDemonym:
				c := e.g.countries[r.id]
				n.Type, n.Value, n.Label = Country, c.code, c.label
			case refPlace:
				p := e.g.places[r.id]
				n.Type, n.Value, n.Label, n.Country = Place, p.name, p.name, p.country
			case refGroup:
				g := e.g.groups[r.id]
				n.Type, n.Value, n.Label = Group, g.canonical, g.canonical
			default:
				continue
			}
			out = append(out, n)
		}
	}
	for alias, canonical := range e.g.famous {
		out = append(out, Name{Name: alias, Type: Person, Value: canonical, Label: canonical})
	}
	slices.SortFunc(out, func(a, b Name) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Value, b.Value))
	})
	return slices.CompactFunc(out, func(a, b Name) bool { return a == b })
}
