package index

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSuggest(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	ctx := context.Background()
	show := func(list []Suggestion) []string {
		var out []string
		for _, s := range list {
			out = append(out, fmt.Sprintf("%s:%s(%s)=%d", s.Type, s.Value, s.Matched, s.Count))
		}
		return out
	}
	for _, tc := range []struct {
		prefix string
		types  []string
		want   []string
	}{
		{"irgc", nil, []string{"group:Islamic Revolutionary Guard Corps(irgc)=1"}},
		{"irg", nil, []string{"group:Islamic Revolutionary Guard Corps(irgc)=1"}},
		{"irania", nil, []string{"country:IR(iranian)=2"}},
		{"hizb", nil, []string{"group:Hezbollah(hizbollah)=2"}},
		{"HEZB", nil, []string{"group:Hezbollah(hezbollah)=2"}},
		{"mad", nil, []string{"person:Nicolás Maduro(nicolas maduro)=1"}}, // a word of the name
		{"nicolas", nil, []string{"person:Nicolás Maduro(nicolas maduro)=1"}},
		{"damas", []string{"place"}, []string{"place:Damascus(damascus)=2"}},
		{"damas", []string{"group"}, nil},
		{"russ", nil, []string{"country:RU(russia)=1"}},
		{"zzz", nil, nil},
		{"", nil, nil},
	} {
		got, err := ix.Suggest(ctx, tc.prefix, tc.types, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, show(got)); diff != "" {
			t.Errorf("Suggest(%q, %v) (-want +got):\n%s", tc.prefix, tc.types, diff)
		}
	}
	if _, err := ix.Suggest(ctx, "x", []string{"year"}, 10); err == nil {
		t.Error("an unknown type was accepted")
	}
}

func TestEntitiesPrefixTakesAliases(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	for _, tc := range []struct{ typ, prefix, want string }{
		{"group", "irgc", "Islamic Revolutionary Guard Corps"},
		{"country", "Iranian", "IR"},
	} {
		got, err := ix.Entities(context.Background(), tc.typ, tc.prefix, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Value != tc.want {
			t.Errorf("Entities(%s, %q) = %+v, want %s", tc.typ, tc.prefix, got, tc.want)
		}
	}
}
