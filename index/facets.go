package index

// Facet counts and the publication histogram as a search returns them.

import (
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2/search"

	qlang "github.com/searchd/searchd/query"
)

// Facet names a search can count by.
const (
	FacetCountry = "country"
	// FacetAboutCountry counts the countries articles are about
	// (extract.AboutCountry), beside FacetCountry's every country named.
	FacetAboutCountry = "about_country"
	FacetGroup        = "group"
	FacetPerson       = "person"
	FacetPlace        = "place"
	FacetSource       = "source"
	FacetYear         = "year"
	FacetMonth        = "month"
)

// FacetNames lists every facet in display order.
var FacetNames = qlang.FacetNames()

// facetField is the keyword field each facet counts.
var facetField = func() map[string]string {
	out := map[string]string{}
	for _, f := range qlang.Facets() {
		out[f.Name] = f.Facet
	}
	return out
}()

// Histogram intervals.
const (
	IntervalAuto  = "auto"
	IntervalMonth = "month"
	IntervalYear  = "year"
)

// maxHistogramBuckets bounds the buckets a histogram returns (about 200 years by month).
const maxHistogramBuckets = 2400

// FacetValue is one value of a facet and the number of matching articles with it.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// FacetMeta says what a facet's value list leaves out.
type FacetMeta struct {
	Missing     int  `json:"missing"`     // matching articles with no value for the facet
	Other       int  `json:"other"`       // values counted beyond the returned ones
	Disjunctive bool `json:"disjunctive"` // counted without this facet's own filter
}

// Histogram counts matching articles over publication time.
type Histogram struct {
	Interval string   `json:"interval"`
	Buckets  []Bucket `json:"buckets"`
}

// Bucket is one period of a histogram.
type Bucket struct {
	Key   string    `json:"key"`   // "2024" or "2024-04"
	Start time.Time `json:"start"` // first instant of the period, UTC
	Count int       `json:"count"`
}

// histogramFacet names the month counts a histogram is built from.
const histogramFacet = "_histogram"

// facetValues turns a Bleve facet result into labelled values, most frequent first.
func (ix *Index) facetValues(name string, fr *search.FacetResult) ([]FacetValue, FacetMeta) {
	values := []FacetValue{}
	if fr == nil {
		return values, FacetMeta{}
	}
	if fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			values = append(values, FacetValue{Value: t.Term, Label: ix.label(name, t.Term), Count: t.Count})
		}
	}
	sort.SliceStable(values, func(i, j int) bool {
		if values[i].Count != values[j].Count {
			return values[i].Count > values[j].Count
		}
		return values[i].Value < values[j].Value
	})
	return values, FacetMeta{Missing: fr.Missing, Other: fr.Other}
}

// label is the display form of a facet value.
func (ix *Index) label(facet, value string) string {
	switch facet {
	case FacetCountry, FacetAboutCountry:
		if name, ok := ix.ex.CountryName(value); ok {
			return name
		}
	case FacetMonth:
		if t, err := time.Parse("2006-01", value); err == nil {
			return t.Format("January 2006")
		}
	}
	return value
}

// buildHistogram turns month counts into contiguous buckets of the interval.
// A requested from/to range widens the buckets to cover it, so a timeline
// shows the whole period asked for, empty months included.
func buildHistogram(interval string, fr *search.FacetResult, from, to time.Time) *Histogram {
	counts := map[time.Time]int{}
	var lo, hi time.Time
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			m, err := time.Parse("2006-01", t.Term)
			if err != nil {
				continue
			}
			counts[m] += t.Count
			if lo.IsZero() || m.Before(lo) {
				lo = m
			}
			if hi.IsZero() || m.After(hi) {
				hi = m
			}
		}
	}
	if !lo.IsZero() || !from.IsZero() && !to.IsZero() {
		if !from.IsZero() {
			lo = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		if !to.IsZero() {
			last := to.Add(-time.Nanosecond)
			hi = time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		if !lo.IsZero() && !hi.IsZero() && hi.Before(lo) {
			lo, hi = time.Time{}, time.Time{}
		}
		if lo.IsZero() || hi.IsZero() {
			lo, hi = time.Time{}, time.Time{} // nothing matched and the range is open
		}
	}
	// Months over a span longer than the bucket cap become years.
	if interval == IntervalMonth && !lo.IsZero() && monthsBetween(lo, hi) >= maxHistogramBuckets {
		interval = IntervalYear
	}
	if interval == IntervalAuto {
		interval = IntervalMonth
		if !lo.IsZero() && hi.Sub(lo) > 3*365*24*time.Hour {
			interval = IntervalYear
		}
	}
	h := &Histogram{Interval: interval, Buckets: []Bucket{}}
	if lo.IsZero() {
		return h
	}
	step := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	layout := "2006-01"
	if interval == IntervalYear {
		yearly := map[time.Time]int{}
		for m, c := range counts {
			yearly[time.Date(m.Year(), 1, 1, 0, 0, 0, 0, time.UTC)] += c
		}
		counts = yearly
		lo = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		hi = time.Date(hi.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
		layout = "2006"
	}
	for t := lo; !t.After(hi) && len(h.Buckets) < maxHistogramBuckets; t = step(t) {
		h.Buckets = append(h.Buckets, Bucket{Key: t.Format(layout), Start: t, Count: counts[t]})
	}
	return h
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
