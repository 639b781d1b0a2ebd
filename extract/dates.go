package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateValue is a resolved date or date range.
type dateValue struct {
	value    string
	gran     Granularity
	from, to string
}

var monthNames = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"several": 0, "few": 0,
}

// yearPrep lists words after which a bare four-digit number is a year.
var yearPrep = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "till": true, "before": true,
	"after": true, "from": true, "during": true, "of": true, "to": true, "through": true,
	"between": true, "and": true, "or": true, "circa": true, "around": true, "the": true,
	"throughout": true, "early": true, "late": true, "mid": true, "spring": true,
	"summer": true, "autumn": true, "fall": true, "winter": true, "year": true, "its": true,
	"a": true, "his": true, "her": true, "their": true, "s": true,
}

func dayValue(t time.Time) *dateValue {
	s := t.Format("2006-01-02")
	return &dateValue{value: s, gran: Day, from: s, to: s}
}

func monthValue(y int, m time.Month) *dateValue {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	return &dateValue{value: first.Format("2006-01"), gran: Month, from: first.Format("2006-01-02"), to: last.Format("2006-01-02")}
}

func yearValue(y int) *dateValue {
	return &dateValue{value: strconv.Itoa(y), gran: Year, from: fmt.Sprintf("%04d-01-01", y), to: fmt.Sprintf("%04d-12-31", y)}
}

func monthRange(y1 int, m1 time.Month, y2 int, m2 time.Month) *dateValue {
	a, b := monthValue(y1, m1), monthValue(y2, m2)
	if a.value == b.value {
		return a
	}
	return &dateValue{value: a.value + "/" + b.value, gran: Month, from: a.from, to: b.to}
}

func dayRange(a, b time.Time) *dateValue {
	x, y := dayValue(a), dayValue(b)
	if x.value == y.value {
		return x
	}
	return &dateValue{value: x.value + "/" + y.value, gran: Day, from: x.from, to: y.to}
}

func yearRange(y1, y2 int) *dateValue {
	if y1 == y2 {
		return yearValue(y1)
	}
	a, b := yearValue(y1), yearValue(y2)
	return &dateValue{value: a.value + "/" + b.value, gran: Year, from: a.from, to: b.to}
}

// label renders a date value for display.
func (v *dateValue) label() string {
	one := func(s string) string {
		switch len(s) {
		case 10:
			t, err := time.Parse("2006-01-02", s)
			if err == nil {
				return t.Format("January 2, 2006")
			}
		case 7:
			t, err := time.Parse("2006-01", s)
			if err == nil {
				return t.Format("January 2006")
			}
		}
		return s
	}
	if a, b, ok := strings.Cut(v.value, "/"); ok {
		return one(a) + " – " + one(b)
	}
	return one(v.value)
}

// vague splits a year into thirds: early, mid, late.
func vague(word string, y int) *dateValue {
	switch word {
	case "early", "beginning", "start":
		return monthRange(y, 1, y, 4)
	case "mid", "middle":
		return monthRange(y, 5, y, 8)
	case "late", "end":
		return monthRange(y, 9, y, 12)
	}
	return nil
}

func parseDay(t token) (int, bool) {
	s := t.fold
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	if !isDigits(s) || len(s) > 2 {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n >= 1 && n <= 31
}

func parseYear(t token) (int, bool) {
	if !t.digit || len(t.text) != 4 {
		return 0, false
	}
	n, _ := strconv.Atoi(t.text)
	return n, n >= 1000 && n <= 2200
}

// validDay reports whether y-m-d exists.
func validDay(y int, m time.Month, d int) bool {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && t.Month() == m
}

// scanDates adds date candidates for field f.
//
// Other languages than English get only ISO dates (2024-04-01).
func (d *doc) scanDates(f int, english bool) {
	toks := d.fields[f].toks
	var anchor *dateValue // the last single date, anchor of "a year later"
	for i := 0; i < len(toks); i++ {
		if !d.step(1) {
			return
		}
		if !toks[i].word || !mayStartDate(&toks[i]) {
			continue
		}
		n, v := d.dateAt(f, i, anchor)
		if n == 0 || v == nil || !english && v.gran != Day || !english && n != 5 {
			continue
		}
		if !strings.Contains(v.value, "/") {
			anchor = v
		}
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: i + n, typ: Date, value: v.value, label: v.label(), date: v, priority: prioDate})
		i += n - 1
	}
}

