package query

import (
	"testing"
	"time"
)

func TestParseDateBound(t *testing.T) {
	for _, c := range []struct {
		in         string
		start, end string // RFC 3339 nano; "" for an error
	}{
		{"2024", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
		{"2024-02", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"},
		{" 2024-02-29 ", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"},
		{"2024-06-01T10:00:00+02:00", "2024-06-01T08:00:00Z", "2024-06-01T08:00:00.000000001Z"},
		{"2023-02-29", "", ""},
		{"1677", "", ""},
		{"2262-01", "", ""},
		{"24", "", ""},
		{"", "", ""},
	} {
		start, end, err := ParseDateBound(c.in)
		if c.start == "" {
			if err == nil {
				t.Errorf("ParseDateBound(%q) = %v, %v; want an error", c.in, start, end)
			}
			continue
		}
		if err != nil || start.Format(time.RFC3339Nano) != c.start || end.Format(time.RFC3339Nano) != c.end {
			t.Errorf("ParseDateBound(%q) = %v, %v, %v; want %s, %s", c.in, start, end, err, c.start, c.end)
		}
	}
}

func TestRangeSpan(t *testing.T) {
	for _, c := range []struct {
		from, to     string
		fromEx, toEx bool
		start, end   string
	}{
		{"2024-01", "2024-06", false, false, "2024-01-01", "2024-07-01"},
		{"2024-01", "2024-06", true, true, "2024-02-01", "2024-06-01"},
		{"2024", "", false, false, "2024-01-01", ""},
		{"", "2024-06-30", false, false, "", "2024-07-01"},
	} {
		sp, err := rangeSpan(c.from, c.to, c.fromEx, c.toEx)
		day := func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		if err != nil || day(sp.Start) != c.start || day(sp.End) != c.end {
			t.Errorf("rangeSpan(%+v) = %v, %v", c, sp, err)
		}
	}
}
