package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/fakeextract"
)

// get sends a GET and returns the response with its whole body.
func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: body: %v", url, err)
	}
	return res, body
}

// ndjsonLines decodes an NDJSON body, failing on any line that is not a
// JSON object.
func ndjsonLines(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not a JSON object: %q: %v", len(out)+1, sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

// TestExportOfMoreThanTheResultWindow exports every one of 10,050 hits,
// past the 10,000 a search can page to, as NDJSON and as CSV.
func TestExportOfMoreThanTheResultWindow(t *testing.T) {
	ix, err := index.Open(index.Options{BatchSize: 20000, BatchBytes: 1 << 30}, fakeextract.New())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const n = 10050
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"x%05d","body":"Iran.","published_at":"2024-%02d-%02dT%02d:00:00Z"}`+"\n", i, 1+i%12, 1+i%28, i%24)
	}
	if res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(b.String()), 1<<20); err != nil || res.Indexed != n {
		t.Fatalf("load: %+v %v", res.Indexed, err)
	}
	srv := httptest.NewServer(validated(t, New(ix, Options{})))
	defer srv.Close()

	if r := do(t, "GET", srv.URL+"/api/v1/search?page=1001&size=10", ""); r.status != 400 || !strings.Contains(errorMessage(r), "search_after") {
		t.Errorf("page 1001: %d %s, want 400 pointing to search_after", r.status, errorMessage(r))
	}
	res, body := get(t, srv.URL+"/api/v1/export?format=ndjson&fields=id,published_at")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/x-ndjson" || res.Header.Get("X-Total-Count") != "10050" {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	lines := ndjsonLines(t, body)
	seen := map[string]bool{}
	prev := "9999"
	for _, l := range lines {
		id, at := l["id"].(string), l["published_at"].(string)
		if seen[id] {
			t.Fatalf("%s exported twice", id)
		}
		seen[id] = true
		if at > prev {
			t.Fatalf("%s (%s) after %s: not newest first", id, at, prev)
		}
		prev = at
	}
	if len(seen) != n {
		t.Errorf("exported %d distinct articles, want %d", len(seen), n)
	}

	res, body = get(t, srv.URL+"/api/v1/export?format=csv&fields=id&sort=published_at&country=IR")
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("csv: %d %v", res.StatusCode, err)
	}
	if len(records) != n+1 || records[0][0] != "id" {
		t.Errorf("csv: %d records (want a header and %d), first %v", len(records), n, records[0])
	}
}

// countingWriter is a ResponseWriter that counts the export lines written
// to it and its flushes.
type countingWriter struct {
	header  http.Header
	lines   int
	flushes int
}

func (c *countingWriter) Header() http.Header { return c.header }
func (c *countingWriter) WriteHeader(int)     {}
func (c *countingWriter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte("\n"))
	return len(p), nil
}
func (c *countingWriter) Flush() { c.flushes++ }

// fakeRows hands out total synthetic rows in pages, and records how many
// rows were handed out but not yet written when each page was asked for.
type fakeRows struct {
	total, page, served int
	written             func() int
	maxHeld             int
	calls               int
}

func (f *fakeRows) Total() uint64 { return uint64(f.total) }

func (f *fakeRows) Next(ctx context.Context) ([]index.ExportRow, error) {
	f.calls++
	f.maxHeld = max(f.maxHeld, f.served-f.written())
	n := min(f.page, f.total-f.served)
	rows := make([]index.ExportRow, n)
	for i := range rows {
		rows[i] = index.ExportRow{ID: fmt.Sprintf("r%06d", f.served+i), PublishedAt: time.Unix(int64(f.served+i), 0)}
	}
	f.served += n
	return rows, nil
}

// TestExportHoldsOnePageAtATime checks, by counting, that every row of a
// page is written and flushed before the next page is read: the export
// holds at most a page of hits, whatever its length.
func TestExportHoldsOnePageAtATime(t *testing.T) {
	for _, format := range []string{formatNDJSON, formatCSV} {
		t.Run(format, func(t *testing.T) {
			s := &Server{opts: Options{RequestTimeout: time.Second}, log: slog.New(slog.DiscardHandler), slots: make(chan struct{}, 1)}
			w := &countingWriter{header: http.Header{}}
			header := 0
			if format == formatCSV {
				header = 1
			}
			rows := &fakeRows{total: 12345, page: 500, written: func() int { return max(0, w.lines-header) }}
			out := &exportWriter{w: w, rc: http.NewResponseController(w), format: format, fields: []string{"id", "published_at"}}
			if err := s.streamExport(context.Background(), rows, out); err != nil {
				t.Fatal(err)
			}
			if rows.maxHeld != 0 {
				t.Errorf("%d rows were not yet written when a page was read", rows.maxHeld)
			}
			if w.lines != 12345+header || rows.calls != 26 || w.flushes < 25 {
				t.Errorf("%d lines, %d pages read, %d flushes; want %d lines, 26 pages, a flush a page", w.lines, rows.calls, w.flushes, 12345+header)
			}
		})
	}
}

// articleWith is an article whose title needs quoting in CSV.
const articleWith = `{"id":"q1","title":"=Iran, \"IRGC\" and Hezbollah","body":"Iran and Israel. Hezbollah and the IRGC. Damascus.","source":"Wire; Desk","authors":["Ann","Bo"],"language":"en-GB","published_at":"2026-01-02T03:04:05Z"}`

func TestExportCSV(t *testing.T) {
	srv, ix := newServer(t, Options{})
	a, err := index.DecodeArticle([]byte(articleWith))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, srv.URL+"/api/v1/export?format=csv&fields=id,title,source,authors,language,countries,country_codes,groups,places&q=hezbollah")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="searchd-export-`) {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%v in %q", err, body)
	}
	want := [][]string{
		{"id", "title", "source", "authors", "language", "countries", "country_codes", "groups", "places"},
		{"q1", `'=Iran, "IRGC" and Hezbollah`, "Wire; Desk", "Ann;Bo", "en-GB", "Iran;Israel", "IR;IL", "Islamic Revolutionary Guard Corps;Hezbollah", "Damascus"},
		{"a2", "Damascus talks", "Wire", "", "en", "Iran", "IR", "Hezbollah", "Damascus"},
	}
	if diff := cmp.Diff(want, records); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Quoting is encoding/csv's: the title is one quoted cell.
	if !bytes.Contains(body, []byte(`"'=Iran, ""IRGC"" and Hezbollah"`)) {
		t.Errorf("title not quoted as RFC 4180 says: %s", body)
	}
}

