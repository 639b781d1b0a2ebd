package extract

import (
	"strconv"
	"strings"
	"time"
)

// dateAt reads a date expression starting at token i; it returns its length
// in tokens and its value. The matchers of dateMatchers are tried in order
// and the first that claims the token decides, even when it then reads
// nothing: "May" alone at a sentence start is no month, and no later matcher
// may read it as something else.
func (d *doc) dateAt(f, i int, anchor *dateValue) (int, *dateValue) {
	// the context lives in the doc: one on the stack, passed to the
	// matchers through a function value, escaped to the heap at every call
	c := &d.dctx
	*c = d.newDateCtx(f, i, anchor)
	for _, m := range dateMatchers {
		if m.needsPub && !c.hasPub {
			continue
		}
		if n, v, ok := m.match(c); ok {
			return n, v
		}
	}
	return 0, nil
}

// dateCtx is what every date matcher reads: the tokens, the position and
// the publication time the relative expressions are resolved against.
type dateCtx struct {
	d      *doc
	f, i   int
	toks   []token
	t      token
	pub    time.Time // UTC
	pubDay time.Time // midnight of pub
	py     int       // pub's year
	hasPub bool
	anchor *dateValue // the last single date, anchor of "a year later"
}

func (d *doc) newDateCtx(f, i int, anchor *dateValue) dateCtx {
	toks := d.fields[f].toks
	pub := d.in.Published.UTC()
	return dateCtx{
		d: d, f: f, i: i, toks: toks, t: toks[i],
		pub:    pub,
		pubDay: time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC),
		py:     pub.Year(),
		hasPub: !d.in.Published.IsZero(),
		anchor: anchor,
	}
}

// at returns the folded token k places after the matcher's first token
// (negative k: before it), or "" outside the field.
func (c *dateCtx) at(k int) string { return foldAt(c.toks, c.i+k) }

// A dateMatcher reads one kind of date expression at the context's token.
// ok reports whether it claims the token; n == 0 with ok means "no date
// here, and no later matcher may try".
type dateMatcher struct {
	name     string
	needsPub bool // resolved against the publication time only
	match    func(c *dateCtx) (n int, v *dateValue, ok bool)
}

// dateMatchers is the order in which date expressions are tried: absolute
// forms first (a written year beats any reading against the publication
// time), then quarters, halves, holidays and seasons with a year, bare
// years, vague parts (early, mid, late), and last the relative expressions,
// which need the publication time.
var dateMatchers = []dateMatcher{
	{"iso", false, matchISO},
	{"month-first", false, matchMonthFirst},
	{"day-month", false, matchDayMonth},
	{"decade", false, matchDecade},
	{"quarter", false, matchQuarter},
	{"half", false, matchHalf},
	{"holiday", false, matchHoliday},
	{"season-year", false, matchSeasonYear},
	{"bare-year", false, matchBareYear},
	{"vague", false, matchVague},
	{"day-word", true, matchDayWord},
	{"earlier-later", true, matchEarlierLater},
	{"relative-season", true, matchRelativeSeason},
	{"relative-unit", true, matchRelativeUnit},
	{"relative-weekday", true, matchRelativeWeekday},
	{"the-weekend", true, matchTheWeekend},
	{"the-season", true, matchTheSeason},
	{"weekday", true, matchWeekday},
	{"ago-later", true, matchAgoLater},
	{"following-previous", true, matchFollowingPrevious},
}

// relYear resolves the word before "year" ("this year", "last year",
// "next year") against the publication year py. Every matcher that reads
// such a phrase asks it.
func relYear(word string, py int) (int, bool) {
	switch word {
	case "this":
		return py, true
	case "last":
		return py - 1, true
	case "next":
		return py + 1, true
	}
	return 0, false
}

// matchISO reads 2024-04-01.
func matchISO(c *dateCtx) (int, *dateValue, bool) {
	toks, i := c.toks, c.i
	y, ok := parseYear(c.t)
	if !ok || i+4 >= len(toks) || toks[i+1].text != "-" || toks[i+3].text != "-" ||
		toks[i+1].space || toks[i+2].space || toks[i+3].space || toks[i+4].space ||
		!toks[i+2].digit || !toks[i+4].digit || len(toks[i+2].text) > 2 || len(toks[i+4].text) > 2 {
		return 0, nil, false
	}
	m, _ := strconv.Atoi(toks[i+2].text)
	dd, _ := strconv.Atoi(toks[i+4].text)
	if m >= 1 && m <= 12 && validDay(y, time.Month(m), dd) {
		return 5, dayValue(time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)), true
	}
	return 0, nil, false
}

