package index

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/searchd/searchd/extract"
)

// BenchmarkSuggestKeystrokes answers every prefix of names typed into the
// search box, one keystroke at a time, against an entity table the size of
// a 100,000-article archive (entity values drawn from the shared data with
// Zipf-distributed article counts), and reports the latency percentiles a
// user feels.
//
//	go test ./index -run '^$' -bench SuggestKeystrokes
func BenchmarkSuggestKeystrokes(b *testing.B) {
	d := benchData(b)
	ex := benchExtractor(b)
	ix, err := Open(Options{}, ex)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 1, 20000)
	values := map[string][]FacetValue{}
	add := func(typ, value, label string) {
		values[typ] = append(values[typ], FacetValue{Value: value, Label: label, Count: int(zipf.Uint64()) + 1})
	}
	seen := map[string]bool{}
	for len(values[FacetPerson]) < 60000 {
		name := d.FirstNames[rng.IntN(len(d.FirstNames))] + " " + d.Surnames[rng.IntN(len(d.Surnames))]
		if !seen[name] {
			seen[name] = true
			add(FacetPerson, name, name)
		}
	}
	for _, g := range d.Groups {
		add(FacetGroup, g, g)
	}
	for _, c := range d.Cities[:min(20000, len(d.Cities))] {
		add(FacetPlace, c.Name, c.Name)
	}
	for _, c := range d.Countries {
		add(FacetCountry, c.Code, c.Names[0])
	}
	for typ := range values {
		slices.SortFunc(values[typ], func(a, b FacetValue) int { return b.Count - a.Count })
	}
	ix.table.table = newEntityTable(ix.writes.Load(), ix.vocab, values)
	ix.table.built = time.Now().Add(time.Hour) // never stale during the run

	// What people type: the start of names of every kind, a keystroke at a time.
	var typed []string
	for i := 0; i < 300; i++ {
		var name string
		switch i % 3 {
		case 0:
			name = d.Surnames[rng.IntN(len(d.Surnames))]
		case 1:
			name = d.Cities[rng.IntN(len(d.Cities))].Name
		default:
			name = d.Groups[rng.IntN(len(d.Groups))]
		}
		name = extract.Fold(name)
		for n := 1; n <= min(8, len(name)); n++ {
			typed = append(typed, name[:n])
		}
	}
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N*len(typed))
	b.ResetTimer()
	for b.Loop() {
		for _, p := range typed {
			start := time.Now()
			if _, err := ix.Suggest(ctx, p, nil, 10); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))

		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
	b.ReportMetric(0, "ns/op")
}
