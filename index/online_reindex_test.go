package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/internal/fakeextract"
)

// loadNumbered indexes n articles with ids prefix0000…; every fourth says
// "light rain".
func loadNumbered(t *testing.T, ix *Index, prefix string, n int) map[string]string {
	t.Helper()
	want := map[string]string{}
	var lines []string
	for i := range n {
		id, title := fmt.Sprintf("%s%04d", prefix, i), fmt.Sprintf("Report %d", i)
		body := "Officials in Iran spoke."
		if i%4 == 0 {
			body = "Light rain over Tehran."
		}
		lines = append(lines, fmt.Sprintf(`{"id":%q,"title":%q,"body":%q,"published_at":"2024-%02d-%02dT10:00:00Z"}`,
			id, title, body, 1+i%12, 1+i%28))
		want[id] = title
	}
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(strings.Join(lines, "\n")), 1<<20)
	if err != nil || res.Indexed != n {
		t.Fatalf("load: %+v %v", res, err)
	}
	return want
}

// checkArticles checks that ix holds exactly the articles of want (id →
// title), each once.
func checkArticles(t *testing.T, ix *Index, want map[string]string) {
	t.Helper()
	e, err := ix.Export(context.Background(), Query{}, []string{"id", "title"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for {
		rows, err := e.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			if _, dup := got[r.ID]; dup {
				t.Errorf("article %s exported twice", r.ID)
			}
			got[r.ID] = r.Title
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
	if n, err := ix.Count(); err != nil || n != uint64(len(want)) {
		t.Errorf("count = %d, %v; want %d", n, err, len(want))
	}
}

// rainExtractor is the fake extractor that also knows "Light rain" as a
// place: what a reindex with a newer extractor finds.
func rainExtractor() *fakeextract.Extractor {
	ex := fakeextract.New()
	ex.Forms = append(ex.Forms, fakeextract.Form{Text: "Light rain", Type: extract.Place, Value: "Rainfield", Label: "Rainfield"})
	return ex
}

func TestOnlineReindexKeepsEveryWriteMadeDuringIt(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: root, BatchSize: 40}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	var mu sync.Mutex
	want := loadNumbered(t, ix, "o", 400)
	if err := ix.SetMarker("seen"); err != nil {
		t.Fatal(err)
	}
	ix.ex = rainExtractor() // this binary's extractor knows more than the one that indexed
	ix.re.page = 50         // eight pages, read while writes go on

	stop := make(chan struct{})
	var wg sync.WaitGroup
	writes := make(chan struct{}, 1000)
	var writeErrs, searchErrs []error
	// Writer w changes only the old articles of its parity, so that the
	// order of its writes is the order they commit in.
	write := func(w, k int) {
		switch {
		case k%5 == 4: // delete an article that existed before
			id := fmt.Sprintf("o%04d", (k*7)%200*2+w)
			err := ix.Delete(context.Background(), id)
			mu.Lock()
			if err == nil {
				delete(want, id)
			} else if !errors.Is(err, ErrNotFound) {
				writeErrs = append(writeErrs, err)
			}
			mu.Unlock()
		case k%5 == 3: // change an article that existed before
			id := fmt.Sprintf("o%04d", (k*13)%200*2+w)
			a, _ := DecodeArticle([]byte(fmt.Sprintf(`{"id":%q,"title":"Changed %d","body":"Changed.","published_at":"2024-06-01"}`, id, k)))
			_, err := ix.Add(context.Background(), a)
			mu.Lock()
			if err == nil {
				want[id] = a.Title
			} else {
				writeErrs = append(writeErrs, err)
			}
			mu.Unlock()
		default: // a new article
			id := fmt.Sprintf("n%04d", k)
			a, _ := DecodeArticle([]byte(fmt.Sprintf(`{"id":%q,"title":"New %d","body":"Light rain again.","published_at":"2025-01-01"}`, id, k)))
			_, err := ix.Add(context.Background(), a)
			mu.Lock()
			if err == nil {
				want[id] = a.Title
			} else {
				writeErrs = append(writeErrs, err)
			}
			mu.Unlock()
		}
		select {
		case writes <- struct{}{}:
		default:
		}
	}
	startLoad := sync.OnceFunc(func() {
		for w := range 2 {
			wg.Go(func() {
				for k := w; ; k += 2 {
					select {
					case <-stop:
						return
					default:
					}
					write(w, k)
				}
			})
		}
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := ix.Search(context.Background(), Query{Q: "report OR changed OR new", Facets: []string{"country"}, NoCache: true}); err != nil {
					mu.Lock()
					searchErrs = append(searchErrs, err)
					mu.Unlock()
				}
			}
		})
	})
	var during ReindexStatus
	var conflict error
	ix.re.hook = func(step string) {
		if step != "copied" || during.State != "" {
			return
		}
		during = ix.ReindexStatus()
		_, conflict = ix.StartReindex()
		// The copy goes on once writes are under way.
		startLoad()
		for range 20 {
			<-writes
		}
	}
	st, err := ix.Reindex(context.Background())
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(writeErrs) > 0 || len(searchErrs) > 0 {
		t.Fatalf("during the reindex: write errors %v, search errors %v", writeErrs, searchErrs)
	}
	if during.State != ReindexRunning || during.Phase != phaseCopying || during.DocsDone == 0 || during.DocsTotal != 400 {
		t.Errorf("status during the copy: %+v", during)
	}
	if !errors.Is(conflict, ErrConflict) {
		t.Errorf("a second reindex while one runs: %v, want ErrConflict", conflict)
	}
	if st.State != ReindexDone || st.Changed == 0 || st.Finished == nil || st.Error != "" {
		t.Errorf("status after: %+v", st)
	}
	t.Logf("%d articles copied, %d copied again", st.DocsDone, st.Changed)
	checkArticles(t, ix, want)
	// The new index holds what this binary's extractor finds in the old articles.
	res, err := ix.Search(context.Background(), Query{Places: []string{"Rainfield"}, Size: ptr(0)})
	if err != nil || res.Total == 0 {
		t.Errorf("articles rebuilt with the current extractor: %v %v", res, err)
	}
	if ok, err := ix.HasMarker("seen"); !ok || err != nil {
		t.Errorf("marker carried over: %v %v", ok, err)
	}
	if got := ix.dir(); got != filepath.Join(root, "r1") {
		t.Errorf("index in use at %s, want %s/r1", got, root)
	}
	if _, err := os.Stat(filepath.Join(root, "index_meta.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old index's files are still there: %v", err)
	}

	// A restart opens the new index; a second reindex moves on to r2.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(Options{Path: root}, rainExtractor())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := ix.dir(); got != filepath.Join(root, "r1") {
		t.Errorf("after a restart the index in use is %s, want %s/r1", got, root)
	}
	checkArticles(t, ix, want)
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "r1")); !errors.Is(err, os.ErrNotExist) || ix.dir() != filepath.Join(root, "r2") {
		t.Errorf("second reindex: in use %s, r1: %v", ix.dir(), err)
	}
	checkArticles(t, ix, want)
}

