package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
)

// syntheticBatch returns NDJSON for articles batch*size .. batch*size+size-1.
func syntheticBatch(batch, size int) (string, []string) {
	var b strings.Builder
	var ids []string
	for i := range size {
		n := batch*size + i
		id := fmt.Sprintf("dur-%06d", n)
		ids = append(ids, id)
		fmt.Fprintf(&b, `{"id":%q,"title":"Report %d on Iran and Syria","body":"Iranian officials met in Damascus on Monday, report %d said. The talks covered trade with Russia and the United States.","source":"Durability Wire","published_at":"2024-%02d-%02dT10:00:00Z"}`+"\n",
			id, n, n, 1+n%12, 1+n%28)
	}
	return b.String(), ids
}

// bulk posts NDJSON; nil means the daemon acknowledged it (200), and
// indexed is what it indexed.
func bulk(c *client.Client, body string) (indexed int, err error) {
	res, err := c.Bulk(context.Background(), strings.NewReader(body))
	if res != nil {
		indexed = res.Indexed
	}
	return indexed, err
}

// TestKillDuringBulkLosesNothingAcknowledged streams bulk loads from several
// clients, SIGKILLs the daemon at a random moment, restarts it, and checks
// that every acknowledged article is there and that retrying every batch
// creates no duplicates.
func TestKillDuringBulkLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the daemon twice")
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	// Counted from the first acknowledgement, so that a slow machine (the
	// race detector, other jobs) still kills during ingestion, not before.
	killAfter := time.Duration(rng.IntN(1500)) * time.Millisecond
	t.Logf("seed %d: SIGKILL %s after the first acknowledged batch", seed, killAfter)

	indexPath := filepath.Join(t.TempDir(), "idx")
	env := []string{"SEARCHD_INDEX_PATH=" + indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false", "SEARCHD_INGEST_BATCH_SIZE=20"}
	d := start(t, env...)

	const clients, batchSize, maxBatches = 3, 50, 400
	var mu sync.Mutex
	acked := map[string]bool{}
	sent := 0
	firstAck := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	next := make(chan int)
	go func() {
		defer close(next)
		for b := range maxBatches {
			next <- b
		}
	}()
	for range clients {
		wg.Go(func() {
			for b := range next {
				body, ids := syntheticBatch(b, batchSize)
				mu.Lock()
				sent = max(sent, b+1)
				mu.Unlock()
				indexed, err := bulk(d.api, body)
				if err != nil {
					return // the daemon is gone: this batch is not acknowledged
				}
				if indexed != batchSize {
					t.Errorf("batch %d: indexed %d of %d", b, indexed, batchSize)
				}
				mu.Lock()
				for _, id := range ids {
					acked[id] = true
				}
				mu.Unlock()
				once.Do(func() { close(firstAck) })
			}
		})
	}
	select {
	case <-firstAck:
	case <-time.After(2 * time.Minute):
		t.Fatalf("no batch acknowledged within two minutes\n%s", d.logs)
	}
	time.Sleep(killAfter)
	if err := d.cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	<-d.done
	wg.Wait()
	t.Logf("acknowledged %d articles in %d batches before the kill; %d batches sent", len(acked), len(acked)/batchSize, sent)

	d = start(t, env...)
	if n := d.documents(t); n < uint64(len(acked)) {
		t.Errorf("after the kill %d documents, but %d were acknowledged", n, len(acked))
	}
	missing := 0
	for id := range acked {
		_, err := d.api.GetArticle(context.Background(), id)
		var e *client.Error
		switch {
		case errors.As(err, &e) && e.StatusCode == 404:
			missing++
		case err != nil:
			t.Fatal(err)
		}
	}
	if missing > 0 {
		t.Errorf("%d acknowledged articles lost by the kill", missing)
	}
	// Retry every batch that was sent, acknowledged or not: ids make it idempotent.
	for b := range sent {
		body, _ := syntheticBatch(b, batchSize)
		if indexed, err := bulk(d.api, body); err != nil || indexed != batchSize {
			t.Fatalf("retry batch %d: indexed %d, %v", b, indexed, err)
		}
	}
	if n := d.documents(t); n != uint64(sent*batchSize) {
		t.Errorf("after retrying %d batches: %d documents, want %d (no duplicates)", sent, n, sent*batchSize)
	}
	if res := d.search(t, client.SearchRequest{Sources: []string{"Durability Wire"}, Size: new(0)}); res.Total != uint64(sent*batchSize) {
		t.Errorf("search finds %d, want %d", res.Total, sent*batchSize)
	}
	d.stop(t)
}

// TestTornIndexFailsLoudly damages a segment file and expects the daemon to
// refuse to start rather than serve an empty or partial index silently.
func TestTornIndexFailsLoudly(t *testing.T) {
	indexPath := filepath.Join(t.TempDir(), "idx")
	env := []string{"SEARCHD_INDEX_PATH=" + indexPath, "SEARCHD_INGEST_LOAD_TESTDATA=false"}
	d := start(t, env...)
	body, _ := syntheticBatch(0, 100)
	if _, err := bulk(d.api, body); err != nil {
		t.Fatalf("bulk: %v", err)
	}
	d.stop(t)

	segments, _ := filepath.Glob(filepath.Join(indexPath, "store", "*.zap"))
	if len(segments) == 0 {
		t.Fatal("no segment files found")
	}
	for _, seg := range segments {
		data, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		// A torn write: the file ends half-way.
		if err := os.WriteFile(seg, data[:len(data)/2], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), append(env, "SEARCHD_HTTP_ADDR=127.0.0.1:0")...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("daemon started on a torn index:\n%s", out.String())
		}
		// Either the generation check catches the rollback, or Bleve itself
		// cannot open what is left (the mapping lives in the segments too).
		if !strings.Contains(out.String(), "rolled back") && !strings.Contains(out.String(), "is damaged") {
			t.Fatalf("daemon refused, but not for the torn index:\n%s", out.String())
		}
		t.Logf("refused as expected: %s", strings.TrimSpace(out.String()))
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("daemon kept running on a torn index:\n%s", out.String())
	}
}
