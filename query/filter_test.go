package query

import (
	"testing"
)

func TestFilter(t *testing.T) {
	for _, c := range []struct {
		param  string
		values []string
		want   string // rendered, or "error param: message"
	}{
		{"country", []string{"Iranian"}, `term(country "IR")`},
		{"country", []string{"IR", "U.S."}, `or(term(country "IR"), term(country "US"))`},
		{"country", []string{"Atlantis"}, `error country: unknown country "Atlantis" (use an ISO code such as IR, or a name such as Iran)`},
		{"about_country", []string{"Iranian", "US"}, `or(term(about_country "IR"), term(about_country "US"))`},
		{"about_country", []string{"Atlantis"}, `error about_country: unknown country "Atlantis" (use an ISO code such as IR, or a name such as Iran)`},
		{"group", []string{"IRGC"}, `term(group_key "islamic revolutionary guard corps")`},
		{"group", []string{"Unknown Front"}, `term(group_key "unknown front")`},
		{"person", []string{"Nicolás  Maduro"}, `term(person_key "nicolas maduro")`},
		{"place", []string{"Téhéran"}, `term(place_key "teheran")`},
		{"source", []string{"Atlas Report"}, `term(source "Atlas Report")`},
		{"source", []string{" "}, `error source: empty value`},
		{"source", nil, `error source: no value`},
		{"title", []string{"x"}, `error title: not a filter parameter (known: country, about_country, group, person, place, source)`},
		{"from", []string{"2024"}, `error from: not a filter parameter (known: country, about_country, group, person, place, source)`},
	} {
		q, err := Filter(c.param, c.values, fakeResolver{})
		got := ""
		if err != nil {
			if !IsKind(err, Invalid) {
				t.Errorf("%s %v: error %v is not Invalid", c.param, c.values, err)
			}
			got = "error " + err.Error()
		} else {
			got = render(q)
		}
		if got != c.want {
			t.Errorf("Filter(%s, %q) = %s, want %s", c.param, c.values, got, c.want)
		}
	}
}

func TestDateFilter(t *testing.T) {
	for _, c := range []struct {
		field, from, to string
		want            string
	}{
		{"published_at", "2024", "2024-02", `date(published_at [2024-01-01T00:00:00Z, 2024-03-01T00:00:00Z))`},
		{"published_at", "2024-04-01", "", `date(published_at [2024-04-01T00:00:00Z, *))`},
		{"mentioned", "", "2024", `or(termrange(mentioned d0001-01-01..d2024-12-31), termrange(mentioned m0001-01..m2024-12), termrange(mentioned y0001..y2024))`},
		{"published_at", "2024", "2024", `date(published_at [2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z))`},
		{"published_at", "", "", `nil`},
		{"published_at", "2025", "2024", `error from: 2025 is after to 2024`},
		{"mentioned", "soon", "", `error mentioned_from: "soon" is not a date: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339`},
		{"published_at", "", "2024-13", `error to: "2024-13" is not a date: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339`},
		{"title", "2024", "", `error title: not a date field (published_at and mentioned are)`},
	} {
		q, _, _, err := DateFilter(c.field, c.from, c.to)
		got := "nil"
		switch {
		case err != nil:
			if !IsKind(err, Invalid) {
				t.Errorf("%+v: error %v is not Invalid", c, err)
			}
			got = "error " + err.Error()
		case q != nil:
			got = render(q)
		}
		if got != c.want {
			t.Errorf("DateFilter(%s, %q, %q) = %s, want %s", c.field, c.from, c.to, got, c.want)
		}
	}
}
