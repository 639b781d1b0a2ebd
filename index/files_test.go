package index

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestTxtDates: a .txt article takes the date its text states at the top,
// else FileOptions.PublishedAt, else the file's modification time, and
// Dated says which each got.
func TestTxtDates(t *testing.T) {
	mtime := time.Date(2022, 5, 1, 12, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"in/dateline.txt": {Data: []byte("Talks\r\nWASHINGTON, March 3, 2024 (Reuters) — Iran talks.\r\n"), ModTime: mtime},
		"in/dateless.txt": {Data: []byte("Weather\nLight rain on Monday.\n"), ModTime: mtime},
		"in/line.txt":     {Data: []byte("Oil\nPublished: 2019-05-02\n\nWaivers end.\n"), ModTime: mtime},
	}
	type dated struct {
		File string
		Day  string
		From DateSource
	}
	for _, tt := range []struct {
		name string
		opt  time.Time
		want []dated
	}{
		{"without --published-at", time.Time{}, []dated{
			{"in/dateless.txt", "2022-05-01T12:00:00Z", DateFromModTime},
			{"in/dateline.txt", "2024-03-03T00:00:00Z", DateFromText},
			{"in/line.txt", "2019-05-02T00:00:00Z", DateFromText},
		}},
		{"with --published-at", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), []dated{
			{"in/dateless.txt", "2020-01-02T00:00:00Z", DateFromOptions},
			{"in/dateline.txt", "2024-03-03T00:00:00Z", DateFromText},
			{"in/line.txt", "2019-05-02T00:00:00Z", DateFromText},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := newTestIndex(t, "")
			var got []dated
			opts := FileOptions{PublishedAt: tt.opt, Dated: func(file string, day time.Time, from DateSource) {
				got = append(got, dated{file, day.UTC().Format(time.RFC3339), from})
			}}
			res, err := ix.IngestFiles(context.Background(), fsys, []string{"in"}, opts)
			if err != nil || res.Indexed != 3 {
				t.Fatalf("IngestFiles: %+v %v", res, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("dates (-want +got):\n%s", diff)
			}
			// The index holds what Dated reported.
			for _, d := range tt.want {
				day, _ := time.Parse(time.RFC3339, d.Day)
				r, err := ix.Search(context.Background(), Query{From: day.Format(time.RFC3339), To: day.Format(time.RFC3339)})
				if err != nil || r.Total != 1 {
					t.Errorf("%s: %d articles published at %s (%v)", d.File, r.Total, d.Day, err)
				}
			}
		})
	}
}
