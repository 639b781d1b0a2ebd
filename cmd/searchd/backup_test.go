package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupWhileWritingThenRestore snapshots a daemon that is taking bulk
// writes and restores the snapshot to exactly the documents it reported.
func TestBackupWhileWritingThenRestore(t *testing.T) {
	dir := t.TempDir()
	indexPath := filepath.Join(dir, "idx")
	backups := filepath.Join(dir, "backups")
	env := []string{"SEARCHD_INDEX_PATH=" + indexPath, "SEARCHD_INDEX_BACKUP_DIR=" + backups,
		"SEARCHD_INGEST_LOAD_TESTDATA=false", "SEARCHD_INGEST_BATCH_SIZE=10"}
	d := start(t, env...)

	const batchSize = 20
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := 0; ; b++ {
			select {
			case <-stop:
				return
			default:
			}
			body, _ := syntheticBatch(b, batchSize)
			if indexed, err := bulk(d.api, body); err == nil {
				acked.Add(int64(indexed))
			}
		}
	})
	for acked.Load() < 100 { // let some writes land first
		time.Sleep(10 * time.Millisecond)
	}
	before := acked.Load()
	out, err := exec.Command(binary, "backup", "--server", d.base, "snap1").CombinedOutput()
	after := acked.Load()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	var info struct {
		Path      string
		Documents int64
	}
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatalf("backup output %q: %v", out, err)
	}
	// Writes of 20 articles land in commits of 10, so the snapshot can end
	// half-way through the batch in flight.
	if info.Documents < before || info.Documents > after+batchSize {
		t.Errorf("backup holds %d documents; %d were acknowledged before it and %d after", info.Documents, before, after)
	}
	t.Logf("backup of %d documents taken while writing (%d acknowledged before, %d after)", info.Documents, before, after)
	if again, err := exec.Command(binary, "backup", "--server", d.base, "snap1").CombinedOutput(); err == nil || !strings.Contains(string(again), "exists") {
		t.Errorf("second backup under the same name: %v %s", err, again)
	}
	d.stop(t)

	restored := filepath.Join(dir, "restored")
	cmd := exec.Command(binary, "restore", filepath.Join(backups, "snap1"))
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+restored)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	d = start(t, "SEARCHD_INDEX_PATH="+restored, "SEARCHD_INGEST_LOAD_TESTDATA=false")
	if n := d.documents(t); n != uint64(info.Documents) {
		t.Errorf("restored index has %d documents, backup reported %d", n, info.Documents)
	}
	d.stop(t)

	// A mistyped backup path is refused and creates nothing.
	cmd = exec.Command(binary, "restore", "--force", filepath.Join(backups, "snap-typo"))
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+restored)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not a usable backup") {
		t.Errorf("restore from a missing path: %v %s", err, out)
	}
	if _, err := os.Stat(filepath.Join(backups, "snap-typo")); err == nil {
		t.Errorf("restore created the mistyped backup path")
	}

	// Restoring over the index of a running daemon is refused.
	d = start(t, "SEARCHD_INDEX_PATH="+restored, "SEARCHD_INGEST_LOAD_TESTDATA=false")
	cmd = exec.Command(binary, "restore", "--force", filepath.Join(backups, "snap1"))
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+restored)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "in use") {
		t.Errorf("restore under a running daemon: %v %s", err, out)
	}
	d.stop(t)

	// Restoring over an existing index needs --force.
	cmd = exec.Command(binary, "restore", filepath.Join(backups, "snap1"))
	cmd.Env = append(os.Environ(), "SEARCHD_INDEX_PATH="+restored)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "--force") {
		t.Errorf("restore over an index without --force: %v %s", err, out)
	}
}
