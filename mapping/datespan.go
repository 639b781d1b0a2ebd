package mapping

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The dates an article mentions are ranges: "3 May 2024" is one day,
// "late 2024" September to December, "1994" a whole year. A search for
// mentioned dates in a window must find every range that overlaps it, and
// an article mentions many ranges, which two multi-valued datetime fields
// (first day, last day) cannot pair up. Each range is therefore indexed as
// the few calendar units that tile it: whole years ("y2024"), whole months
// ("m2024-09") and the days left over ("d2024-09-03"), keyword terms that
// sort in date order within each kind. A range overlaps a window exactly
// when one of its units does, and the units overlapping a window are three
// term ranges: its days, its months and its years.

// Span terms start with the kind of unit they name.
const (
	spanDay   = "d"
	spanMonth = "m"
	spanYear  = "y"
)

// maxSpanYears bounds the units of one range: no mention spans more.
const maxSpanYears = 1000

// DateSpanTerms returns the terms indexing the days from to to, inclusive,
// both taken in UTC: whole years, then whole months, then single days.
func DateSpanTerms(from, to time.Time) []string {
	from, to = day(from), day(to)
	if to.Before(from) || to.Year()-from.Year() > maxSpanYears {
		return nil
	}
	var terms []string
	for d := from; !d.After(to); {
		switch {
		case d.YearDay() == 1 && !d.AddDate(1, 0, -1).After(to):
			terms = append(terms, spanYear+d.Format("2006"))
			d = d.AddDate(1, 0, 0)
		case d.Day() == 1 && !d.AddDate(0, 1, -1).After(to):
			terms = append(terms, spanMonth+d.Format("2006-01"))
			d = d.AddDate(0, 1, 0)
		default:
			terms = append(terms, spanDay+d.Format(time.DateOnly))
			d = d.AddDate(0, 0, 1)
		}
	}
	return terms
}

// DateOverlapQuery matches documents whose field, indexed with
// DateSpanTerms, holds a range overlapping [start, end): end is exclusive,
// and a zero start or end leaves that side open.
func DateOverlapQuery(field string, start, end time.Time) query.Query {
	first := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	if !start.IsZero() {
		first = day(start)
	}
	if !end.IsZero() {
		last = day(end.Add(-time.Nanosecond))
	}
	inclusive := true
	unit := func(prefix, layout string) query.Query {
		q := bleve.NewTermRangeInclusiveQuery(prefix+first.Format(layout), prefix+last.Format(layout), &inclusive, &inclusive)
		q.SetField(field)
		return q
	}
	return bleve.NewDisjunctionQuery(unit(spanDay, time.DateOnly), unit(spanMonth, "2006-01"), unit(spanYear, "2006"))
}

// day is t's calendar day in UTC, at midnight.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
