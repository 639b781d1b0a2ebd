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
