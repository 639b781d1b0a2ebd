package query

import (
	"fmt"
	"strings"
	"time"
)

// Bleve stores datetimes as int64 nanoseconds since 1970, which reach from
// 1677 to 2262; whole years inside that span are accepted.
const (
	minYear = 1678
	maxYear = 2261
)

// dateForms are the accepted date layouts, each with the first instant
// after the period it names.
var dateForms = []struct {
	layout string
	next   func(time.Time) time.Time
}{
	{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
	{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(time.Nanosecond) }},
}

// ParseDateBound parses a date of year, month or day precision (2024,
// 2024-04, 2024-04-01) or an RFC 3339 instant, and returns the first instant
// of that period and the first instant after it, in UTC: "2024-06" is
// [2024-06-01, 2024-07-01). The index parses the from/to parameters with it
// too, so q and the HTTP filters read dates alike.
func ParseDateBound(s string) (start, end time.Time, err error) {
	s = strings.TrimSpace(s)
	for _, f := range dateForms {
		if t, perr := time.Parse(f.layout, s); perr == nil {
			if t.Year() < minYear || t.Year() > maxYear {
				return time.Time{}, time.Time{}, fmt.Errorf("%q is out of range: years %d to %d only", s, minYear, maxYear)
			}
			return t.UTC(), f.next(t).UTC(), nil
		}
	}
	return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date: want YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339", s)
}

// span is a half-open interval of time [Start, End); a zero end is open.
type span struct {
	Start, End time.Time
}

// rangeSpan turns range bounds as written into the instants they cover: an
// inclusive start is the first instant of its period, an exclusive one the
// first after it; an inclusive end is the first instant after its period,
// an exclusive one its first. "" is an open end.
func rangeSpan(from, to string, fromExclusive, toExclusive bool) (span, error) {
	var sp span
	if from != "" {
		start, end, err := ParseDateBound(from)
		if err != nil {
			return span{}, err
		}
		sp.Start = start
		if fromExclusive {
			sp.Start = end
		}
	}
	if to != "" {
		start, end, err := ParseDateBound(to)
		if err != nil {
			return span{}, err
		}
		sp.End = end
		if toExclusive {
			sp.End = start
		}
	}
	return sp, nil
}