// dateWords are the words a date expression may start with; see
// mayStartDate.
var dateWords = func() map[string]bool {
	w := map[string]bool{}
	for _, m := range []map[string]int{numberWords, seasons, ordinalQuarter} {
		for k := range m {
			w[k] = true
		}
	}
	for k := range monthNames {
		w[k] = true
	}
	for k := range weekdays {
		w[k] = true
	}
	for _, h := range holidays {
		w[h.words[0]] = true
	}
	for _, k := range []string{
		"h1", "h2", "first", "second", // halves
		"early", "mid", "late", "beginning", "middle", "end", "start",
		"yesterday", "today", "tomorrow", "earlier", "later", "last", "this", "next",
		"weekend", "following", "previous",
	} {
		w[k] = true
	}
	return w
}()

// mayStartDate reports whether dateAt can read a date from token t: a
// number, or one of dateWords. Most words are neither, and dateAt asks a
// dozen tables before it says no to them.
func mayStartDate(t *token) bool {
	return t.digit || t.fold != "" && '0' <= t.fold[0] && t.fold[0] <= '9' || dateWords[t.fold]
}

// dateAt reads a date expression starting at token i; it returns its length
// in tokens and its value.
func (d *doc) dateAt(f, i int, anchor *dateValue) (int, *dateValue) {
	toks := d.fields[f].toks
	t := toks[i]
	pub := d.in.Published.UTC()
	hasPub := !d.in.Published.IsZero()
	py := pub.Year()

	// 2024-04-01
	if y, ok := parseYear(t); ok && i+4 < len(toks) && toks[i+1].text == "-" && toks[i+3].text == "-" &&
		!toks[i+1].space && !toks[i+2].space && !toks[i+3].space && !toks[i+4].space &&
		toks[i+2].digit && toks[i+4].digit && len(toks[i+2].text) <= 2 && len(toks[i+4].text) <= 2 {
		m, _ := strconv.Atoi(toks[i+2].text)
		dd, _ := strconv.Atoi(toks[i+4].text)
		if m >= 1 && m <= 12 && validDay(y, time.Month(m), dd) {
			return 5, dayValue(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC))
		}
	}

	// Month ...
	if m, ok := monthNames[t.fold]; ok && t.cap {
		k := i + 1
		if k < len(toks) && toks[k].text == "." && len(t.text) <= 4 {
			k++
		}
		if day, ok := parseDay(tokAt(toks, k)); ok {
			k2 := k + 1
			if foldAt(toks, k2) == "," {
				k2++
			}
			if y, ok := parseYear(tokAt(toks, k2)); ok && validDay(y, m, day) {
				return k2 + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
			}
			if hasPub {
				y := inferYear(pub, m, day)
				if past := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Before(pub); past && (d.futureCue(f, i) ||
					eventAfter(toks, k+1) && time.Date(y+1, m, day, 0, 0, 0, 0, time.UTC).Before(pub.AddDate(0, 9, 0))) {
					y++ // "She will take office on October 1", "the May 31 election"
				}
				if validDay(y, m, day) {
					return k + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
				}
			}
			return 0, nil
		}
		k2 := k
		if foldAt(toks, k2) == "," {
			k2++
		}
		if y, ok := parseYear(tokAt(toks, k2)); ok {
			return k2 + 1 - i, monthValue(y, m)
		}
		if !hasPub {
			return 0, nil
		}
		// a bare month: after a preposition, or capitalised inside a sentence
		// ("May" only after a preposition: it is also a verb and a name)
		prev := foldAt(toks, i-1)
		if len(t.text) <= 4 && t.fold != "may" && t.fold != "june" && t.fold != "july" {
			return 0, nil // "Mar", "Jan." alone are names more often than months
		}
		switch prev {
		case "in", "since", "until", "by", "during", "from", "through", "last", "this", "next", "of", "and", "or", "to", "between", "before", "after":
		default:
			if t.fold == "may" || d.fields[f].sentenceStart(i) || len(t.text) <= 3 {
				return 0, nil
			}
		}
		y := py
		switch prev {
		case "last":
			if m >= pub.Month() {
				y--
			}
		case "next":
			if m <= pub.Month() {
				y++
			}
		default:
			y = inferYear(pub, m, 1)
			if past := time.Date(y, m, 28, 0, 0, 0, 0, time.UTC).Before(pub); past && (d.futureCue(f, i) ||
				eventAfter(toks, i+1) && time.Date(y+1, m, 1, 0, 0, 0, 0, time.UTC).Before(pub.AddDate(0, 9, 0))) {
				y++ // "faces an election in November", "the November election"
			}
		}
		return 1, monthValue(y, m)
	}

	// 7 Oct 2023, 7 October
	if day, ok := parseDay(t); ok && t.digit || (ok && len(t.fold) > 2) {
		k := i + 1
		if m, ok := monthNames[foldAt(toks, k)]; ok && toks[k].cap {
			k++
			if foldAt(toks, k) == "." {
				k++
			}
			k2 := k
			if foldAt(toks, k2) == "," {
				k2++
			}
			if y, ok := parseYear(tokAt(toks, k2)); ok && validDay(y, m, day) {
				return k2 + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
			}
			if hasPub {
				y := inferYear(pub, m, day)
				if validDay(y, m, day) {
					return k - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
				}
			}
		}
	}

	// 1990s
	if y, ok := decade(t); ok {
		return 1, yearRange(y, y+9)
	}

	// first quarter (of 2024), Q3 2024
	if q, n := quarterAt(toks, i); q > 0 {
		k := i + n
		if foldAt(toks, k) == "of" {
			k++
		}
		y, ok := parseYear(tokAt(toks, k))
		if ok {
			n = k + 1 - i
		} else if hasPub {
			y = py
			if time.Month(3*q-2) > pub.Month() {
				y-- // a quarter not yet begun is last year's
			}
		} else {
			return 0, nil
		}
		return n, monthRange(y, time.Month(3*q-2), y, time.Month(3*q))
	}

	// first half of 2024, the second half of the year, H1 2024
	if half, n := halfAt(toks, i); half > 0 {
		k := i + n
		if foldAt(toks, k) == "of" {
			k++
		}
		y, ok := parseYear(tokAt(toks, k))
		if ok {
			n = k + 1 - i
		} else if yy, m, ok := d.relativeYear(toks, k, pub, hasPub); ok {
			y, n = yy, k+m-i
		} else {
			return 0, nil
		}
		return n, monthRange(y, time.Month(6*half-5), y, time.Month(6*half))
	}

	// holidays naming one day
	if n, mo, dd, ok := holidayAt(toks, i, &d.work); ok {
		k := i + n
		if y, ok := parseYear(tokAt(toks, k)); ok {
			if v := holidayDate(mo, dd, y); v != nil {
				return n + 1, v
			}
		}
		if hasPub {
			var best *dateValue
			var bestDist time.Duration
			for y := py - 1; y <= py+1; y++ {
				v := holidayDate(mo, dd, y)
				if v == nil {
					continue
				}
				t, _ := time.Parse("2006-01-02", v.from)
				dist := t.Sub(pub)
				if dist < 0 {
					dist = -dist
				}
				if best == nil || dist < bestDist {
					best, bestDist = v, dist
				}
			}
			if best != nil {
				return n, best
			}
		}
	}

	// spring 2024; last autumn
	if se, ok := seasons[t.fold]; ok {
		if y, ok := parseYear(tokAt(toks, i+1)); ok {
			return 2, seasonValue(se, y)
		}
	}

	// bare year after a preposition, or as the subject of a verb
	if y, ok := parseYear(t); ok && y >= 1800 && (!hasPub || y <= py+30) {
		prev := foldAt(toks, i-1)
		switch foldAt(toks, i+1) {
		case "was", "is", "will", "would", "has", "had", "could", "should", "might", "saw", "marked", "brought":
			if y >= 1900 && (!hasPub || y <= py+10) {
				return 1, yearValue(y)
			}
		}
		if yearPrep[prev] || prev == "," && i >= 2 && monthNames[foldAt(toks, i-2)] == 0 && yearPrep[foldAt(toks, i-2)] {
			switch foldAt(toks, i+1) {
			case "%", "percent", "per", "people", "troops", "soldiers", "km", "kilometres", "kilometers", "miles", "barrels", "tons", "tonnes", "dollars", "euros", "members", "votes", "seats":
				return 0, nil
			}
			return 1, yearValue(y)
		}
		return 0, nil
	}

	// early/mid/late 2024, early this year, mid-November, mid-2010s
	switch t.fold {
	case "early", "mid", "late", "beginning", "middle", "end", "start":
		k := i + 1
		if foldAt(toks, k) == "-" {
			k++
		}
		if foldAt(toks, k) == "of" {
			k++
		}
		if y, ok := parseYear(tokAt(toks, k)); ok {
			return k + 1 - i, vague(t.fold, y)
		}
		if y, ok := decade(tokAt(toks, k)); ok {
			switch t.fold {
			case "early", "beginning":
				return k + 1 - i, yearRange(y, y+3)
			case "mid", "middle":
				return k + 1 - i, yearRange(y+4, y+6)
			default:
				return k + 1 - i, yearRange(y+7, y+9)
			}
		}
		if m, ok := monthNames[foldAt(toks, k)]; ok && toks[k].cap && len(toks[k].text) > 3 {
			y := 0
			n := k + 1 - i
			if yy, ok := parseYear(tokAt(toks, k+1)); ok {
				y, n = yy, k+2-i
			} else if hasPub {
				y = inferYear(pub, m, 15)
			} else {
				return 0, nil
			}
			first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			switch t.fold {
			case "early", "beginning":
				return n, dayRange(first, first.AddDate(0, 0, 9))
			case "mid", "middle":
				return n, dayRange(first.AddDate(0, 0, 10), first.AddDate(0, 0, 19))
			default:
				return n, dayRange(first.AddDate(0, 0, 20), first.AddDate(0, 1, -1))
			}
		}
		// the beginning of the year, the end of the month
		if hasPub && (t.fold == "beginning" || t.fold == "end" || t.fold == "start") && foldAt(toks, i+1) == "of" && foldAt(toks, k) == "the" && foldAt(toks, i-1) == "the" {
			switch foldAt(toks, k+1) {
			case "year":
				return k + 2 - i, vague(t.fold, py)
			case "month":
				first := time.Date(py, pub.Month(), 1, 0, 0, 0, 0, time.UTC)
				if t.fold == "end" {
					return k + 2 - i, dayRange(first.AddDate(0, 0, 20), first.AddDate(0, 1, -1))
				}
				return k + 2 - i, dayRange(first, first.AddDate(0, 0, 9))
			}
		}
		if hasPub && foldAt(toks, k+1) == "year" {
			switch foldAt(toks, k) {
			case "this":
				return k + 2 - i, vague(t.fold, py)
			case "last":
				return k + 2 - i, vague(t.fold, py-1)
			case "next":
				return k + 2 - i, vague(t.fold, py+1)
			}
		}
		return 0, nil
	}

	if !hasPub {
		return 0, nil
	}
	pubDay := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	switch t.fold {
	case "yesterday":
		return 1, dayValue(pubDay.AddDate(0, 0, -1))
	case "today":
		return 1, dayValue(pubDay)
	case "tomorrow":
		return 1, dayValue(pubDay.AddDate(0, 0, 1))
	case "earlier", "later":
		// "earlier in the year" reads as "earlier this year"
		if foldAt(toks, i+1) == "this" || foldAt(toks, i+1) == "in" && foldAt(toks, i+2) == "the" {
			n := 3
			if foldAt(toks, i+1) == "in" {
				n = 4
			}
			switch foldAt(toks, i+n-1) {
			case "year":
				if t.fold == "earlier" {
					return n, monthRange(py, 1, py, pub.Month())
				}
				return n, monthRange(py, pub.Month(), py, 12)
			case "month":
				first := time.Date(py, pub.Month(), 1, 0, 0, 0, 0, time.UTC)
				if t.fold == "earlier" {
					return n, dayRange(first, pubDay)
				}
				return n, dayRange(pubDay, first.AddDate(0, 1, -1))
			case "week":
				mon := pubDay.AddDate(0, 0, -((int(pubDay.Weekday()) + 6) % 7))
				if t.fold == "earlier" {
					return n, dayRange(mon, pubDay)
				}
				return n, dayRange(pubDay, mon.AddDate(0, 0, 6))
			}
		}
	case "last", "this", "next":
		delta := map[string]int{"last": -1, "this": 0, "next": 1}[t.fold]
		if se, ok := seasons[foldAt(toks, i+1)]; ok {
			y := py
			first, last := seasonBounds(se, py)
			switch t.fold {
			case "last":
				if !last.Before(pubDay) {
					y--
				}
			case "next":
				if !first.After(pubDay) {
					y++
				}
			}
			return 2, seasonValue(se, y)
		}
		switch foldAt(toks, i+1) {
		case "weekend":
			sat := lastSaturday(pubDay)
			switch t.fold {
			case "last":
				if pubDay.Weekday() == time.Saturday || pubDay.Weekday() == time.Sunday {
					sat = sat.AddDate(0, 0, -7)
				}
			case "this":
				if pubDay.Weekday() != time.Saturday && pubDay.Weekday() != time.Sunday && !d.pastCue(f, i) {
					sat = sat.AddDate(0, 0, 7)
				}
			case "next":
				sat = sat.AddDate(0, 0, 7)
				if pubDay.Weekday() != time.Saturday && pubDay.Weekday() != time.Sunday {
					sat = sat.AddDate(0, 0, 7)
				}
			}
			return 2, dayRange(sat, sat.AddDate(0, 0, 1))
		case "year":
			return 2, yearValue(py + delta)
		case "month":
			m := time.Date(py, pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, delta, 0)
			return 2, monthValue(m.Year(), m.Month())
		case "week":
			mon := pubDay.AddDate(0, 0, -((int(pubDay.Weekday())+6)%7)+7*delta)
			return 2, dayRange(mon, mon.AddDate(0, 0, 6))
		}
		if wd, ok := weekdays[foldAt(toks, i+1)]; ok && toks[i+1].cap {
			back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
			switch t.fold {
			case "last":
				if back == 0 {
					back = 7
				}
				return 2, dayValue(pubDay.AddDate(0, 0, -back))
			case "next":
				fwd := (int(wd) - int(pubDay.Weekday()) + 7) % 7
				if fwd == 0 {
					fwd = 7
				}
				return 2, dayValue(pubDay.AddDate(0, 0, fwd))
			case "this":
				return 2, dayValue(pubDay.AddDate(0, 0, -back))
			}
		}
	}
	// over the weekend: the last one begun
	if t.fold == "weekend" && foldAt(toks, i-1) == "the" {
		switch foldAt(toks, i-2) {
		case "over", "during", "at", "on":
			sat := lastSaturday(pubDay)
			if d.futureCue(f, i) && pubDay.Weekday() != time.Saturday && pubDay.Weekday() != time.Sunday {
				sat = sat.AddDate(0, 0, 7)
			}
			return 1, dayRange(sat, sat.AddDate(0, 0, 1))
		}
	}
	// over the summer, during the winter: the season last begun, or the
	// next one when the sentence speaks of the future
	if se, ok := seasons[t.fold]; ok && foldAt(toks, i-1) == "the" && !t.cap {
		switch foldAt(toks, i-2) {
		case "over", "during", "in", "throughout", "since", "until", "by":
			first, _ := seasonBounds(se, py)
			y := py
			if first.After(pubDay) {
				y--
			}
			if d.futureCue(f, i) {
				y = py
				if !first.After(pubDay) {
					y++
				}
			}
			if foldAt(toks, i+1) == "of" {
				if y, ok := parseYear(tokAt(toks, i+2)); ok {
					return 3, seasonValue(se, y)
				}
				return 0, nil
			}
			return 1, seasonValue(se, y)
		}
	}
	// Monday: the most recent Monday before the publication day
	if wd, ok := weekdays[t.fold]; ok && t.cap {
		back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		return 1, dayValue(pubDay.AddDate(0, 0, -back))
	}
	// N days/weeks/months/years ago; a year later
	if n, ok := countWord(t); ok && n > 0 {
		unit := strings.TrimSuffix(foldAt(toks, i+1), "s")
		switch foldAt(toks, i+2) {
		case "ago":
			switch unit {
			case "day":
				return 3, dayValue(pubDay.AddDate(0, 0, -n))
			case "week":
				return 3, dayValue(pubDay.AddDate(0, 0, -7*n))
			case "month":
				m := pubDay.AddDate(0, -n, 0)
				return 3, monthValue(m.Year(), m.Month())
			case "year":
				return 3, yearValue(py - n)
			}
		case "later", "earlier":
			if v := shiftAnchor(anchor, unit, n, foldAt(toks, i+2) == "later"); v != nil {
				return 3, v
			}
		}
	}
	// the following year, the previous month
	if t.fold == "following" || t.fold == "previous" {
		if v := shiftAnchor(anchor, foldAt(toks, i+1), 1, t.fold == "following"); v != nil && foldAt(toks, i-1) == "the" {
			return 2, v
		}
	}
	return 0, nil
}

