package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
)

// binary is the searchd built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "searchd-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "searchd")
	// -buildvcs=auto stamps the commit (searchd version) in a git checkout,
	// whatever GOFLAGS says.
	args := []string{"build", "-buildvcs=auto", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build searchd:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// daemon is a running searchd process and a Go client of it.
type daemon struct {
	cmd  *exec.Cmd
	base string
	api  *client.Client
	logs *syncBuffer
	done chan error
}

// syncBuffer collects log lines from the reader goroutine for the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) WriteString(str string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(str)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listenRE = regexp.MustCompile(`msg=listening addr=(http://\S+)`)

// start runs `searchd serve` with env on a free loopback port and waits
// until it is ready.
func start(t testing.TB, env ...string) *daemon {
	t.Helper()
	cmd := exec.Command(binary, "serve")
	cmd.Dir = filepath.Join("..", "..") // the repository root, where config.yaml lives
	cmd.Env = append(os.Environ(), append([]string{"SEARCHD_HTTP_ADDR=127.0.0.1:0"}, env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemon{cmd: cmd, logs: &syncBuffer{}, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			d.logs.WriteString(line + "\n")
			if m := listenRE.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		d.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-d.done
		}
	})
	select {
	case d.base = <-addr:
	case err := <-d.done:
		t.Fatalf("searchd exited before listening: %v\n%s", err, d.logs)
	case <-time.After(60 * time.Second):
		t.Fatalf("searchd did not listen within a minute\n%s", d.logs)
	}
	// Under the race detector on a loaded machine a bulk load of large
	// articles takes minutes; the daemon's own timeouts still apply.
	if d.api, err = client.New(d.base, client.WithTimeout(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := d.api.Readyz(context.Background(), client.ReadyRequest{}); err == nil {
			return d
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("searchd not ready within a minute\n%s", d.logs)
	return nil
}

// stop sends SIGTERM and waits for a clean exit.
func (d *daemon) stop(t testing.TB) {
	t.Helper()
	d.stopWithin(t, 30*time.Second)
}

// stopWithin is stop for a daemon given longer than 30s to drain.
func (d *daemon) stopWithin(t testing.TB, wait time.Duration) {
	t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-d.done:
		if err != nil {
			t.Fatalf("searchd exited with %v after SIGTERM\n%s", err, d.logs)
		}
	case <-time.After(wait):
		t.Fatalf("searchd did not stop within %v of SIGTERM\n%s", wait, d.logs)
	}
	if !strings.Contains(d.logs.String(), "index closed") {
		t.Errorf("no clean index close in the log:\n%s", d.logs)
	}
}

// search runs a search that must succeed.
func (d *daemon) search(t testing.TB, r client.SearchRequest) *client.SearchResult {
	t.Helper()
	res, err := d.api.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

// documents is the index's document count.
func (d *daemon) documents(t testing.TB) uint64 {
	t.Helper()
	st, err := d.api.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return st.Documents
}

// TestServeTestdata is the README's promise: a fresh start loads testdata/
// and a search for Iran with country and group facets answers with hits,
// highlights and counts; a restart keeps every article and loads nothing twice.
func TestServeTestdata(t *testing.T) {
	indexPath := filepath.Join(t.TempDir(), "idx")
	d := start(t, "SEARCHD_INDEX_PATH="+indexPath)
	res := d.search(t, client.SearchRequest{Q: "Iran", Facets: []string{"country", "group"}})
	if res.Total == 0 || len(res.Hits) == 0 || len(res.Hits[0].Highlights) == 0 {
		t.Fatalf("search for Iran: %+v", res)
	}
	foundIR := false
	for _, v := range res.Facets["country"] {
		if v.Value == "IR" && v.Label == "Iran" && v.Count > 1 {
			foundIR = true
		}
	}
	if !foundIR || len(res.Facets["group"]) == 0 {
		t.Errorf("facets: %+v", res.Facets)
	}
	// "Iranian" and "Tehran" count as Iran: the country filter finds articles
	// that never spell the name.
	byCountry := d.search(t, client.SearchRequest{Countries: []string{"Iran"}, Size: new(100)})
	byName := d.search(t, client.SearchRequest{Q: "+Iran", Size: new(100)})
	if byCountry.Total < byName.Total {
		t.Errorf("country=Iran finds %d articles, fewer than the %d that contain the word", byCountry.Total, byName.Total)
	}

	documents := d.documents(t)
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "articles", "*.json"))
	if documents != uint64(len(files)) || len(files) < 40 {
		t.Fatalf("documents = %d, testdata has %d articles", documents, len(files))
	}
	d.stop(t)

	d = start(t, "SEARCHD_INDEX_PATH="+indexPath)
	if again := d.documents(t); again != documents {
		t.Errorf("after restart documents = %d, want %d", again, documents)
	}
	if !strings.Contains(d.logs.String(), "testdata not loaded") {
		t.Errorf("restart reloaded testdata:\n%s", d.logs)
	}
	d.stop(t)
}

func TestIngestCommand(t *testing.T) {
	dir := t.TempDir()
	indexPath := filepath.Join(dir, "idx")
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(filepath.Join(in, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"one.json":     `{"url":"https://example.test/1","title":"Tehran talks","body":"Iranian diplomats met in Tehran.","published_at":"2024-04-01"}`,
		"many.ndjson":  `{"url":"https://example.test/2","body":"Mexico and the U.S. agreed.","published_at":"2024-04-02"}` + "\n" + `{"body":""}` + "\n",
		"sub/note.txt": "A title about Syria\nDamascus was quiet on Monday.\n",
		"dated.txt":    "Talks resume\nWASHINGTON, March 3, 2024 (Reuters) — Iranian and U.S. envoys met.\n",
		"skip.md":      "not an article",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(binary, "ingest", "--published-at", "2024-04-03", in)
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("ingest with a bad line exited 0:\n%s", out)
	}
	for _, want := range []string{"indexed 4 articles, 1 failed", "many.ndjson:2",
		"sub/note.txt: published_at 2024-04-03 (from --published-at: its text states no date)\n",
		"dated.txt: published_at 2024-03-03 (from the date line or dateline at the top of its text)\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ingest output lacks %q:\n%s", want, out)
		}
	}
	d := start(t, "SEARCHD_INDEX_PATH="+indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false")
	if res := d.search(t, client.SearchRequest{Countries: []string{"Syria"}}); res.Total != 1 {
		t.Errorf("country=Syria after ingest: %+v", res)
	}
	if res := d.search(t, client.SearchRequest{From: "2024-03-03", To: "2024-03-03"}); res.Total != 1 {
		t.Errorf("articles published on the dateline's day: %+v", res)
	}
	d.stop(t)
}

// TestIngestTxtWithoutDate: a .txt file that states no date, ingested
// without --published-at, takes its modification time, and ingest says so.
func TestIngestTxtWithoutDate(t *testing.T) {
	dir := t.TempDir()
	note := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(note, []byte("Weather\nLight rain in Tehran on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2023, 6, 1, 10, 30, 0, 0, time.UTC)
	if err := os.Chtimes(note, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "ingest", note)
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+filepath.Join(dir, "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false", "TZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	want := note + ": published_at 2023-06-01T10:30:00Z (from the file's modification time: its text states no date; " +
		"give --published-at or a date line such as \"Published: 2024-03-03\")\n"
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), "indexed 1 articles, 0 failed") {
		t.Errorf("ingest output lacks %q:\n%s", want, out)
	}
}

func TestBadConfigFailsNamingKey(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(cfg, []byte("limits:\n  max_page_size: -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "serve", "--config", cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "limits.max_page_size") {
		t.Errorf("bad config: err %v, output %s", err, out)
	}
}

func TestRefusesOpenWritesOffLoopback(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve")
	cmd.Env = append(os.Environ(), "SEARCHD_HTTP_ADDR=0.0.0.0:0", "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "auth.write_keys") {
		t.Errorf("open writes on 0.0.0.0: err %v, output %s", err, out)
	}
}

func TestWriteKeyFromEnvironment(t *testing.T) {
	key := "test-key-0123456789"
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_AUTH_WRITE_KEYS=other-key-0123456789,"+key)
	post := func(k string) error {
		c, err := client.New(d.base, client.WithAPIKey(k))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.AddArticle(context.Background(), client.ArticleInput{Body: "Iran", PublishedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		return err
	}
	if err := post(""); !client.HasCode(err, client.CodeUnauthorized) {
		t.Errorf("no key: %v", err)
	}
	if err := post(key); err != nil {
		t.Errorf("second key of the list: %v", err)
	}
	d.stop(t)
	if strings.Contains(d.logs.String(), key) {
		t.Errorf("the key appears in the log")
	}
}

// TestSIGTERMDrainsInFlightBulk stops the daemon in the middle of a bulk
// request: the request completes and every line it acknowledges is there
// after a restart.
func TestSIGTERMDrainsInFlightBulk(t *testing.T) {
	indexPath := filepath.Join(t.TempDir(), "idx")
	// The grace period is long so that a slow machine (the race detector,
	// a loaded CI runner) still drains the whole request: the test is about
	// what is acknowledged, not about how fast.
	env := []string{"SEARCHD_INDEX_PATH=" + indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false", "SEARCHD_INGEST_BATCH_SIZE=50",
		"SEARCHD_HTTP_SHUTDOWN_TIMEOUT=3m"}
	d := start(t, env...)
	body, _ := syntheticBatch(0, 1500)
	type result struct {
		indexed int
		err     error
		at      time.Time
	}
	got := make(chan result, 1)
	go func() {
		indexed, err := bulk(d.api, body)
		got <- result{indexed, err, time.Now()}
	}()
	// Signal once the first batch is on disk, so the request is in flight.
	for d.documents(t) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	signalled := time.Now()
	d.stopWithin(t, 4*time.Minute)
	r := <-got
	if r.err != nil || r.indexed != 1500 {
		t.Fatalf("bulk during shutdown: %v, indexed %d", r.err, r.indexed)
	}
	if !r.at.After(signalled) {
		t.Fatalf("the bulk request finished before SIGTERM; the test proved nothing")
	}
	d = start(t, env...)
	if n := d.documents(t); n != 1500 {
		t.Errorf("after restart %d documents, want 1500", n)
	}
	d.stop(t)
}
