package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type reindexProgress struct {
	State    string `json:"state"`
	DocsDone int    `json:"docs_done"`
	Error    string `json:"error"`
}

func postReindex(t *testing.T, base string) int {
	t.Helper()
	res, err := http.Post(base+"/api/v1/admin/reindex", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestReindexOnline drives the real daemon: `searchd reindex` on its index
// points to the endpoint; a SIGKILL in the middle of an online reindex
// restarts on the old index with every article and nothing half-built
// left; a reindex run to its end survives a restart, which opens the new
// index.
func TestReindexOnline(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the daemon three times")
	}
	indexPath := filepath.Join(t.TempDir(), "idx")
	env := []string{"SEARCHD_INDEX_PATH=" + indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false"}
	d := start(t, env...)
	const n = 2000 // two pages of the copy: the kill comes after the first
	body, _ := syntheticBatch(0, n)
	if status, indexed, err := postBulk(d.base, body); err != nil || status != 200 || indexed != n {
		t.Fatalf("load: %d %d %v", status, indexed, err)
	}

	cmd := exec.Command(binary, "reindex")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "/api/v1/admin/reindex") || !strings.Contains(string(out), "running searchd") {
		t.Errorf("searchd reindex on a running daemon's index: %v\n%s", err, out)
	}

	if status := postReindex(t, d.base); status != 202 {
		t.Fatalf("POST reindex: %d", status)
	}
	for {
		var p reindexProgress
		getJSON(t, d.base+"/api/v1/admin/reindex", &p)
		if p.State != "running" {
			t.Fatalf("the reindex ended (%+v) before the kill: the test proved nothing", p)
		}
		if p.DocsDone > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := d.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-d.done

	d = start(t, env...)
	var stats struct {
		Documents int    `json:"documents"`
		Path      string `json:"path"`
	}
	getJSON(t, d.base+"/api/v1/stats", &stats)
	if stats.Documents != n || stats.Path != indexPath {
		t.Errorf("after a kill mid-reindex: %d documents at %s, want %d at %s", stats.Documents, stats.Path, n, indexPath)
	}
	if _, err := os.Stat(filepath.Join(indexPath, "r1")); !os.IsNotExist(err) {
		t.Errorf("the half-built index is still there: %v", err)
	}

	if status := postReindex(t, d.base); status != 202 {
		t.Fatalf("POST reindex: %d", status)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		var p reindexProgress
		getJSON(t, d.base+"/api/v1/admin/reindex", &p)
		if p.State == "done" {
			break
		}
		if p.State != "running" || time.Now().After(deadline) {
			t.Fatalf("reindex: %+v", p)
		}
		time.Sleep(20 * time.Millisecond)
	}
	d.stop(t)
	d = start(t, env...)
	getJSON(t, d.base+"/api/v1/stats", &stats)
	if stats.Documents != n || stats.Path != filepath.Join(indexPath, "r1") {
		t.Errorf("after a reindex and a restart: %d documents at %s, want %d at %s/r1", stats.Documents, stats.Path, n, indexPath)
	}
	var res searchResult
	getJSON(t, d.base+"/api/v1/search?country=Syria&size=0", &res)
	if res.Total != n {
		t.Errorf("country=Syria after the reindex: %d, want %d", res.Total, n)
	}
	d.stop(t)
}