// shiftAnchor moves an anchor date n years or months later or earlier, at
// month granularity when the anchor names a month or a day.
func shiftAnchor(anchor *dateValue, unit string, n int, later bool) *dateValue {
	if anchor == nil || n <= 0 {
		return nil
	}
	if !later {
		n = -n
	}
	a, err := time.Parse("2006-01-02", anchor.from)
	if err != nil {
		return nil
	}
	switch unit {
	case "year":
		if anchor.gran == Year {
			return yearValue(a.Year() + n)
		}
		return monthValue(a.Year()+n, a.Month())
	case "month":
		if anchor.gran == Year {
			return nil
		}
		m := time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
		return monthValue(m.Year(), m.Month())
	}
	return nil
}

func countWord(t token) (int, bool) {
	if n, ok := numberWords[t.fold]; ok {
		return n, true
	}
	if t.digit && len(t.text) <= 3 {
		n, err := strconv.Atoi(t.text)
		return n, err == nil
	}
	return 0, false
}

// inferYear picks the year of a day written without one: the publication
// year, or the year before when that would put it well after publication.
func inferYear(pub time.Time, m time.Month, day int) int {
	y := pub.Year()
	t := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if t.After(pub.AddDate(0, 3, 0)) {
		return y - 1
	}
	if t.Before(pub.AddDate(0, -9, 0)) {
		return y + 1
	}
	return y
}