// matchMonthFirst reads a capitalised month and what follows it: "October
// 7, 2023", "Oct. 7", "April 2024", or a bare month after a preposition. It
// claims every capitalised month name.
func matchMonthFirst(c *dateCtx) (int, *dateValue, bool) {
	m, ok := monthNames[c.t.fold]
	if !ok || !c.t.cap {
		return 0, nil, false
	}
	d, f, i, toks, t, pub := c.d, c.f, c.i, c.toks, c.t, c.pub
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
			return k2 + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)), true
		}
		if c.hasPub {
			y := inferYear(pub, m, day)
			if past := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Before(pub); past && (d.futureCue(f, i) ||
				eventAfter(toks, k+1) && time.Date(y+1, m, day, 0, 0, 0, 0, time.UTC).Before(pub.AddDate(0, 9, 0))) {
				y++ // "She will take office on October 1", "the May 31 election"
			}
			if validDay(y, m, day) {
				return k + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)), true
			}
		}
		return 0, nil, true
	}
	k2 := k
	if foldAt(toks, k2) == "," {
		k2++
	}
	if y, ok := parseYear(tokAt(toks, k2)); ok {
		return k2 + 1 - i, monthValue(y, m), true
	}
	if !c.hasPub {
		return 0, nil, true
	}
	// a bare month: after a preposition, or capitalised inside a sentence
	// ("May" only after a preposition: it is also a verb and a name)
	prev := c.at(-1)
	if len(t.text) <= 4 && t.fold != "may" && t.fold != "june" && t.fold != "july" {
		return 0, nil, true // "Mar", "Jan." alone are names more often than months
	}
	switch prev {
	case "in", "since", "until", "by", "during", "from", "through", "last", "this", "next", "of", "and", "or", "to", "between", "before", "after":
	default:
		if t.fold == "may" || d.fields[f].sentenceStart(i) || len(t.text) <= 3 {
			return 0, nil, true
		}
	}
	y := c.py
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
	return 1, monthValue(y, m), true
}

// matchDayMonth reads "7 Oct 2023" and "7 October".
func matchDayMonth(c *dateCtx) (int, *dateValue, bool) {
	toks, i, t := c.toks, c.i, c.t
	day, ok := parseDay(t)
	if !(ok && t.digit || ok && len(t.fold) > 2) {
		return 0, nil, false
	}
	k := i + 1
	m, ok := monthNames[foldAt(toks, k)]
	if !ok || !toks[k].cap {
		return 0, nil, false
	}
	k++
	if foldAt(toks, k) == "." && abbrevDot(toks, k) {
		k++
	}
	k2 := k
	if foldAt(toks, k2) == "," {
		k2++
	}
	if y, ok := parseYear(tokAt(toks, k2)); ok && validDay(y, m, day) {
		return k2 + 1 - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)), true
	}
	if c.hasPub {
		y := inferYear(c.pub, m, day)
		if validDay(y, m, day) {
			return k - i, dayValue(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)), true
		}
	}
	return 0, nil, false
}

// abbrevDot reports whether the full stop at token k belongs to the
// abbreviated month before it ("7 Oct. 2023") rather than ending the
// sentence ("on 3 May.", "on 7 Oct. Talks resumed"): only after a short
// form that is no full month name, and before a year or a comma.
func abbrevDot(toks []token, k int) bool {
	m := toks[k-1]
	if len(m.text) > 4 || m.fold == "may" || m.fold == "june" || m.fold == "july" {
		return false
	}
	next := tokAt(toks, k+1)
	_, year := parseYear(next)
	return year || next.text == ","
}

// matchDecade reads "1990s".
func matchDecade(c *dateCtx) (int, *dateValue, bool) {
	if y, ok := decade(c.t); ok {
		return 1, yearRange(y, y+9), true
	}
	return 0, nil, false
}

