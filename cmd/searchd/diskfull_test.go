package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/searchd/searchd/client"
	"golang.org/x/sys/unix"
)

// tmpfsSize is the small filesystem the disk-full test fills.
const tmpfsSize = 64 << 20

// mountTmpfs mounts a small tmpfs for the test, or skips it when the test
// cannot (not root, or no mount permission in this container).
func mountTmpfs(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("disk-full test needs root to mount a small tmpfs; run the suite as root to include it")
	}
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(tmpfsSize), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("disk-full test skipped: cannot mount a tmpfs (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file leaving about leave bytes free on dir's filesystem.
func fill(t *testing.T, dir string, leave uint64) string {
	t.Helper()
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := st.Bavail * uint64(st.Bsize)
	if free <= leave {
		t.Fatalf("only %d bytes free before filling", free)
	}
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for left := free - leave; left > 0; {
		n := min(left, uint64(len(chunk)))
		if _, err := f.Write(chunk[:n]); err != nil {
			t.Fatal(err)
		}
		left -= n
	}
	return path
}

// cpuSeconds is the CPU time a process has used, from /proc.
func cpuSeconds(t *testing.T, pid int) float64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100 // clock ticks; 100 a second on Linux
}

// TestFullDiskIsReadOnlyUntilSpaceReturns fills the index's filesystem:
// writes are refused with 507 before Bleve is asked, reads keep working,
// the idle daemon does not spin, and writes resume once space is freed.
func TestFullDiskIsReadOnlyUntilSpaceReturns(t *testing.T) {
	dir := mountTmpfs(t)
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(dir, "idx"), "SEARCHD_INDEX_MIN_FREE_BYTES=8388608")
	ctx := context.Background()
	article := func(n int) client.ArticleInput {
		return client.ArticleInput{ID: fmt.Sprintf("disk-%d", n), Title: "Sanctions on Iran", Body: "Iranian officials in Tehran said on Monday.",
			PublishedAt: time.Date(2024, 4, 12, 0, 0, 0, 0, time.UTC)}
	}
	filler := fill(t, dir, 4<<20) // under the 8 MiB reserve
	_, err := d.api.AddArticle(ctx, article(1))
	var e *client.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusInsufficientStorage || e.Code != client.CodeInsufficientStorage {
		t.Fatalf("POST on a full disk: %v, want 507 insufficient_storage", err)
	}
	res, err := d.api.BulkArticles(ctx, []client.ArticleInput{article(2), article(3)})
	// Refused before its body is read: nothing of it indexed.
	if !client.HasCode(err, client.CodeInsufficientStorage) || res != nil && res.Indexed != 0 {
		t.Fatalf("bulk on a full disk: %v %+v, want 507 with nothing indexed", err, res)
	}
	if strings.Contains(err.Error(), dir) {
		t.Errorf("the answer names the index's path: %v", err)
	}
	found := d.search(t, client.SearchRequest{Q: "Iran", Facets: []string{"country"}})
	if found.Total == 0 {
		t.Fatalf("search on a full disk: %d hits", found.Total)
	}
	if _, err := d.api.GetArticle(ctx, found.Hits[0].ID); err != nil {
		t.Fatalf("article GET on a full disk: %v", err)
	}
	if ready, err := d.api.Readyz(ctx, client.ReadyRequest{}); err != nil || ready.Status != "read_only" || ready.Writable || ready.Reason == "" {
		t.Errorf("readyz on a full disk: %+v %v, want 200 read_only (reads are served)", ready, err)
	}
	if _, err := d.api.Readyz(ctx, client.ReadyRequest{Writes: true}); !client.HasCode(err, client.CodeReadOnly) {
		t.Errorf("readyz?writes=true on a full disk: %v, want 503 read_only", err)
	}
	before := cpuSeconds(t, d.cmd.Process.Pid)
	time.Sleep(2 * time.Second)
	used := cpuSeconds(t, d.cmd.Process.Pid) - before
	t.Logf("idle on a full disk: %.2f s of CPU in 2 s", used)
	if used > 1 { // a spinning persister burns about 1.8 cores
		t.Errorf("the idle daemon used %.2f s of CPU in 2 s on a full disk", used)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := d.api.AddArticle(ctx, article(4)); err != nil {
		t.Fatalf("POST after space returned: %v, want 201", err)
	}
	if ready, err := d.api.Readyz(ctx, client.ReadyRequest{Writes: true}); err != nil || ready.Status != "ready" {
		t.Errorf("readyz after space returned: %+v %v", ready, err)
	}
	d.stop(t)
}