// decade reads "1990s" and returns 1990.
func decade(t token) (int, bool) {
	f := t.fold
	if len(f) != 5 || f[4] != 's' || f[3] != '0' || !isDigits(f[:4]) {
		return 0, false
	}
	y, _ := strconv.Atoi(f[:4])
	return y, y >= 1000
}

var ordinalQuarter = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}

// quarterAt reads "third quarter" or "Q3" at token i: the quarter and the
// number of tokens.
func quarterAt(toks []token, i int) (int, int) {
	q, ok := ordinalQuarter[foldAt(toks, i)]
	if !ok {
		return 0, 0
	}
	if strings.HasPrefix(foldAt(toks, i), "q") {
		if toks[i].upper {
			return q, 1
		}
		return 0, 0
	}
	if foldAt(toks, i+1) == "quarter" {
		return q, 2
	}
	return 0, 0
}

// holidays naming one day: month and day, or day 0 for a computed date
// (month 11 = US Thanksgiving, month 0 = Easter Sunday).
var holidays = []struct {
	words []string
	month time.Month
	day   int
}{
	{[]string{"new", "year's", "eve"}, 12, 31},
	{[]string{"new", "year's", "day"}, 1, 1},
	{[]string{"christmas", "eve"}, 12, 24},
	{[]string{"christmas", "day"}, 12, 25},
	{[]string{"christmas"}, 12, 25},
	{[]string{"boxing", "day"}, 12, 26},
	{[]string{"thanksgiving", "day"}, 11, 0},
	{[]string{"thanksgiving"}, 11, 0},
	{[]string{"easter", "sunday"}, 0, 0},
	{[]string{"easter"}, 0, 0},
	{[]string{"independence", "day"}, 7, 4},
}