// matchQuarter reads "first quarter (of 2024)", "Q3 2024"; a quarter
// without a year is the publication year's, or last year's when it has not
// begun yet.
func matchQuarter(c *dateCtx) (int, *dateValue, bool) {
	q, n := quarterAt(c.toks, c.i)
	if q == 0 {
		return 0, nil, false
	}
	k := c.i + n
	if foldAt(c.toks, k) == "of" {
		k++
	}
	y, ok := parseYear(tokAt(c.toks, k))
	switch {
	case ok:
		n = k + 1 - c.i
	case c.hasPub:
		y = c.py
		if time.Month(3*q-2) > c.pub.Month() {
			y-- // a quarter not yet begun is last year's
		}
	default:
		return 0, nil, true
	}
	return n, monthRange(y, time.Month(3*q-2), y, time.Month(3*q)), true
}

// matchHalf reads "first half of 2024", "the second half of the year",
// "H1 2024".
func matchHalf(c *dateCtx) (int, *dateValue, bool) {
	half, n := halfAt(c.toks, c.i)
	if half == 0 {
		return 0, nil, false
	}
	k := c.i + n
	if foldAt(c.toks, k) == "of" {
		k++
	}
	y, ok := parseYear(tokAt(c.toks, k))
	if ok {
		n = k + 1 - c.i
	} else if yy, m, ok := c.relativeYear(k); ok {
		y, n = yy, k+m-c.i
	} else {
		return 0, nil, true
	}
	return n, monthRange(y, time.Month(6*half-5), y, time.Month(6*half)), true
}

// matchHoliday reads a holiday naming one day, with a year or in the year
// that puts it nearest the publication day.
func matchHoliday(c *dateCtx) (int, *dateValue, bool) {
	n, mo, dd, ok := holidayAt(c.toks, c.i, &c.d.work)
	if !ok {
		return 0, nil, false
	}
	if y, ok := parseYear(tokAt(c.toks, c.i+n)); ok {
		if v := holidayDate(mo, dd, y); v != nil {
			return n + 1, v, true
		}
	}
	if !c.hasPub {
		return 0, nil, false
	}
	var best *dateValue
	var bestDist time.Duration
	for y := c.py - 1; y <= c.py+1; y++ {
		v := holidayDate(mo, dd, y)
		if v == nil {
			continue
		}
		t, _ := time.Parse("2006-01-02", v.from)
		dist := t.Sub(c.pub)
		if dist < 0 {
			dist = -dist
		}
		if best == nil || dist < bestDist {
			best, bestDist = v, dist
		}
	}
	if best != nil {
		return n, best, true
	}
	return 0, nil, false
}

// matchSeasonYear reads "spring 2024".
func matchSeasonYear(c *dateCtx) (int, *dateValue, bool) {
	if se, ok := seasons[c.t.fold]; ok {
		if y, ok := parseYear(tokAt(c.toks, c.i+1)); ok {
			return 2, seasonValue(se, y), true
		}
	}
	return 0, nil, false
}

// matchBareYear reads a year alone after a preposition ("in 2015"), or as
// the subject of a verb ("2020 was"); it claims every number that could be
// a year, so that no later matcher reads it as a count.
func matchBareYear(c *dateCtx) (int, *dateValue, bool) {
	y, ok := parseYear(c.t)
	if !ok || y < 1800 || c.hasPub && y > c.py+30 {
		return 0, nil, false
	}
	switch c.at(1) {
	case "was", "is", "will", "would", "has", "had", "could", "should", "might", "saw", "marked", "brought":
		if y >= 1900 && (!c.hasPub || y <= c.py+10) {
			return 1, yearValue(y), true
		}
	}
	prev := c.at(-1)
	if yearPrep[prev] || prev == "," && c.i >= 2 && monthNames[c.at(-2)] == 0 && yearPrep[c.at(-2)] {
		switch c.at(1) {
		case "%", "percent", "per", "people", "troops", "soldiers", "km", "kilometres", "kilometers", "miles", "barrels", "tons", "tonnes", "dollars", "euros", "members", "votes", "seats":
			return 0, nil, true
		}
		return 1, yearValue(y), true
	}
	return 0, nil, true
}