// crashCopy copies root as a crash at this instant would leave it on disk.
func crashCopy(t *testing.T, root string) string {
	dst := filepath.Join(t.TempDir(), "crashed")
	if err := copyTree(root, dst, nil); err != nil {
		t.Errorf("copy %s: %v", root, err)
	}
	return dst
}

func TestReindexCrashBeforeAndAfterTheSwitch(t *testing.T) {
	for _, tt := range []struct {
		step, inUse string // where the crash happens, the index the restart uses
	}{
		{"copied", ""},    // the new index half built: the old one stays
		{"current", "r1"}, // the switch is on disk: the new one
	} {
		t.Run(tt.step, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "idx")
			ix, err := Open(Options{Path: root}, fakeextract.New())
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			want := loadNumbered(t, ix, "c", 60)
			var crashed string
			ix.re.hook = func(step string) {
				if step == tt.step && crashed == "" {
					crashed = crashCopy(t, root)
				}
			}
			if _, err := ix.Reindex(context.Background()); err != nil {
				t.Fatal(err)
			}
			after, err := Open(Options{Path: crashed}, fakeextract.New())
			if err != nil {
				t.Fatalf("restart after a crash at %s: %v", tt.step, err)
			}
			defer after.Close()
			if got, wantDir := after.dir(), filepath.Join(crashed, tt.inUse); got != wantDir {
				t.Errorf("restart uses %s, want %s", got, wantDir)
			}
			checkArticles(t, after, want)
			entries, _ := os.ReadDir(crashed)
			var names []string
			for _, e := range entries {
				if e.Name() != rootLockName { // the directory's lock stays
					names = append(names, e.Name())
				}
			}
			wantNames := []string{"index_meta.json", "searchd_ack.json", "store"}
			if tt.inUse != "" {
				wantNames = []string{"r1", "searchd_current"}
			}
			if diff := cmp.Diff(wantNames, names); diff != "" {
				t.Errorf("what the restart kept (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReindexStoppedLeavesTheIndexAsItWas(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: root}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := loadNumbered(t, ix, "s", 30)
	ctx, cancel := context.WithCancel(context.Background())
	ix.re.hook = func(string) {
		cancel()
		<-ix.re.ctx.Done() // Reindex stops the reindex
	}
	st, err := ix.Reindex(ctx)
	if !errors.Is(err, context.Canceled) || st.State != ReindexFailed || st.Error == "" {
		t.Fatalf("cancelled reindex: %+v %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(root, "r1")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the half-built index is still there: %v", err)
	}
	if ix.dir() != root {
		t.Errorf("index in use %s, want %s", ix.dir(), root)
	}
	checkArticles(t, ix, want)
	a, _ := DecodeArticle([]byte(`{"id":"later","body":"Still writable.","published_at":"2024-01-01"}`))
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	want["later"] = ""
	checkArticles(t, ix, want)
}

func TestReindexInMemory(t *testing.T) {
	ix, err := Open(Options{}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := loadNumbered(t, ix, "m", 25)
	if got := ix.ReindexStatus(); got.State != ReindexIdle {
		t.Errorf("before: %+v", got)
	}
	ix.ex = rainExtractor()
	st, err := ix.Reindex(context.Background())
	if err != nil || st.State != ReindexDone || st.DocsDone != 25 {
		t.Fatalf("%+v %v", st, err)
	}
	checkArticles(t, ix, want)
	if res, err := ix.Search(context.Background(), Query{Places: []string{"Rainfield"}}); err != nil || res.Total != 7 {
		t.Errorf("rebuilt entities: %v %v", res, err)
	}
}

func TestOfflineRebuildOfAnIndexInUse(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: root}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	want := loadNumbered(t, ix, "f", 10)
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A backup copies the index in use, which is now r1.
	info, err := ix.Backup(context.Background(), filepath.Join(t.TempDir(), "b"))
	if err != nil || info.Documents != 10 {
		t.Errorf("backup after a reindex: %+v %v", info, err)
	}
	_, err = Rebuild(context.Background(), Options{Path: root}, fakeextract.New())
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "POST /api/v1/admin/reindex") {
		t.Errorf("rebuild of an index in use: %v, want ErrLocked pointing to the endpoint", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := Rebuild(context.Background(), Options{Path: root}, fakeextract.New()); err != nil || n != 10 {
		t.Fatalf("rebuild: %d %v", n, err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		if e.Name() != rootLockName { // the directory's lock stays
			names = append(names, e.Name())
		}
	}
	if !slices.Equal(names, []string{"r2", "searchd_current"}) {
		t.Errorf("after the rebuild the directory holds %v", names)
	}
	ix = newTestIndex(t, root)
	checkArticles(t, ix, want)
}

func TestCurrentFile(t *testing.T) {
	root := t.TempDir()
	if dir, err := CurrentDir(root); err != nil || dir != root {
		t.Errorf("no file: %s %v", dir, err)
	}
	for _, tt := range []struct{ content, want string }{
		{"../elsewhere\n", "not a rebuilt index"},
		{"r0\n", "not a rebuilt index"},
		{"r7\n", "missing or incomplete"},
	} {
		if err := os.WriteFile(filepath.Join(root, currentFileName), []byte(tt.content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := CurrentDir(root); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.content, err, tt.want)
		}
	}
	if next := nextDir(root, filepath.Join(root, "r9")); next != filepath.Join(root, "r10") {
		t.Errorf("after r9: %s", next)
	}
	if _, ok := generation(root, filepath.Join(root, "r1x")); ok {
		t.Error("r1x taken for a rebuild")
	}
}

// TestReindexWithAPathSpelledLoosely: the default configuration names the
// index "./data/searchd.bleve"; a reindex and a restart must work with a
// path written with "." elements and a trailing slash, and keep every
// article (an unclean root once made the rebuild refuse to switch).
func TestReindexWithAPathSpelledLoosely(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, path := range []string{"./data/idx", "data/./other/"} {
		ix, err := Open(Options{Path: path}, fakeextract.New())
		if err != nil {
			t.Fatal(err)
		}
		want := loadNumbered(t, ix, "p", 30)
		if _, err := ix.Reindex(context.Background()); err != nil {
			t.Fatalf("%s: reindex: %v", path, err)
		}
		checkArticles(t, ix, want)
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(Options{Path: path}, fakeextract.New())
		if err != nil {
			t.Fatalf("%s: reopen: %v", path, err)
		}
		checkArticles(t, ix, want)
		if _, err := ix.Reindex(context.Background()); err != nil {
			t.Fatalf("%s: second reindex: %v", path, err)
		}
		checkArticles(t, ix, want)
		ix.Close()
	}
}

// TestSecondProcessCannotOpenDuringASwitch: another process opening the
// directory while the daemon reindexes waits for the directory's lock and
// is refused, instead of reading the pointer just before the switch,
// getting the old index once the daemon lets it go, and removing the
// daemon's new index as stale.
func TestSecondProcessCannotOpenDuringASwitch(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(Options{Path: root}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := loadNumbered(t, ix, "s", 40)
	refused := make(chan error, 1)
	go func() {
		// A second opener of the same directory (flock locks are per open
		// file, so this is refused within one process too).
		other, err := Open(Options{Path: root}, fakeextract.New())
		if err == nil {
			other.Close()
		}
		refused <- err
	}()
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-refused; !errors.Is(err, ErrLocked) {
		t.Fatalf("second open during a reindex: %v, want ErrLocked", err)
	}
	checkArticles(t, ix, want)
	if _, err := os.Stat(filepath.Join(root, "r1", "index_meta.json")); err != nil {
		t.Errorf("the daemon's new index: %v", err)
	}
	if _, err := Rebuild(context.Background(), Options{Path: root}, fakeextract.New()); !errors.Is(err, ErrLocked) {
		t.Errorf("offline rebuild of an index in use: %v, want ErrLocked", err)
	}
	checkArticles(t, ix, want)
}

// TestReindexKeepsTheEntitiesOfAnArticleTheExtractorGivesUpOn: one article
// the new extractor refuses (its work budget) keeps the entities it had;
// the reindex does not fail over it.
func TestReindexKeepsTheEntitiesOfAnArticleTheExtractorGivesUpOn(t *testing.T) {
	ix, err := Open(Options{Path: filepath.Join(t.TempDir(), "idx")}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := loadNumbered(t, ix, "k", 20)
	odd := `{"id":"odd","title":"Odd","body":"Officials in Iran spoke. UNUSUAL-TEXT","published_at":"2024-05-05T10:00:00Z"}`
	if res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(odd), 1<<20); err != nil || res.Indexed != 1 {
		t.Fatalf("load: %+v %v", res, err)
	}
	want["odd"] = "Odd"
	refusing := rainExtractor()
	refusing.Refuse = "UNUSUAL-TEXT"
	ix.ex = refusing
	st, err := ix.Reindex(context.Background())
	if err != nil || st.State != ReindexDone {
		t.Fatalf("reindex: %+v, %v", st, err)
	}
	checkArticles(t, ix, want)
	res, err := ix.Search(context.Background(), Query{Countries: []string{"IR"}, Q: "UNUSUAL-TEXT", Size: ptr(1)})
	if err != nil || res.Total != 1 {
		t.Errorf("the refused article keeps its country: %+v, %v", res, err)
	}
}

// TestReindexCarriesMarkersOfAnOlderBinary: a marker set before markers
// were listed (only its key exists) survives a reindex once it was read.
func TestReindexCarriesMarkersOfAnOlderBinary(t *testing.T) {
	ix, err := Open(Options{Path: filepath.Join(t.TempDir(), "idx")}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	loadNumbered(t, ix, "m", 5)
	b := ix.bi.NewBatch()
	b.SetInternal([]byte(markerPrefix+"testdata_loaded"), []byte("1")) // as an older binary wrote it
	if err := ix.commit(b, 0); err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.HasMarker("testdata_loaded"); !ok || err != nil {
		t.Fatalf("HasMarker = %v, %v", ok, err)
	}
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ok, err := ix.HasMarker("testdata_loaded"); !ok || err != nil {
		t.Errorf("after the reindex HasMarker = %v, %v: the demo articles would load again", ok, err)
	}
}
