package extract

import (
	"context"
	"testing"
	"time"
)

// TestDateMatchers runs each matcher of dateMatchers alone on a sentence of
// its own, so that a change to one kind of expression is caught where it is
// made, and checks that no matcher of the table goes untested.
func TestDateMatchers(t *testing.T) {
	ex := newTest(t)
	thu := time.Date(2024, 3, 14, 10, 0, 0, 0, time.UTC) // a Thursday
	tests := []struct {
		matcher string
		text    string
		at      string // the token the matcher starts at (first occurrence)
		n       int    // tokens read; 0 with a claim means "no date, stop"
		value   string
	}{
		{"iso", "The decree is dated 2023-11-30 in the register.", "2023", 5, "2023-11-30"},
		{"month-first", "Parliament reconvenes on September 9, 2025, after the recess.", "September", 4, "2025-09-09"},
		{"month-first", "Ballots are counted in February, the commission says.", "February", 1, "2024-02"},
		{"month-first", "May the talks succeed, the envoy wrote.", "May", 0, ""},
		{"day-month", "The ferry sank on 12 June 2019 near the coast.", "12", 3, "2019-06-12"},
		{"decade", "Imports doubled during the 1980s across the region.", "1980s", 1, "1980/1989"},
		{"quarter", "Sales fell in the second quarter of 2021 at the mill.", "second", 4, "2021-04/2021-06"},
		{"quarter", "Sales fell in the fourth quarter at the mill.", "fourth", 2, "2023-10/2023-12"},
		{"half", "Output grew in the first half of last year.", "first", 5, "2023-01/2023-06"},
		{"half", "Output grew in the second half of 2020.", "second", 4, "2020-07/2020-12"},
		{"holiday", "Markets close on Christmas Eve this time.", "Christmas", 2, "2023-12-24"},
		{"season-year", "The pipeline opens in spring 2027, the firm hopes.", "spring", 2, "2027-03/2027-05"},
		{"bare-year", "The bridge was rebuilt in 1998 by the army.", "1998", 1, "1998"},
		{"bare-year", "The regiment had 1998 soldiers then.", "1998", 0, ""},
		{"vague", "The mine reopened in late 2019 after floods.", "late", 2, "2019-09/2019-12"},
		{"vague", "The mine reopened early last year after floods.", "early", 3, "2023-01/2023-04"},
		{"vague", "Rains came in mid-October as forecast.", "mid", 3, "2023-10-11/2023-10-20"},
		{"day-word", "The minister flew home yesterday after the summit.", "yesterday", 1, "2024-03-13"},
		{"earlier-later", "Fares rose earlier this month on most routes.", "earlier", 3, "2024-03-01/2024-03-14"},
		{"relative-season", "The lake froze last winter for weeks.", "last", 2, "2023-12/2024-02"},
		{"relative-unit", "The league changes its rules next year.", "next", 2, "2025"},
		{"relative-unit", "The strike ended last week at the docks.", "last", 2, "2024-03-04/2024-03-10"},
		{"relative-weekday", "The envoy returns next Tuesday for talks.", "next", 2, "2024-03-19"},
		{"the-weekend", "Protesters gathered over the weekend in the square.", "weekend", 1, "2024-03-09/2024-03-10"},
		{"the-season", "Several wells ran dry during the summer of 2022.", "summer", 3, "2022-06/2022-08"},
		{"weekday", "The committee met on Tuesday behind closed doors.", "Tuesday", 1, "2024-03-12"},
		{"weekday", "The committee meets on Thursday behind closed doors.", "Thursday", 1, "2024-03-14"},
		{"day-month", "The ferry sank on 12 June.", "12", 2, "2024-06-12"},
		{"ago-later", "The lighthouse closed three years ago for repairs.", "three", 3, "2021"},
		{"following-previous", "The dam opened in 2010 and flooded the following year.", "following", 2, "2011"},
	}
	byName := map[string]dateMatcher{}
	for _, m := range dateMatchers {
		byName[m.name] = m
	}
	tested := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.matcher+"/"+tc.text, func(t *testing.T) {
			m, ok := byName[tc.matcher]
			if !ok {
				t.Fatalf("no matcher %q", tc.matcher)
			}
			tested[tc.matcher] = true
			d, _, err := ex.extract(context.Background(), Input{Body: tc.text, Published: thu})
			if err != nil {
				t.Fatal(err)
			}
			f := -1
			for k := range d.fields {
				if d.fields[k].name == FieldBody {
					f = k
				}
			}
			i := -1
			for k, tok := range d.fields[f].toks {
				if tok.text == tc.at {
					i = k
					break
				}
			}
			if i < 0 {
				t.Fatalf("no token %q", tc.at)
			}
			var anchor *dateValue
			if tc.matcher == "following-previous" {
				anchor = yearValue(2010)
			}
			c := d.newDateCtx(f, i, anchor)
			n, v, ok := m.match(&c)
			if !ok {
				t.Fatalf("%s does not claim %q", tc.matcher, tc.at)
			}
			got := ""
			if v != nil {
				got = v.value
			}
			if n != tc.n || got != tc.value {
				t.Errorf("got %d tokens %q, want %d %q", n, got, tc.n, tc.value)
			}
		})
	}
	for _, m := range dateMatchers {
		if !tested[m.name] {
			t.Errorf("matcher %q has no case", m.name)
		}
	}
}

// TestRelYear pins the one reading of "this/last/next year".
func TestRelYear(t *testing.T) {
	for _, tc := range []struct {
		word string
		y    int
		ok   bool
	}{{"this", 2024, true}, {"last", 2023, true}, {"next", 2025, true}, {"every", 0, false}} {
		if y, ok := relYear(tc.word, 2024); y != tc.y || ok != tc.ok {
			t.Errorf("relYear(%q) = %d, %v; want %d, %v", tc.word, y, ok, tc.y, tc.ok)
		}
	}
}