// matchVague reads the early, middle or late part of a year, decade or
// month: "early 2024", "early this year", "mid-November", "mid-2010s", "the
// end of the month". It claims every such word.
func matchVague(c *dateCtx) (int, *dateValue, bool) {
	toks, i, t := c.toks, c.i, c.t
	switch t.fold {
	case "early", "mid", "late", "beginning", "middle", "end", "start":
	default:
		return 0, nil, false
	}
	k := i + 1
	if foldAt(toks, k) == "-" {
		k++
	}
	if foldAt(toks, k) == "of" {
		k++
	}
	if y, ok := parseYear(tokAt(toks, k)); ok {
		return k + 1 - i, vague(t.fold, y), true
	}
	if y, ok := decade(tokAt(toks, k)); ok {
		switch t.fold {
		case "early", "beginning":
			return k + 1 - i, yearRange(y, y+3), true
		case "mid", "middle":
			return k + 1 - i, yearRange(y+4, y+6), true
		default:
			return k + 1 - i, yearRange(y+7, y+9), true
		}
	}
	if m, ok := monthNames[foldAt(toks, k)]; ok && toks[k].cap && len(toks[k].text) > 3 {
		y := 0
		n := k + 1 - i
		if yy, ok := parseYear(tokAt(toks, k+1)); ok {
			y, n = yy, k+2-i
		} else if c.hasPub {
			y = inferYear(c.pub, m, 15)
		} else {
			return 0, nil, true
		}
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		switch t.fold {
		case "early", "beginning":
			return n, dayRange(first, first.AddDate(0, 0, 9)), true
		case "mid", "middle":
			return n, dayRange(first.AddDate(0, 0, 10), first.AddDate(0, 0, 19)), true
		default:
			return n, dayRange(first.AddDate(0, 0, 20), first.AddDate(0, 1, -1)), true
		}
	}
	if !c.hasPub {
		return 0, nil, true
	}
	// the beginning of the year, the end of the month
	if (t.fold == "beginning" || t.fold == "end" || t.fold == "start") && c.at(1) == "of" && foldAt(toks, k) == "the" && c.at(-1) == "the" {
		switch foldAt(toks, k+1) {
		case "year":
			return k + 2 - i, vague(t.fold, c.py), true
		case "month":
			first := time.Date(c.py, c.pub.Month(), 1, 0, 0, 0, 0, time.UTC)
			if t.fold == "end" {
				return k + 2 - i, dayRange(first.AddDate(0, 0, 20), first.AddDate(0, 1, -1)), true
			}
			return k + 2 - i, dayRange(first, first.AddDate(0, 0, 9)), true
		}
	}
	if y, n, ok := c.relativeYear(k); ok && foldAt(toks, k) != "the" {
		return k + n - i, vague(t.fold, y), true // early this year, late last year
	}
	return 0, nil, true
}

// relativeYear reads "the year", "this year", "last year" or "next year" at
// token k against the publication time: the year and the tokens read.
func (c *dateCtx) relativeYear(k int) (int, int, bool) {
	if !c.hasPub || foldAt(c.toks, k+1) != "year" {
		return 0, 0, false
	}
	w := foldAt(c.toks, k)
	if w == "the" {
		w = "this"
	}
	y, ok := relYear(w, c.py)
	return y, 2, ok
}

// matchDayWord reads yesterday, today and tomorrow.
func matchDayWord(c *dateCtx) (int, *dateValue, bool) {
	switch c.t.fold {
	case "yesterday":
		return 1, dayValue(c.pubDay.AddDate(0, 0, -1)), true
	case "today":
		return 1, dayValue(c.pubDay), true
	case "tomorrow":
		return 1, dayValue(c.pubDay.AddDate(0, 0, 1)), true
	}
	return 0, nil, false
}

// matchEarlierLater reads "earlier this year", "later this month",
// "earlier in the week": the part of the unit before or after publication.
func matchEarlierLater(c *dateCtx) (int, *dateValue, bool) {
	t, py, pub, pubDay := c.t, c.py, c.pub, c.pubDay
	if t.fold != "earlier" && t.fold != "later" {
		return 0, nil, false
	}
	// "earlier in the year" reads as "earlier this year"
	if c.at(1) != "this" && !(c.at(1) == "in" && c.at(2) == "the") {
		return 0, nil, false
	}
	n := 3
	if c.at(1) == "in" {
		n = 4
	}
	switch c.at(n - 1) {
	case "year":
		if t.fold == "earlier" {
			return n, monthRange(py, 1, py, pub.Month()), true
		}
		return n, monthRange(py, pub.Month(), py, 12), true
	case "month":
		first := time.Date(py, pub.Month(), 1, 0, 0, 0, 0, time.UTC)
		if t.fold == "earlier" {
			return n, dayRange(first, pubDay), true
		}
		return n, dayRange(pubDay, first.AddDate(0, 1, -1)), true
	case "week":
		mon := pubDay.AddDate(0, 0, -((int(pubDay.Weekday()) + 6) % 7))
		if t.fold == "earlier" {
			return n, dayRange(mon, pubDay), true
		}
		return n, dayRange(pubDay, mon.AddDate(0, 0, 6)), true
	}
	return 0, nil, false
}

