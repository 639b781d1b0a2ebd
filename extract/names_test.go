package extract

import (
	"cmp"
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	e := newTest(t)
	names := e.Names()
	if !slices.IsSortedFunc(names, func(a, b Name) int { return cmp.Compare(a.Name, b.Name) }) {
		t.Fatal("names are not sorted")
	}
	find := func(name string, typ Type) (Name, bool) {
		i, _ := slices.BinarySearchFunc(names, name, func(n Name, s string) int { return cmp.Compare(n.Name, s) })
		for ; i < len(names) && names[i].Name == name; i++ {
			if names[i].Type == typ {
				return names[i], true
			}
		}
		return Name{}, false
	}
	for _, tc := range []struct {
		name  string
		typ   Type
		value string
	}{
		{"irgc", Group, "Islamic Revolutionary Guard Corps"},
		{"iranian", Country, "IR"},
		{"iran", Country, "IR"},
		{"hizbollah", Group, "Hezbollah"},
		{"bogota", Place, "Bogotá"},
	} {
		n, ok := find(tc.name, tc.typ)
		if !ok || n.Value != tc.value {
			t.Errorf("%s %s: got %+v, %v; want value %q", tc.typ, tc.name, n, ok, tc.value)
		}
	}
}

func TestNamesSayWhenCapitalsAreNeeded(t *testing.T) {
	for _, n := range newTest(t).Names() {
		if n.Name == "who" && n.Type == Group && !n.Capitals {
			t.Errorf("%+v: the WHO is a group only in capitals", n)
		}
		if n.Name == "iran" && n.Capitals {
			t.Errorf("%+v: Iran needs no capitals", n)
		}
	}
}
