package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
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
	if indexed, err := bulk(d.api, body); err != nil || indexed != n {
		t.Fatalf("load: %d %v", indexed, err)
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
	stats, err := d.api.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
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
	if stats, err = d.api.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
	if stats.Documents != n || stats.Path != filepath.Join(indexPath, "r1") {
		t.Errorf("after a reindex and a restart: %d documents at %s, want %d at %s/r1", stats.Documents, stats.Path, n, indexPath)
	}
	size := 0
	if res := d.search(t, client.SearchRequest{Countries: []string{"Syria"}, Size: &size}); res.Total != n {
		t.Errorf("country=Syria after the reindex: %d, want %d", res.Total, n)
	}
	d.stop(t)
}
