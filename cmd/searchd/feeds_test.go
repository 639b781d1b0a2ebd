package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
)

// feedSite serves the feeds package's test site.
func feedSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join("..", "..", "feeds", "testdata", "site"))))
	t.Cleanup(srv.Close)
	return srv
}

func TestIngestURLCommand(t *testing.T) {
	site := feedSite(t)
	indexPath := filepath.Join(t.TempDir(), "idx")
	env := append(os.Environ(), "SEARCHD_INDEX_PATH="+indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false")

	// The test site is on 127.0.0.1: refused unless private addresses are allowed.
	cmd := exec.Command(binary, "ingest", site.URL+"/rss.xml")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "refused to connect to 127.0.0.1: a loopback address") {
		t.Errorf("ingest from a loopback server with the default config: %v\n%s", err, out)
	}

	cmd = exec.Command(binary, "ingest", site.URL+"/rss.xml", site.URL+"/news/no-date.html")
	cmd.Env = append(env, "SEARCHD_FEEDS_ALLOW_PRIVATE_ADDRESSES=true")
	out, err = cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), `feed "Coast and Valley News": 4 items, 4 indexed (1 from the feed's own text)`) ||
		!strings.Contains(string(out), `page "Choir seeks new members": 1 indexed`) {
		t.Errorf("ingest: %v\n%s", err, out)
	}

	cmd = exec.Command(binary, "ingest", site.URL+"/rss.xml", "some/file.json")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); exitStatus(err) != 2 || !strings.Contains(string(out), "separate runs") {
		t.Errorf("URLs and files together: %v\n%s", err, out)
	}

	d := start(t, "SEARCHD_INDEX_PATH="+indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false", "SEARCHD_FEEDS_ALLOW_PRIVATE_ADDRESSES=true")
	if res := d.search(t, client.SearchRequest{Q: `"ferry terminal" lighthouse`}); res.Total != 1 {
		t.Errorf("search after ingest: %+v", res)
	}
	// --server sends to the running daemon instead.
	cmd = exec.Command(binary, "ingest", "--server", d.base, site.URL+"/feed.json")
	cmd.Env = append(env, "SEARCHD_FEEDS_ALLOW_PRIVATE_ADDRESSES=true")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "2 items, 2 indexed") {
		t.Errorf("ingest --server: %v\n%s", err, out)
	}
	if res := d.search(t, client.SearchRequest{Q: "sleeper"}); res.Total != 1 {
		t.Errorf("search after ingest --server: %+v", res)
	}
	d.stop(t)
}

// getJSON decodes the answer of a GET.
func getJSON(t *testing.T, u string, into any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func exitStatus(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func TestDaemonPollsFeedsAddedAtRunTime(t *testing.T) {
	site := feedSite(t)
	dir := t.TempDir()
	env := []string{"SEARCHD_INDEX_PATH=" + filepath.Join(dir, "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_FEEDS_ALLOW_PRIVATE_ADDRESSES=true"}
	d := start(t, env...)
	body := `{"url":"` + site.URL + `/atom.xml","interval":"10m"}`
	res, err := http.Post(d.base+"/api/v1/feeds", "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/feeds: %s", res.Status)
	}
	type feedList struct {
		Feeds []struct {
			ID, URL, Status, Origin string
			Articles                int
		} `json:"feeds"`
	}
	var list feedList
	deadline := time.Now().Add(60 * time.Second)
	for {
		getJSON(t, d.base+"/api/v1/feeds", &list)
		if len(list.Feeds) == 1 && list.Feeds[0].Status == "ok" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed was not polled: %+v\n%s", list, d.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if list.Feeds[0].Articles != 2 {
		t.Errorf("feed status %+v, want 2 articles", list.Feeds[0])
	}
	d.stop(t)
	if _, err := os.Stat(filepath.Join(dir, "feeds.json")); err != nil {
		t.Errorf("no state file beside the index: %v", err)
	}

	d = start(t, env...)
	getJSON(t, d.base+"/api/v1/feeds", &list)
	if len(list.Feeds) != 1 || list.Feeds[0].Origin != "api" || list.Feeds[0].Articles != 2 || !strings.HasSuffix(list.Feeds[0].URL, "/atom.xml") {
		t.Errorf("after a restart: %+v, want the feed added before", list)
	}
	if res := d.search(t, client.SearchRequest{Q: "reservoirs"}); res.Total != 1 {
		t.Errorf("search for a polled story: %+v", res)
	}
	d.stop(t)
}

func TestHasURLArgs(t *testing.T) {
	for args, want := range map[string]bool{
		"a.json b/":                                  false,
		"https://x.example/rss.xml":                  true,
		"--config c.yaml http://x.example/":          true,
		"--server http://127.0.0.1:8080 a.json":      false,
		"--server http://127.0.0.1:8080 https://x/a": true,
		"--server=http://127.0.0.1:8080 a.json":      false,
	} {
		if got := hasURLArgs(strings.Fields(args)); got != want {
			t.Errorf("hasURLArgs(%s) = %v, want %v", args, got, want)
		}
	}
}
