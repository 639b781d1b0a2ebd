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
func (d *doc) scanDates(f int) {
	toks := d.fields[f].toks
	var lastYear int // anchor for "a year later"
	for i := 0; i < len(toks); i++ {
		if !toks[i].word {
			continue
		}
		n, v := d.dateAt(f, i, lastYear)
		if n == 0 || v == nil {
			continue
		}
		if y, err := strconv.Atoi(v.from[:4]); err == nil && !strings.Contains(v.value, "/") {
			lastYear = y
		}
		d.cands = append(d.cands, candidate{field: f, ti: i, tj: i + n, typ: Date, value: v.value, label: v.label(), date: v, priority: prioDate})
		i += n - 1
	}
}

// next returns the fold of token k, or "".
func foldAt(toks []token, k int) string {
	if k < 0 || k >= len(toks) {
		return ""
	}
	return toks[k].fold
}

// dateAt reads a date expression starting at token i; it returns its length
// in tokens and its value.
func (d *doc) dateAt(f, i int, anchorYear int) (int, *dateValue) {
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
		// a bare month needs a preposition before it (and "May" never alone)
		if hasPub && t.fold != "may" && t.fold != "march" && len(t.text) > 3 {
			switch foldAt(toks, i-1) {
			case "in", "since", "until", "by", "during", "from", "through", "early", "late", "mid", "last", "this", "next":
				y := py
				switch foldAt(toks, i-1) {
				case "last":
					if m >= pub.Month() {
						y--
					}
				case "next":
					if m <= pub.Month() {
						y++
					}
				default:
					if m > pub.Month()+1 {
						y-- // "in October" in a May article is last October
					}
				}
				return 1, monthValue(y, m)
			}
		}
		return 0, nil
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
	if strings.HasSuffix(t.fold, "0s") && len(t.fold) == 5 && isDigits(t.fold[:4]) {
		y, _ := strconv.Atoi(t.fold[:4])
		if y >= 1000 {
			step := 9
			if y%100 == 0 && foldAt(toks, i-1) == "the" && false {
				step = 99
			}
			return 1, yearRange(y, y+step)
		}
	}

	// bare year after a preposition
	if y, ok := parseYear(t); ok && y >= 1800 && (!hasPub || y <= py+30) {
		prev := foldAt(toks, i-1)
		if yearPrep[prev] || prev == "," && i >= 2 && monthNames[foldAt(toks, i-2)] == 0 && yearPrep[foldAt(toks, i-2)] {
			if (prev == "early" || prev == "late" || prev == "mid") && false {
				return 1, vague(prev, y)
			}
			switch foldAt(toks, i+1) {
			case "%", "percent", "per", "people", "troops", "soldiers", "km", "kilometres", "kilometers", "miles", "barrels", "tons", "tonnes", "dollars", "euros", "members", "votes", "seats":
				return 0, nil
			}
			return 1, yearValue(y)
		}
		return 0, nil
	}

	// early/mid/late 2024, early this year
	switch t.fold {
	case "early", "mid", "late", "beginning", "middle", "end":
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
	case "tomorrow":
		return 1, dayValue(pubDay.AddDate(0, 0, 1))
	case "earlier", "later":
		if foldAt(toks, i+1) == "this" {
			switch foldAt(toks, i+2) {
			case "year":
				if t.fold == "earlier" {
					return 3, monthRange(py, 1, py, pub.Month())
				}
				return 3, monthRange(py, pub.Month(), py, 12)
			case "month":
				first := time.Date(py, pub.Month(), 1, 0, 0, 0, 0, time.UTC)
				if t.fold == "earlier" {
					return 3, dayRange(first, pubDay)
				}
				return 3, dayRange(pubDay, first.AddDate(0, 1, -1))
			case "week":
				mon := pubDay.AddDate(0, 0, -((int(pubDay.Weekday()) + 6) % 7))
				if t.fold == "earlier" {
					return 3, dayRange(mon, pubDay)
				}
				return 3, dayRange(pubDay, mon.AddDate(0, 0, 6))
			}
		}
	case "last", "this", "next", "past":
		delta := map[string]int{"last": -1, "past": -1, "this": 0, "next": 1}[t.fold]
		switch foldAt(toks, i+1) {
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
			case "last", "past":
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
	// Monday: the most recent Monday on or before publication
	if wd, ok := weekdays[t.fold]; ok && t.cap {
		back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
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
		case "later", "earlier", "before", "after":
			if unit == "year" && anchorYear > 0 && (foldAt(toks, i+3) == "," || foldAt(toks, i+3) == "." || foldAt(toks, i+3) == "" || true) {
				if foldAt(toks, i+2) == "later" || foldAt(toks, i+2) == "after" {
					return 3, yearValue(anchorYear + n)
				}
				return 3, yearValue(anchorYear - n)
			}
		}
	}
	return 0, nil
}

func tokAt(toks []token, k int) token {
	if k < 0 || k >= len(toks) {
		return token{}
	}
	return toks[k]
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
