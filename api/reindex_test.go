package api

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
)

// waitReindex polls the reindex status until it is no longer running.
func waitReindex(t *testing.T, url, key string) response {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := doWithKey(t, "GET", url+"/api/v1/admin/reindex", key, "")
		if r.status != 200 {
			t.Fatalf("status: %d %s", r.status, r.raw)
		}
		if r.body["state"] != index.ReindexRunning {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("reindex still running after 30s: %s", r.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// doWithKey sends a request with a bearer key, a body as JSON.
func doWithKey(t *testing.T, method, url, key, body string) response {
	t.Helper()
	h := map[string][]string{}
	if key != "" {
		h["Authorization"] = []string{"Bearer " + key}
	}
	if body != "" {
		h["Content-Type"] = []string{"application/json"}
	}
	return doWith(t, method, url, body, h)
}

func TestReindexEndpoints(t *testing.T) {
	srv, ix := newServer(t, Options{WriteKeys: []string{writeKey}, ReadKeys: []string{readKey}})
	if r := doWithKey(t, "GET", srv.URL+"/api/v1/admin/reindex", writeKey, ""); r.status != 200 || r.body["state"] != "idle" {
		t.Errorf("before any: %d %s", r.status, r.raw)
	}
	for _, tt := range []struct {
		method, key string
		status      int
	}{
		{"POST", "", 401}, {"POST", readKey, 403}, {"GET", "", 401}, {"GET", readKey, 403},
	} {
		if r := doWithKey(t, tt.method, srv.URL+"/api/v1/admin/reindex", tt.key, ""); r.status != tt.status {
			t.Errorf("%s with key %q: %d, want %d", tt.method, tt.key, r.status, tt.status)
		}
	}
	if r := doWithKey(t, "POST", srv.URL+"/api/v1/admin/reindex", writeKey, `{"fast":true}`); r.status != 400 {
		t.Errorf("with options: %d %s", r.status, r.raw)
	}
	if r := doWithKey(t, "DELETE", srv.URL+"/api/v1/admin/reindex", writeKey, ""); r.status != 405 || r.header.Get("Allow") != "GET, POST" {
		t.Errorf("DELETE: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
	r := doWithKey(t, "POST", srv.URL+"/api/v1/admin/reindex", writeKey, "")
	if r.status != 202 || r.body["state"] != index.ReindexRunning || r.body["docs_total"] != float64(len(articles)) {
		t.Fatalf("start: %d %s", r.status, r.raw)
	}
	done := waitReindex(t, srv.URL, writeKey)
	if done.body["state"] != index.ReindexDone || done.body["docs_done"] != float64(len(articles)) || done.body["finished"] == nil {
		t.Errorf("after: %s", done.raw)
	}
	if r := doWithKey(t, "GET", srv.URL+"/api/v1/search?q=quds", readKey, ""); r.status != 200 || r.body["total"] != float64(2) {
		t.Errorf("search after the reindex: %d %s", r.status, r.raw)
	}
	if st := ix.ReindexStatus(); st.State != index.ReindexDone {
		t.Errorf("index status %+v", st)
	}
}

// busyReindex is an index whose reindex is always already running.
type busyReindex struct{ *index.Index }

func (busyReindex) StartReindex() (index.ReindexStatus, error) {
	return index.ReindexStatus{}, fmt.Errorf("a reindex is already running (3 of 9 articles copied): %w", index.ErrConflict)
}

func (busyReindex) ReindexStatus() index.ReindexStatus {
	return index.ReindexStatus{State: index.ReindexFailed, Error: "reindex: open /var/lib/searchd/idx/r1: no space left: " + index.ErrNoSpace.Error()}
}

func TestReindexConflictAndRedaction(t *testing.T) {
	srv := httptest.NewServer(validated(t, New(busyReindex{newIndex(t)}, Options{})))
	defer srv.Close()
	r := do(t, "POST", srv.URL+"/api/v1/admin/reindex", "")
	if r.status != 409 || errorCode(r) != "conflict" || errorMessage(r) != "a reindex is already running (3 of 9 articles copied)" {
		t.Errorf("second reindex: %d %s %q", r.status, errorCode(r), errorMessage(r))
	}
	r = do(t, "GET", srv.URL+"/api/v1/admin/reindex", "")
	if msg, _ := r.body["error"].(string); r.status != 200 || strings.Contains(msg, "/var/lib") || !strings.Contains(msg, "<path>") {
		t.Errorf("status error %q: the index's paths must not reach clients", msg)
	}
}