func TestExportNDJSONFields(t *testing.T) {
	srv, _ := newServer(t, Options{})
	res, body := get(t, srv.URL+"/api/v1/export?fields=title,id,countries&sort=published_at")
	if res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	lines := ndjsonLines(t, body)
	var ids []string
	for _, l := range lines {
		ids = append(ids, l["id"].(string))
		if len(l) != 3 {
			t.Errorf("line with %d fields, want 3: %v", len(l), l)
		}
	}
	if diff := cmp.Diff([]string{"a1", "a2", "a3", "a4"}, ids); diff != "" {
		t.Errorf("oldest first (-want +got):\n%s", diff)
	}
	first := strings.SplitN(string(body), "\n", 2)[0]
	if want := `{"title":"Iran and the IRGC","id":"a1","countries":["Iran"]}`; first != want {
		t.Errorf("first line %s, want %s (fields in the order asked)", first, want)
	}
	if last := lines[3]; !slices.Equal(last["countries"].([]any), []any{}) {
		t.Errorf("an article without countries: %v, want []", last["countries"])
	}
}

func TestExportErrors(t *testing.T) {
	srv, _ := newServer(t, Options{})
	for _, tt := range []struct {
		query, code, msg string
	}{
		{"format=xml", "invalid_argument", `format: want csv or ndjson, got "xml"`},
		{"fields=id,body", "invalid_argument", `fields: unknown field "body"`},
		{"fields=id,id", "invalid_argument", "listed twice"},
		{"page=2", "invalid_argument", `unknown parameter "page"`},
		{"size=10", "invalid_argument", `unknown parameter "size"`},
		{"sort=relevance&q=iran", "invalid_argument", "relevance cannot be read page after page"},
		{"q=title:(open", "bad_query", "q:"},
		{"country=Atlantis", "invalid_argument", "unknown country"},
	} {
		r := do(t, "GET", srv.URL+"/api/v1/export?"+tt.query, "")
		if r.status != 400 || errorCode(r) != tt.code || !strings.Contains(errorMessage(r), tt.msg) {
			t.Errorf("%s: %d %s %q, want 400 %s …%s", tt.query, r.status, errorCode(r), errorMessage(r), tt.code, tt.msg)
		}
	}
	if r := do(t, "POST", srv.URL+"/api/v1/export", `{}`); r.status != 405 || r.header.Get("Allow") != "GET" {
		t.Errorf("POST: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
	keyed, _ := newServer(t, Options{ReadKeys: []string{readKey}})
	if r := doAuth(t, "GET", keyed.URL+"/api/v1/export", "", ""); r.status != 401 {
		t.Errorf("without the read key: %d", r.status)
	}
	if r := doAuth(t, "GET", keyed.URL+"/api/v1/export", readKey, ""); r.status != 200 {
		t.Errorf("with the read key: %d", r.status)
	}
}

// pageRows passes an export's pages through, blocking or failing at a page.
type pageRows struct {
	exportRows
	mu      sync.Mutex
	calls   int
	at      int           // the page to act on
	fail    error         // returned at page at, if set
	entered chan struct{} // closed when page at is asked for
	ctxErr  error         // what the context said at page at
}

func (p *pageRows) Next(ctx context.Context) ([]index.ExportRow, error) {
	p.mu.Lock()
	p.calls++
	n := p.calls
	p.mu.Unlock()
	if n == p.at {
		if p.fail != nil {
			return nil, p.fail
		}
		close(p.entered)
		<-ctx.Done()
		p.mu.Lock()
		p.ctxErr = ctx.Err()
		p.mu.Unlock()
		return nil, ctx.Err()
	}
	return p.exportRows.Next(ctx)
}

func TestExportStopsWhenTheClientLeaves(t *testing.T) {
	rows := &pageRows{at: 2, entered: make(chan struct{})}
	ix := newIndex(t)
	srv := httptest.NewServer(validated(t, New(ix, Options{exportPage: 2, wrapExport: func(r exportRows) exportRows {
		rows.exportRows = r
		return rows
	}})))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/export?fields=id", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || !strings.Contains(line, `"id"`) {
		t.Fatalf("first line %q: %v", line, err)
	}
	<-rows.entered
	cancel() // the client leaves while the second page is read
	res.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rows.mu.Lock()
		ctxErr, calls := rows.ctxErr, rows.calls
		rows.mu.Unlock()
		if ctxErr != nil {
			if !errors.Is(ctxErr, context.Canceled) || calls != 2 {
				t.Errorf("page 2 saw %v after %d pages, want the cancellation and no page after", ctxErr, calls)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the export went on after its client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestExportFailingMidwayCutsTheBody(t *testing.T) {
	ix := newIndex(t)
	srv := httptest.NewServer(validated(t, New(ix, Options{exportPage: 1, wrapExport: func(r exportRows) exportRows {
		return &pageRows{exportRows: r, at: 3, fail: errors.New("disk on fire")}
	}})))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/export?fields=id")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if res.StatusCode != 200 || err == nil {
		t.Errorf("status %d, body %q, read error %v: want 200 and a body cut short", res.StatusCode, body, err)
	}
	if n := bytes.Count(body, []byte("\n")); n != 2 {
		t.Errorf("%d lines before the cut, want the 2 pages read", n)
	}
}

// blockingExport holds its export turn until released.
type blockingExport struct {
	*index.Index
	entered, release chan struct{}
}

func (b *blockingExport) Export(ctx context.Context, q index.Query, fields []string, page int) (*index.Exporter, error) {
	b.entered <- struct{}{}
	<-b.release
	return b.Index.Export(ctx, q, fields, page)
}

func TestExportsTakeTurns(t *testing.T) {
	store := &blockingExport{Index: newIndex(t), entered: make(chan struct{}), release: make(chan struct{})}
	srv := httptest.NewServer(validated(t, New(store, Options{MaxExports: 1, RequestTimeout: 200 * time.Millisecond})))
	defer srv.Close()
	first := make(chan int)
	go func() {
		res, err := http.Get(srv.URL + "/api/v1/export")
		if err != nil {
			first <- 0
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		first <- res.StatusCode
	}()
	<-store.entered
	// The first holds the only turn: the second waits for it, then gives up.
	if r := do(t, "GET", srv.URL+"/api/v1/export", ""); r.status != 503 || errorCode(r) != "overloaded" || !strings.Contains(errorMessage(r), "exports") {
		t.Errorf("second export: %d %s %q, want 503 overloaded", r.status, errorCode(r), errorMessage(r))
	}
	close(store.release)
	if status := <-first; status != 200 {
		t.Errorf("first export: %d", status)
	}
}

func TestSearchAfterOverHTTP(t *testing.T) {
	srv, _ := newServer(t, Options{})
	type page struct {
		Hits []struct{ ID string } `json:"hits"`
		Next string                `json:"next"`
	}
	read := func(method, query, body string) page {
		t.Helper()
		var r response
		if method == "GET" {
			r = do(t, method, srv.URL+"/api/v1/search?"+query, "")
		} else {
			r = do(t, method, srv.URL+"/api/v1/search", body)
		}
		var p page
		if err := json.Unmarshal([]byte(r.raw), &p); err != nil || r.status != 200 {
			t.Fatalf("%s %s%s: %d %s", method, query, body, r.status, r.raw)
		}
		return p
	}
	all := read("GET", "sort=published_at&size=10", "")
	var want []string
	for _, h := range all.Hits {
		want = append(want, h.ID)
	}
	for _, method := range []string{"GET", "POST"} {
		var got []string
		next, pages := "", 0
		for {
			var p page
			if method == "GET" {
				p = read("GET", "sort=published_at&size=1&search_after="+next, "")
			} else {
				p = read("POST", "", fmt.Sprintf(`{"sort":"published_at","size":1,"search_after":%q}`, next))
			}
			pages++
			for _, h := range p.Hits {
				got = append(got, h.ID)
			}
			if p.Next == "" {
				break
			}
			next = p.Next
		}
		if diff := cmp.Diff(want, got); diff != "" || pages != 4 {
			t.Errorf("%s: %d pages (-one page +cursors):\n%s", method, pages, diff)
		}
	}
	if r := do(t, "GET", srv.URL+"/api/v1/search?q=iran&search_after=abc", ""); r.status != 400 || !strings.HasPrefix(errorMessage(r), "search_after:") {
		t.Errorf("relevance with a cursor: %d %q", r.status, errorMessage(r))
	}
}

func TestDefuseFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"Talks in Damascus":    "Talks in Damascus",
		"=1+1":                 "'=1+1",
		"-5 degrees":           "'-5 degrees",
		"News;=HYPERLINK(x)":   "News;'=HYPERLINK(x)",
		"x;=a;@b;ok;+c":        "x;'=a;'@b;ok;'+c",
		"Iran;Israel":          "Iran;Israel",
		"a-b=c":                "a-b=c", // formula characters inside a part are text
		"\tTab;\rReturn":       "'\tTab;'\rReturn",
		"Smith; =not a start":  "Smith; =not a start",
		"United States;Russia": "United States;Russia",
	} {
		if got := defuseFormulas(in); got != want {
			t.Errorf("defuseFormulas(%q) = %q, want %q", in, got, want)
		}
	}
}