// holidayAt matches a holiday name at token i, a unit of work on m per
// token of a split "Year's".
func holidayAt(toks []token, i int, m *meter) (int, time.Month, int, bool) {
	if !toks[i].cap {
		return 0, 0, 0, false
	}
	for _, h := range holidays {
		n := 0
		ok := true
		for _, w := range h.words {
			f := foldAt(toks, i+n)
			if w == "year's" && (f == "year" || f == "years") && (foldAt(toks, i+n+1) == "'" || foldAt(toks, i+n+1) == "s") {
				// "Year's" split as "Year" "'" "s"
				n++
				for foldAt(toks, i+n) == "'" || foldAt(toks, i+n) == "s" {
					n++
					m.step(1)
				}
				continue
			}
			if f != w {
				ok = false
				break
			}
			n++
		}
		if ok {
			if h.month == 7 && foldAt(toks, i-1) != "on" {
				continue // "Independence Day" is a holiday of many countries
			}
			return n, h.month, h.day, true
		}
	}
	return 0, 0, 0, false
}

// holidayDate resolves a holiday in year y.
func holidayDate(m time.Month, day, y int) *dateValue {
	switch {
	case m == 11 && day == 0: // fourth Thursday of November
		t := time.Date(y, 11, 1, 0, 0, 0, 0, time.UTC)
		off := (int(time.Thursday) - int(t.Weekday()) + 7) % 7
		return dayValue(t.AddDate(0, 0, off+21))
	case m == 0: // Easter Sunday, anonymous Gregorian algorithm
		a := y % 19
		b, c := y/100, y%100
		d, e := b/4, b%4
		f := (b + 8) / 25
		g := (b - f + 1) / 3
		h := (19*a + b - d - g + 15) % 30
		i, k := c/4, c%4
		l := (32 + 2*e + 2*i - h - k) % 7
		mm := (a + 11*h + 22*l) / 451
		month := (h + l - 7*mm + 114) / 31
		dd := (h+l-7*mm+114)%31 + 1
		return dayValue(time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC))
	}
	return dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
}