// relativeDelta is -1, 0 or 1 for "last", "this" and "next", with ok false
// for any other word.
func relativeDelta(fold string) (int, bool) {
	switch fold {
	case "last":
		return -1, true
	case "this":
		return 0, true
	case "next":
		return 1, true
	}
	return 0, false
}

// matchRelativeSeason reads "last autumn", "this summer", "next spring":
// the last one is the season last ended, the next the one not begun.
func matchRelativeSeason(c *dateCtx) (int, *dateValue, bool) {
	delta, ok := relativeDelta(c.t.fold)
	se, isSeason := seasons[c.at(1)]
	if !ok || !isSeason {
		return 0, nil, false
	}
	y := c.py
	first, last := seasonBounds(se, c.py)
	switch {
	case delta < 0 && !last.Before(c.pubDay):
		y--
	case delta > 0 && !first.After(c.pubDay):
		y++
	}
	return 2, seasonValue(se, y), true
}

// matchRelativeUnit reads "last weekend", "this weekend", "next year", "last
// month", "this week".
func matchRelativeUnit(c *dateCtx) (int, *dateValue, bool) {
	delta, ok := relativeDelta(c.t.fold)
	if !ok {
		return 0, nil, false
	}
	pubDay := c.pubDay
	weekend := pubDay.Weekday() == time.Saturday || pubDay.Weekday() == time.Sunday
	switch c.at(1) {
	case "weekend":
		sat := lastSaturday(pubDay)
		switch delta {
		case -1:
			if weekend {
				sat = sat.AddDate(0, 0, -7)
			}
		case 0:
			if !weekend && !c.d.pastCue(c.f, c.i) {
				sat = sat.AddDate(0, 0, 7)
			}
		case 1:
			sat = sat.AddDate(0, 0, 7)
			if !weekend {
				sat = sat.AddDate(0, 0, 7)
			}
		}
		return 2, dayRange(sat, sat.AddDate(0, 0, 1)), true
	case "year":
		y, _ := relYear(c.t.fold, c.py)
		return 2, yearValue(y), true
	case "month":
		m := time.Date(c.py, c.pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, delta, 0)
		return 2, monthValue(m.Year(), m.Month()), true
	case "week":
		mon := pubDay.AddDate(0, 0, -((int(pubDay.Weekday())+6)%7)+7*delta)
		return 2, dayRange(mon, mon.AddDate(0, 0, 6)), true
	}
	return 0, nil, false
}

