package index

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/internal/fakeextract"
)

func openLogged(t *testing.T, path string) *Index {
	t.Helper()
	ix, err := Open(Options{Path: path, BatchSize: 2, ChangeLog: true}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func changeIDs(t *testing.T, ix *Index, after uint64) []string {
	t.Helper()
	ch, err := ix.Changes(after, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range ch {
		out = append(out, c.IDs...)
	}
	slices.Sort(out)
	return out
}

func TestChangeLogRecordsEveryCommitAcrossRestartsAndRebuilds(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "idx")
	ix := openLogged(t, root)
	loadCorpus(t, ix) // six articles, batches of two
	if got := ix.LastChange(); got != 3 {
		t.Errorf("LastChange = %d, want 3 (one entry a batch)", got)
	}
	all := []string{"a1", "a2", "a3", "a4", "a5", "a6"}
	if diff := cmp.Diff(all, changeIDs(t, ix, 0)); diff != "" {
		t.Errorf("logged ids (-want +got):\n%s", diff)
	}
	// Deletions and metadata are not articles: nothing logged.
	if err := ix.Delete(ctx, "a6"); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetMeta(map[string][]byte{"t.x": []byte("1")}); err != nil {
		t.Fatal(err)
	}
	if got := ix.LastChange(); got != 3 {
		t.Errorf("after a deletion and metadata LastChange = %d, want 3", got)
	}
	signal := ix.ChangeSignal()
	if _, err := ix.Add(ctx, mustDecode(t, `{"id":"b1","title":"t","body":"b","published_at":"2024-01-01"}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-signal:
	default:
		t.Error("ChangeSignal not closed by a logged commit")
	}
	// Handled entries are deleted by the next logged commit.
	ix.ChangesDone(3)
	if _, err := ix.Add(ctx, mustDecode(t, `{"id":"b2","title":"t","body":"b","published_at":"2024-01-01"}`)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b1", "b2"}, changeIDs(t, ix, 0)); diff != "" {
		t.Errorf("after trimming (-want +got):\n%s", diff)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart keeps the log and its numbering.
	ix = openLogged(t, root)
	if diff := cmp.Diff([]string{"b2"}, changeIDs(t, ix, 4)); diff != "" {
		t.Errorf("after a restart (-want +got):\n%s", diff)
	}
	// An online rebuild carries the unhandled entries and the metadata over.
	if _, err := ix.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b1", "b2"}, changeIDs(t, ix, 0)); diff != "" {
		t.Errorf("after a reindex (-want +got):\n%s", diff)
	}
	if v, err := ix.Meta("t.x"); err != nil || string(v) != "1" {
		t.Errorf("metadata after a reindex: %q %v", v, err)
	}
	if _, err := ix.Add(ctx, mustDecode(t, `{"id":"b3","title":"t","body":"b","published_at":"2024-01-01"}`)); err != nil {
		t.Fatal(err)
	}
	if got := ix.LastChange(); got != 6 {
		t.Errorf("after a reindex the numbering goes on: LastChange = %d, want 6", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// And so does an offline one.
	if _, err := Rebuild(ctx, Options{Path: root}, fakeextract.New()); err != nil {
		t.Fatal(err)
	}
	ix = openLogged(t, root)
	defer ix.Close()
	if diff := cmp.Diff([]string{"b1", "b2", "b3"}, changeIDs(t, ix, 0)); diff != "" {
		t.Errorf("after an offline rebuild (-want +got):\n%s", diff)
	}
}

func TestChangeLogOff(t *testing.T) {
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	if got := ix.LastChange(); got != 0 {
		t.Errorf("LastChange without a log = %d", got)
	}
}

func TestMetaSurvivesBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "idx")
	ix := openLogged(t, root)
	if err := ix.SetMeta(map[string][]byte{"s.a": []byte(`{"n":1}`), "s.b": []byte("2"), "other": []byte("3")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetMeta(map[string][]byte{"s.b": nil}); err != nil {
		t.Fatal(err)
	}
	if names, err := ix.MetaNames("s."); err != nil || !slices.Equal(names, []string{"s.a"}) {
		t.Errorf("MetaNames = %v %v", names, err)
	}
	backup := filepath.Join(t.TempDir(), "b")
	if _, err := ix.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(backup, dst, false, nil); err != nil {
		t.Fatal(err)
	}
	rx := openLogged(t, dst)
	defer rx.Close()
	if v, err := rx.Meta("s.a"); err != nil || string(v) != `{"n":1}` {
		t.Errorf("restored metadata: %q %v", v, err)
	}
	if v, _ := rx.Meta("s.b"); v != nil {
		t.Errorf("a deleted name came back: %q", v)
	}
}

func TestMatchIDs(t *testing.T) {
	ctx := context.Background()
	ix := newTestIndex(t, "")
	loadCorpus(t, ix)
	hits, err := ix.MatchIDs(ctx, Query{Q: "Damascus"}, []string{"a1", "a2", "a5", "a6", "gone"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.ID)
	}
	if diff := cmp.Diff([]string{"a5", "a2"}, got); diff != "" {
		t.Errorf("matches, newest first (-want +got):\n%s", diff)
	}
	if err := ix.CheckQuery(ctx, Query{Q: "(unclosed"}); err == nil || !strings.Contains(err.Error(), "(") {
		t.Errorf("CheckQuery of a bad query: %v", err)
	}
	if err := ix.CheckQuery(ctx, Query{Q: "Iran", Countries: []string{"Atlantis"}}); err == nil {
		t.Error("CheckQuery accepted an unknown country")
	}
}

func mustDecode(t *testing.T, s string) Article {
	t.Helper()
	a, err := DecodeArticle([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// BenchmarkIngestChangeLog compares ingestion into an on-disk index with
// and without the change log (one more internal key a batch, and the
// deletion of handled ones): batches of 500, the bulk endpoint's default,
// with the test extractor so that the commit path is most of the cost.
func BenchmarkIngestChangeLog(b *testing.B) {
	list := benchArticles(b, 5000)
	for _, logged := range []bool{false, true} {
		name := "log=off"
		if logged {
			name = "log=on"
		}
		b.Run(name, func(b *testing.B) {
			ix, err := Open(Options{Path: filepath.Join(b.TempDir(), "idx"), ChangeLog: logged, MinFreeBytes: -1}, fakeextract.New())
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			const batch = 500
			i := 0
			for b.Loop() {
				start := (i * batch) % len(list)
				if _, err := ix.IngestArticles(context.Background(), list[start:start+batch]); err != nil {
					b.Fatal(err)
				}
				ix.ChangesDone(ix.LastChange()) // a consumer keeping up
				i++
			}
			b.ReportMetric(float64(i*batch)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
