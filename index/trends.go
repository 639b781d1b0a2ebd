package index

// Trends: articles per period of publication for a search and for up to
// five entities within it, side by side.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/mapping"
)

// Trend intervals (month and year are IntervalMonth and IntervalYear).
const (
	IntervalDay  = "day"
	IntervalWeek = "week" // ISO 8601 weeks, Monday first, keyed 2020-W53
)

// TrendIntervals are the intervals Trends buckets by.
var TrendIntervals = []string{IntervalDay, IntervalWeek, IntervalMonth, IntervalYear}

// MaxTrendEntities is how many entities one Trends compares.
const MaxTrendEntities = 5

// maxTrendBuckets bounds a trend's buckets per series: about three years
// of days, a chart's worth.
const maxTrendBuckets = 1200

// Trends is the answer of Trends.
type Trends struct {
	Interval string `json:"interval"`
	// From is the start of the first bucket, To the end of the last
	// (exclusive); both null when there is no bucket.
	From   *time.Time    `json:"from"`
	To     *time.Time    `json:"to"`
	Series []TrendSeries `json:"series"`
	TookMs float64       `json:"took_ms"`
}

// TrendSeries is the buckets of the search ("all") or of an entity in it.
type TrendSeries struct {
	Key     string     `json:"key"` // "all", or the entity as type:value
	Label   string     `json:"label"`
	Entity  *EntityKey `json:"entity,omitempty"`
	Total   int        `json:"total"` // articles of the series
	Buckets []Bucket   `json:"buckets"`
}

// TrendOptions says how Trends buckets and what it compares.
type TrendOptions struct {
	Entities []string // "type:value", at most MaxTrendEntities
	Interval string   // day, week, month (the default) or year
}

// Trends counts the articles of q per period of publication (UTC) and,
// beside them, those of each entity among them. Every series has the same
// buckets, empty ones included: from q.From to q.To when given, else from
// the first matching article's period to the last's. Too many buckets is an
// error saying how to narrow.
func (ix *Index) Trends(ctx context.Context, q Query, o TrendOptions) (*Trends, error) {
	start := time.Now()
	interval := o.Interval
	if interval == "" {
		interval = IntervalMonth
	}
	if !slices.Contains(TrendIntervals, interval) {
		return nil, invalid("interval", "want %s, got %q", strings.Join(TrendIntervals, ", "), o.Interval)
	}
	var names []string
	for _, e := range o.Entities {
		for _, s := range strings.Split(e, ",") {
			if s = strings.TrimSpace(s); s != "" {
				names = append(names, s)
			}
		}
	}
	if len(names) > MaxTrendEntities {
		return nil, invalid("entities", "%d entities, at most %d compared at once", len(names), MaxTrendEntities)
	}
	sc, err := ix.scope(ctx, q)
	if err != nil {
		return nil, err
	}
	p, bq := sc.plan, sc.query
	if !p.histFrom.IsZero() && !p.histTo.IsZero() {
		if n := bucketCount(interval, p.histFrom, p.histTo.Add(-time.Nanosecond)); n > maxTrendBuckets {
			return nil, tooManyBuckets(interval, n)
		}
	}
	var keys []EntityKey
	for _, s := range names {
		e, err := ix.parseEntityRef(ctx, "entities", s)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(keys, e) {
			keys = append(keys, e)
		}
	}
	series, err := ix.trendSeries(ctx, bq, interval, keys)
	if err != nil {
		return nil, err
	}
	lo, hi := series[0].lo, series[0].hi // the search's span holds its entities'
	if !p.histFrom.IsZero() {
		lo = bucketStart(interval, p.histFrom)
	}
	if !p.histTo.IsZero() {
		hi = bucketStart(interval, p.histTo.Add(-time.Nanosecond))
	}
	out := &Trends{Interval: interval, Series: make([]TrendSeries, len(series))}
	if !lo.IsZero() && !hi.IsZero() && !hi.Before(lo) {
		if n := bucketCount(interval, lo, hi); n > maxTrendBuckets {
			return nil, tooManyBuckets(interval, n)
		}
		end := nextBucket(interval, hi)
		out.From, out.To = &lo, &end
	} else {
		lo, hi = time.Time{}, time.Time{}
	}
	for i, s := range series {
		ts := TrendSeries{Key: "all", Label: "All matching", Total: s.total, Buckets: s.buckets(interval, lo, hi)}
		if i > 0 {
			e := keys[i-1]
			ts.Key, ts.Label, ts.Entity = e.ID(), e.Label, &e
		}
		out.Series[i] = ts
	}
	out.TookMs = msSince(start)
	return out, nil
}

func tooManyBuckets(interval string, n int) error {
	return invalid("interval", "%d %s buckets, at most %d: narrow from and to, or use a longer interval", n, interval, maxTrendBuckets)
}

// periods counts articles per bucket start.
type periods struct {
	counts map[time.Time]int
	lo, hi time.Time // the first and last buckets with articles
	total  int
}

// newPeriods returns empty counts.
func newPeriods() *periods { return &periods{counts: map[time.Time]int{}} }

// add counts an article in the bucket starting at b.
func (p *periods) add(b time.Time) { p.addN(b, 1) }

