package extract

import (
	"sync"
	"testing"
	"time"
)

var (
	testOnce sync.Once
	testEx   *Extractor
	testErr  error
)

// newTest returns one shared Extractor for the tests.
func newTest(t testing.TB) *Extractor {
	t.Helper()
	testOnce.Do(func() { testEx, testErr = New() })
	if testErr != nil {
		t.Fatalf("New: %v", testErr)
	}
	return testEx
}

var pub = time.Date(2024, time.March, 14, 10, 0, 0, 0, time.UTC) // a Thursday

// values returns the values of the entities of type typ.
func values(ents []Entity, typ Type) []string {
	var out []string
	for _, e := range ents {
		if e.Type == typ {
			out = append(out, e.Value)
		}
	}
	return out
}

func has(ents []Entity, typ Type, value string) bool {
	for _, v := range values(ents, typ) {
		if v == value {
			return true
		}
	}
	return false
}

func TestExtractBasics(t *testing.T) {
	ex := newTest(t)
	ents := ex.Extract(Input{
		Title:     "U.S. ends oil waivers, pressing Iran's buyers",
		Body:      "In Tehran, President Hassan Rouhani said the Islamic Republic would respond. Rouhani spoke to the Islamic Revolutionary Guard Corps (IRGC). The IRGC said nothing.",
		Published: pub,
	})
	for _, w := range []struct {
		typ   Type
		value string
	}{
		{Country, "US"}, {Country, "IR"}, {Place, "Tehran"}, {Person, "Hassan Rouhani"},
		{Group, "Islamic Revolutionary Guard Corps"},
	} {
		if !has(ents, w.typ, w.value) {
			t.Errorf("missing %s %q in %+v", w.typ, w.value, ents)
		}
	}
	if got := values(ents, Person); len(got) != 1 {
		t.Errorf("persons = %v, want one", got)
	}
}