// matchRelativeWeekday reads "last Monday", "this Friday", "next Tuesday".
func matchRelativeWeekday(c *dateCtx) (int, *dateValue, bool) {
	delta, ok := relativeDelta(c.t.fold)
	wd, isDay := weekdays[c.at(1)]
	if !ok || !isDay || !c.toks[c.i+1].cap {
		return 0, nil, false
	}
	pubDay := c.pubDay
	back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
	switch delta {
	case -1:
		if back == 0 {
			back = 7
		}
		return 2, dayValue(pubDay.AddDate(0, 0, -back)), true
	case 1:
		fwd := (int(wd) - int(pubDay.Weekday()) + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		return 2, dayValue(pubDay.AddDate(0, 0, fwd)), true
	}
	return 2, dayValue(pubDay.AddDate(0, 0, -back)), true
}

// matchTheWeekend reads "over the weekend": the last one begun, or the
// coming one when the sentence speaks of the future.
func matchTheWeekend(c *dateCtx) (int, *dateValue, bool) {
	if c.t.fold != "weekend" || c.at(-1) != "the" {
		return 0, nil, false
	}
	switch c.at(-2) {
	case "over", "during", "at", "on":
	default:
		return 0, nil, false
	}
	pubDay := c.pubDay
	sat := lastSaturday(pubDay)
	if c.d.futureCue(c.f, c.i) && pubDay.Weekday() != time.Saturday && pubDay.Weekday() != time.Sunday {
		sat = sat.AddDate(0, 0, 7)
	}
	return 1, dayRange(sat, sat.AddDate(0, 0, 1)), true
}

// matchTheSeason reads "over the summer", "during the winter": the season
// last begun, or the next one when the sentence speaks of the future.
func matchTheSeason(c *dateCtx) (int, *dateValue, bool) {
	se, ok := seasons[c.t.fold]
	if !ok || c.at(-1) != "the" || c.t.cap {
		return 0, nil, false
	}
	switch c.at(-2) {
	case "over", "during", "in", "throughout", "since", "until", "by":
	default:
		return 0, nil, false
	}
	first, _ := seasonBounds(se, c.py)
	y := c.py
	if first.After(c.pubDay) {
		y--
	}
	if c.d.futureCue(c.f, c.i) {
		y = c.py
		if !first.After(c.pubDay) {
			y++
		}
	}
	if c.at(1) == "of" {
		if y, ok := parseYear(tokAt(c.toks, c.i+2)); ok {
			return 3, seasonValue(se, y), true
		}
		return 0, nil, true
	}
	return 1, seasonValue(se, y), true
}

// matchWeekday reads a capitalised weekday alone by the wire convention: it
// names the publication day or a day before it in the same week ("ministers
// met on Thursday" in an article of a Thursday is that day), and the day
// ahead when the sentence speaks of the future ("will meet on Friday").
func matchWeekday(c *dateCtx) (int, *dateValue, bool) {
	wd, ok := weekdays[c.t.fold]
	if !ok || !c.t.cap {
		return 0, nil, false
	}
	if c.d.futureVerb(c.f, c.i) {
		fwd := (int(wd) - int(c.pubDay.Weekday()) + 7) % 7
		return 1, dayValue(c.pubDay.AddDate(0, 0, fwd)), true
	}
	back := (int(c.pubDay.Weekday()) - int(wd) + 7) % 7
	return 1, dayValue(c.pubDay.AddDate(0, 0, -back)), true
}

// matchAgoLater reads "two years ago", "three days ago" against the
// publication day, and "a year later", "two months earlier" against the
// last single date of the field.
func matchAgoLater(c *dateCtx) (int, *dateValue, bool) {
	n, ok := countWord(c.t)
	if !ok || n <= 0 {
		return 0, nil, false
	}
	unit := strings.TrimSuffix(c.at(1), "s")
	pubDay := c.pubDay
	switch c.at(2) {
	case "ago":
		switch unit {
		case "day":
			return 3, dayValue(pubDay.AddDate(0, 0, -n)), true
		case "week":
			return 3, dayValue(pubDay.AddDate(0, 0, -7*n)), true
		case "month":
			m := pubDay.AddDate(0, -n, 0)
			return 3, monthValue(m.Year(), m.Month()), true
		case "year":
			return 3, yearValue(c.py - n), true
		}
	case "later", "earlier":
		if v := shiftAnchor(c.anchor, unit, n, c.at(2) == "later"); v != nil {
			return 3, v, true
		}
	}
	return 0, nil, false
}

// matchFollowingPrevious reads "the following year", "the previous month"
// against the last single date of the field.
func matchFollowingPrevious(c *dateCtx) (int, *dateValue, bool) {
	if c.t.fold != "following" && c.t.fold != "previous" {
		return 0, nil, false
	}
	if v := shiftAnchor(c.anchor, c.at(1), 1, c.t.fold == "following"); v != nil && c.at(-1) == "the" {
		return 2, v, true
	}
	return 0, nil, false
}

// futureVerb reports whether the verb nearest before token i, in its
// sentence, speaks of the future: "will meet on Friday" does, "agreed to
// resume talks next month, mediators said on Sunday" does not (futureCue
// would see "next" and "resume" there).
func (d *doc) futureVerb(f, i int) bool {
	fl := &d.fields[f]
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		switch w := fl.toks[k].fold; w {
		case "will", "'ll", "due", "scheduled", "expected", "plans", "planned", "set", "aims", "hopes", "intends", "shall", "upcoming", "coming":
			return true
		case "was", "were", "had", "did", "said", "says", "held", "took", "met", "began", "broke", "told", "announced":
			return false
		default:
			if len(w) > 4 && strings.HasSuffix(w, "ed") {
				return false // "agreed", "killed"
			}
		}
		if fl.sentenceStart(k) {
			break
		}
	}
	return false
}