// addN counts n articles in the bucket starting at b.
func (p *periods) addN(b time.Time, n int) {
	p.counts[b] += n
	p.total += n
	if p.lo.IsZero() || b.Before(p.lo) {
		p.lo = b
	}
	if p.hi.IsZero() || b.After(p.hi) {
		p.hi = b
	}
}

// periodVisitor returns the builder that calls at, once an article of a
// visit, with the start of the bucket of the interval it was published
// in. Months and years are read from the month keyword (one term an
// article); days and weeks from the publication instant, which a date
// field holds as several prefix-coded terms, the one of shift 0 being the
// whole instant.
func periodVisitor(interval string, at func(time.Time)) *visitor {
	seen := false
	start := func() { seen = false }
	if interval == IntervalMonth || interval == IntervalYear {
		months := map[string]time.Time{}
		return &visitor{field: mapping.FieldMonth, start: start, value: func(term []byte) {
			if seen {
				return
			}
			m, ok := months[string(term)]
			if !ok {
				var err error
				if m, err = time.Parse("2006-01", string(term)); err != nil {
					return
				}
				months[string(term)] = m
			}
			seen = true
			at(bucketStart(interval, m))
		}}
	}
	return &visitor{field: mapping.FieldPublishedAt, start: start, value: func(term []byte) {
		if seen {
			return
		}
		pc := numeric.PrefixCoded(term)
		if shift, err := pc.Shift(); err != nil || shift != 0 {
			return
		}
		if n, err := pc.Int64(); err == nil {
			seen = true
			at(bucketStart(interval, time.Unix(0, n)))
		}
	}}
}

// trendSeries counts, in one pass over the articles bq matches, each
// article per bucket of the interval, and again in the series of each
// entity it holds: the search's query and filters are evaluated once,
// however many entities are compared.
func (ix *Index) trendSeries(ctx context.Context, bq query.Query, interval string, keys []EntityKey) ([]*periods, error) {
	series := make([]*periods, 1+len(keys))
	for i := range series {
		series[i] = newPeriods()
	}
	var (
		bucket time.Time
		dated  bool
		held   uint32 // bit i: the article holds keys[i]
	)
	pv := periodVisitor(interval, func(b time.Time) { bucket, dated = b, true })
	reset := pv.start
	pv.start = func() { reset(); dated, held = false, 0 }
	pv.end = func() {
		if !dated {
			return
		}
		series[0].add(bucket)
		for i := range keys {
			if held&(1<<i) != 0 {
				series[i+1].add(bucket)
			}
		}
	}
	builders := []search.FacetBuilder{pv}
	bits := map[string]map[string]uint32{} // field -> value -> bits
	for i, e := range keys {
		f := facetField[e.Type]
		if bits[f] == nil {
			bits[f] = map[string]uint32{}
			values := bits[f]
			builders = append(builders, &visitor{field: f, value: func(term []byte) {
				held |= values[string(term)]
			}})
		}
		bits[f][e.Value] |= 1 << i
	}
	if _, err := ix.visit(ctx, bq, builders...); err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	return series, nil
}

// buckets lists the counts from the bucket starting at lo to the one
// starting at hi, empty ones included.
func (p *periods) buckets(interval string, lo, hi time.Time) []Bucket {
	out := []Bucket{}
	if lo.IsZero() {
		return out
	}
	for t := lo; !t.After(hi); t = nextBucket(interval, t) {
		out = append(out, Bucket{Key: bucketKey(interval, t), Start: t, Count: p.counts[t]})
	}
	return out
}

// bucketStart is the first instant, UTC, of the bucket holding t.
func bucketStart(interval string, t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	switch interval {
	case IntervalDay:
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case IntervalWeek:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case IntervalYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	}
}

// nextBucket is the start of the bucket after the one starting at t.
func nextBucket(interval string, t time.Time) time.Time {
	switch interval {
	case IntervalDay:
		return t.AddDate(0, 0, 1)
	case IntervalWeek:
		return t.AddDate(0, 0, 7)
	case IntervalYear:
		return t.AddDate(1, 0, 0)
	default:
		return t.AddDate(0, 1, 0)
	}
}

// bucketKey names the bucket starting at t: 2024-10-07, 2020-W53,
// 2024-10 or 2024.
func bucketKey(interval string, t time.Time) string {
	switch interval {
	case IntervalDay:
		return t.Format(time.DateOnly)
	case IntervalWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case IntervalYear:
		return t.Format("2006")
	default:
		return t.Format("2006-01")
	}
}

// bucketCount is the number of buckets from the one holding lo to the one
// holding hi, computed without listing them.
func bucketCount(interval string, lo, hi time.Time) int {
	lo, hi = bucketStart(interval, lo), bucketStart(interval, hi)
	if hi.Before(lo) {
		return 0
	}
	switch interval {
	case IntervalDay:
		return int(hi.Sub(lo).Hours()/24) + 1
	case IntervalWeek:
		return int(hi.Sub(lo).Hours()/(24*7)) + 1
	case IntervalYear:
		return hi.Year() - lo.Year() + 1
	default:
		return monthsBetween(lo, hi) + 1
	}
}
