package query

import "testing"

// benchQuery is a long query of the kind the search box gets from a
// practised user: every construct once.
const benchQuery = `(Iran OR Iraq) AND sanctions -oil "Quds Force" IRGC published_at:[2024-01 TO 2024-06] ` +
	`source:"Atlas Report" Ira* sanctoins~1 title:Tehran^2 "oil prices"~3 country:Iranian`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	n, err := Parse(benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Compile(n, fakeResolver{}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