var seasons = map[string]int{"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

// seasonBounds returns the first and last day of a northern season of year
// y (winter runs from December of y into February of y+1).
func seasonBounds(se, y int) (time.Time, time.Time) {
	start := time.Date(y, time.Month(3*se), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 3, -1)
}

func seasonValue(se, y int) *dateValue {
	first, last := seasonBounds(se, y)
	return monthRange(first.Year(), first.Month(), last.Year(), last.Month())
}

// futureCue reports whether the sentence before token i speaks of the
// future ("will", "is due", "plans"), so that a month without a year is
// the next one rather than the last.
func (d *doc) futureCue(f, i int) bool {
	fl := &d.fields[f]
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		switch fl.toks[k].fold {
		case "will", "'ll", "due", "scheduled", "expected", "plans", "planned", "faces", "upcoming", "next", "until", "set", "aims", "hopes", "intends",
			"ends", "expires", "begins", "starts", "resumes", "coming", "shall":
			return true
		}
		if fl.sentenceStart(k) {
			break
		}
	}
	return false
}

// halfAt reads "first half", "second half" or "H1" at token i: the half of
// the year (1 or 2) and the tokens read.
func halfAt(toks []token, i int) (int, int) {
	switch foldAt(toks, i) {
	case "h1", "h2":
		if toks[i].upper {
			return int(toks[i].fold[1] - '0'), 1
		}
	case "first", "second":
		if foldAt(toks, i+1) == "half" && foldAt(toks, i+2) == "of" {
			if foldAt(toks, i) == "first" {
				return 1, 2
			}
			return 2, 2
		}
	}
	return 0, 0
}

