package extract

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Where PublicationDate looks: the first lines of a text that are not
// blank, and the start of each, where a dateline opens its paragraph.
const (
	datelineLines = 6
	datelineBytes = 200
	// datelinePrefix is the most tokens before the date: "SAN JUAN, Puerto
	// Rico," and "Last updated on Monday," fit.
	datelinePrefix = 12
)

// PublicationDate returns the day a news text says it was published, read
// at its top: a date line among its first lines ("Published: 2024-03-03",
// "3 March 2024", "Monday, March 4, 2024 10:30 GMT", "By Jane Doe | March 3,
// 2024") or the dateline that opens a paragraph ("WASHINGTON, March 3, 2024
// (Reuters) — …", "LONDON, 3 March 2024 -"). Only whole days with a year
// count, read as Extract reads dates; a date inside a sentence does not,
// nor does one further down. ok is false when the top states none.
func PublicationDate(text string) (day time.Time, ok bool) {
	lines := 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if lines++; lines > datelineLines {
			break
		}
		if len(line) > datelineBytes {
			cut := datelineBytes
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			line = line[:cut]
		}
		if day, ok := lineDate(validUTF8(line)); ok {
			return day, true
		}
	}
	return time.Time{}, false
}

// lineDate finds a date line or a dateline in one line.
func lineDate(line string) (time.Time, bool) {
	// The date scanner of Extract, without a publication date: it reads
	// only dates that state their year.
	d := &doc{work: newMeter(context.Background(), 0)}
	d.fields[1] = newField(FieldBody, line, &d.work)
	toks := d.fields[1].toks
	for i := 0; i < len(toks) && i <= datelinePrefix; i++ {
		if !toks[i].word || !mayStartDate(&toks[i]) || !datelineBefore(toks[:i]) {
			continue
		}
		n, v := d.dateAt(1, i, nil)
		if n == 0 || v == nil || v.gran != Day || strings.Contains(v.value, "/") || !datelineAfter(toks[i+n:]) {
			continue
		}
		day, err := time.Parse(time.DateOnly, v.value)
		if err != nil {
			continue
		}
		return day, true
	}
	return time.Time{}, false
}

// labelWords may stand before a date line's date: "Published on", "Last updated".
var labelWords = map[string]bool{
	"published": true, "updated": true, "posted": true, "date": true, "dated": true, "filed": true,
	"issued": true, "released": true, "on": true, "last": true, "first": true, "originally": true,
	"publication": true, "created": true, "modified": true,
}

// datelineBefore reports whether toks may precede the date: nothing; a
// label ("Published:", "Last updated on"); a place and a comma
// ("WASHINGTON,", "Washington, D.C.,"); a weekday; or a byline ended by a
// separator ("By Jane Doe |").
func datelineBefore(toks []token) bool {
	if len(toks) == 0 {
		return true
	}
	last := toks[len(toks)-1]
	if _, weekday := weekdays[last.fold]; weekday {
		toks = toks[:len(toks)-1]
		if len(toks) == 0 {
			return true
		}
		last = toks[len(toks)-1]
	}
	label := true
	for _, t := range toks {
		label = label && (labelWords[t.fold] || t.text == ":")
	}
	if label {
		return true
	}
	switch last.text {
	case ",", ":", "|", "-", "–", "—", "·", "•":
	default:
		return false
	}
	// A place or a byline: capitalised words and the punctuation of names.
	for _, t := range toks[:len(toks)-1] {
		switch {
		case t.word && (t.cap || t.upper || labelWords[t.fold] || t.fold == "by"):
		case !t.word && strings.Contains(",.()'’&:|-–—", t.text):
		default:
			return false
		}
	}
	return true
}

// timeWords may follow a date line's date as part of its time.
var timeWords = map[string]bool{
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "a": true, "m": true, "p": true, "h": true,
	"utc": true, "gmt": true, "z": true, "et": true, "est": true, "edt": true, "ct": true, "cst": true, "cdt": true,
	"pt": true, "pst": true, "pdt": true, "bst": true, "cet": true, "cest": true, "eet": true, "eest": true,
	"ist": true, "msk": true, "jst": true, "local": true, "time": true, "at": true, "updated": true,
}

// datelineAfter reports whether toks may follow the date: nothing; a time
// ("10:30 GMT", "| 10:30 a.m. ET"); or, in a dateline, an agency in
// parentheses and the dash or colon that ends it, then the story.
func datelineAfter(toks []token) bool {
	if len(toks) == 0 {
		return true
	}
	timeOnly := true
	for _, t := range toks {
		timeOnly = timeOnly && (t.digit || timeWords[t.fold] || !t.word && strings.Contains(":.,|()-–—+/", t.text))
	}
	if timeOnly {
		return true
	}
	k := 0
	if toks[0].text == "," {
		k++
	}
	if k < len(toks) && toks[k].text == "(" {
		for k < len(toks) && toks[k].text != ")" {
			k++
		}
		k++
	}
	if k >= len(toks) {
		return k == len(toks) // "(Reuters)" ends the line
	}
	switch toks[k].text {
	case "—", "–", "-", "--", "―", ":":
		return true
	}
	return false
}
