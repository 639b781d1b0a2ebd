package extract

import (
	"strings"
	"testing"
	"time"
)

func TestPublicationDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name, text string
		want       time.Time // zero: no date
	}{
		{"dateline with agency", "Talks resume\nWASHINGTON, March 3, 2024 (Reuters) — The talks resumed on Monday.", day(2024, 3, 3)},
		{"dateline, day first", "LONDON, 3 March 2024 - Rates rose.", day(2024, 3, 3)},
		{"dateline, place with region", "SAN JUAN, Puerto Rico, Jan. 5, 2023 — The storm passed.", day(2023, 1, 5)},
		{"dateline, abbreviated place", "Washington, D.C., Sept. 30, 2022: Congress voted.", day(2022, 9, 30)},
		{"ISO date line", "A title\nPublished: 2024-03-03\n\nThe body.", day(2024, 3, 3)},
		{"date on its own line", "A title\n\n3 March 2024\n\nThe body.", day(2024, 3, 3)},
		{"weekday and time", "Title\nMonday, March 4, 2024 10:30 GMT\nBody.", day(2024, 3, 4)},
		{"label without colon", "Title\nLast updated on 12 July 2021\nBody.", day(2021, 7, 12)},
		{"byline", "Title\nBy Jane Doe | March 3, 2024\nBody.", day(2024, 3, 3)},
		{"upper-case dateline", "KYIV, FEBRUARY 24, 2022 — Missiles struck.", day(2022, 2, 24)},
		{"first line is the date", "2019-05-02\nOil waivers end", day(2019, 5, 2)},
		{"no date", "Talks resume\nThe talks resumed on Monday in Geneva.", time.Time{}},
		{"a date inside a sentence", "Title\nOn March 3, 2024 the talks resumed.", time.Time{}},
		{"a place and a date starting a sentence", "Title\nTehran, March 3, 2024 was a quiet day.", time.Time{}},
		{"no year", "Title\nWASHINGTON, March 3 (Reuters) — Talks.", time.Time{}},
		{"a month, not a day", "Title\nMarch 2024\nBody.", time.Time{}},
		{"a relative date", "Title\nPublished: yesterday\nBody.", time.Time{}},
		{"a range", "Title\nMarch 3-5, 2024\nBody.", time.Time{}},
		{"too far down", "Title\n1\n2\n3\n4\n5\nMarch 3, 2024\nBody.", time.Time{}},
		{"an invalid day", "Title\nFebruary 30, 2024\nBody.", time.Time{}},
		{"lower-case words before", "Title\nthe report of March 3, 2024 — said", time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := PublicationDate(tt.text)
			if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
				t.Errorf("PublicationDate(%q) = %v, %v; want %v", tt.text, got, ok, tt.want)
			}
		})
	}
}

// TestDatelineOfALongParagraph: only the start of a line is read, and a
// dateline is there.
func TestDatelineOfALongParagraph(t *testing.T) {
	text := "Title\nBEIRUT, Aug. 4, 2020 (AP) — " + strings.Repeat("The port exploded. ", 5000)
	if got, ok := PublicationDate(text); !ok || !got.Equal(time.Date(2020, 8, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("PublicationDate = %v, %v", got, ok)
	}
	// A dateline that would count, but ends past datelineBytes, is not read.
	line := strings.Repeat("X", datelineBytes-len(", March 3, 20")) + ", March 3, 2024"
	if _, ok := lineDate(line); !ok {
		t.Fatalf("lineDate(%q) finds no date", line)
	}
	if got, ok := PublicationDate("Title\n" + line); ok {
		t.Errorf("a dateline cut at %d bytes was read: %v", datelineBytes, got)
	}
}