// relativeYear reads "the year", "this year", "last year" or "next year" at
// token k against the publication time: the year and the tokens read.
func (d *doc) relativeYear(toks []token, k int, pub time.Time, hasPub bool) (int, int, bool) {
	if !hasPub || foldAt(toks, k+1) != "year" {
		return 0, 0, false
	}
	switch foldAt(toks, k) {
	case "the", "this":
		return pub.Year(), 2, true
	case "last":
		return pub.Year() - 1, 2, true
	case "next":
		return pub.Year() + 1, 2, true
	}
	return 0, 0, false
}

// lastSaturday returns the Saturday of the weekend that day is in or that
// last ended before it.
func lastSaturday(day time.Time) time.Time {
	back := (int(day.Weekday()) - int(time.Saturday) + 7) % 7
	return day.AddDate(0, 0, -back)
}

// pastCue reports whether the sentence before token i speaks of the past
// ("said", "was"), so that "this weekend" is the one just gone.
func (d *doc) pastCue(f, i int) bool {
	fl := &d.fields[f]
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		switch fl.toks[k].fold {
		case "was", "were", "had", "did", "said", "held", "took", "met", "began", "broke":
			return true
		}
		if w := fl.toks[k].fold; len(w) > 4 && strings.HasSuffix(w, "ed") {
			return true // "erupted", "killed"
		}
		if fl.sentenceStart(k) {
			break
		}
	}
	return false
}

// eventAfter reports whether the words from token k name a scheduled event
// ("the May 31 presidential election"), which news dates ahead rather than
// behind.
func eventAfter(toks []token, k int) bool {
	for n := k; n < k+3 && n < len(toks); n++ {
		switch toks[n].fold {
		case "election", "elections", "vote", "runoff", "referendum", "summit", "deadline", "inauguration", "polls", "ballot":
			return true
		}
		if !toks[n].word {
			return false
		}
	}
	return false
}
