package mapping

import (
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDateSpanTerms(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     []string
	}{
		{"2024-05-03", "2024-05-03", []string{"d2024-05-03"}},
		{"2024-09-01", "2024-12-31", []string{"m2024-09", "m2024-10", "m2024-11", "m2024-12"}}, // late 2024
		{"1994-01-01", "1994-12-31", []string{"y1994"}},
		{"2024-02-01", "2024-02-29", []string{"m2024-02"}}, // a leap February
		{"2023-12-30", "2024-01-02", []string{"d2023-12-30", "d2023-12-31", "d2024-01-01", "d2024-01-02"}},
		{"2023-11-30", "2025-02-01", []string{"d2023-11-30", "m2023-12", "y2024", "m2025-01", "d2025-02-01"}},
		{"2024-05-04", "2024-05-03", nil},
	} {
		got := DateSpanTerms(date(tc.from), date(tc.to))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s..%s (-want +got):\n%s", tc.from, tc.to, diff)
		}
	}
}

// TestDateOverlap indexes ranges and searches windows at their boundaries:
// a range is found exactly when it shares a day with the window.
func TestDateOverlap(t *testing.T) {
	im, err := New()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.NewMemOnly(im)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ranges := map[string][2]string{
		"late2024":  {"2024-09-01", "2024-12-31"},
		"y1994":     {"1994-01-01", "1994-12-31"},
		"may3":      {"2024-05-03", "2024-05-03"},
		"newyear":   {"2023-12-30", "2024-01-02"},
		"june2025":  {"2025-06-01", "2025-06-30"},
		"longrange": {"2023-11-30", "2025-02-01"},
	}
	for id, r := range ranges {
		if err := idx.Index(id, map[string]any{FieldMentioned: DateSpanTerms(date(r[0]), date(r[1]))}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		from, to string // inclusive days; "" open
		want     []string
	}{
		{"2024-10-01", "2024-10-31", []string{"late2024", "longrange"}},
		{"1994-06-01", "1994-06-30", []string{"y1994"}},
		{"2024-08-31", "2024-08-31", []string{"longrange"}},
		{"2024-09-01", "2024-09-01", []string{"late2024", "longrange"}},
		{"2024-12-31", "2025-01-15", []string{"late2024", "longrange"}},
		{"2025-01-01", "2025-05-31", []string{"longrange"}},
		{"2025-02-02", "2025-05-31", nil},
		{"2024-05-03", "2024-05-03", []string{"longrange", "may3"}},
		{"2024-05-04", "2024-05-31", []string{"longrange"}},
		{"2023-12-31", "2023-12-31", []string{"longrange", "newyear"}},
		{"1990-01-01", "1994-01-01", []string{"y1994"}},
		{"", "1994-01-01", []string{"y1994"}},
		{"2025-06-30", "", []string{"june2025"}},
	} {
		var start, end time.Time
		if tc.from != "" {
			start = date(tc.from)
		}
		if tc.to != "" {
			end = date(tc.to).AddDate(0, 0, 1)
		}
		req := bleve.NewSearchRequestOptions(DateOverlapQuery(FieldMentioned, start, end), 100, 0, false)
		req.SortBy([]string{"_id"})
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("window %s..%s (-want +got):\n%s", tc.from, tc.to, diff)
		}
	}
}
