package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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

func send(t *testing.T, method, u, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %s", method, u, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// TestFullDiskIsReadOnlyUntilSpaceReturns fills the index's filesystem:
// writes are refused with 507 before Bleve is asked, reads keep working,
// the idle daemon does not spin, and writes resume once space is freed.
func TestFullDiskIsReadOnlyUntilSpaceReturns(t *testing.T) {
	dir := mountTmpfs(t)
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(dir, "idx"), "SEARCHD_INDEX_MIN_FREE_BYTES=8388608")
	article := `{"id":"disk-%d","title":"Sanctions on Iran","body":"Iranian officials in Tehran said on Monday.","published_at":"2024-04-12"}`

	filler := fill(t, dir, 4<<20) // under the 8 MiB reserve
	code, body := send(t, "POST", d.base+"/api/v1/articles", fmt.Sprintf(article, 1))
	if code != http.StatusInsufficientStorage || !strings.Contains(fmt.Sprint(body), "insufficient_storage") {
		t.Fatalf("POST on a full disk: %d %v, want 507 insufficient_storage", code, body)
	}
	code, body = send(t, "POST", d.base+"/api/v1/articles/_bulk", fmt.Sprintf(article, 2)+"\n"+fmt.Sprintf(article, 3)+"\n")
	// Refused before its body is read: nothing of it indexed.
	if code != http.StatusInsufficientStorage || body["indexed"] != nil && body["indexed"] != float64(0) {
		t.Fatalf("bulk on a full disk: %d %v, want 507 with nothing indexed", code, body)
	}
	if strings.Contains(fmt.Sprint(body), dir) {
		t.Errorf("the answer names the index's path: %v", body)
	}
	var res searchResult
	if code := getJSON(t, d.base+"/api/v1/search?q=Iran&facets=country", &res); code != 200 || res.Total == 0 {
		t.Fatalf("search on a full disk: %d, %d hits", code, res.Total)
	}
	if code := getJSON(t, d.base+"/api/v1/articles/"+res.Hits[0].ID, nil); code != 200 {
		t.Fatalf("article GET on a full disk: %d", code)
	}
	var ready map[string]any
	if code := getJSON(t, d.base+"/readyz", &ready); code != 200 || ready["status"] != "read_only" {
		t.Errorf("readyz on a full disk: %d %v, want 200 read_only (reads are served)", code, ready)
	}
	if code := getJSON(t, d.base+"/readyz?writes=true", &ready); code != http.StatusServiceUnavailable {
		t.Errorf("readyz?writes=true on a full disk: %d %v, want 503 read_only", code, ready)
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
	if code, body := send(t, "POST", d.base+"/api/v1/articles", fmt.Sprintf(article, 4)); code != http.StatusCreated {
		t.Fatalf("POST after space returned: %d %v, want 201", code, body)
	}
	if code := getJSON(t, d.base+"/readyz", nil); code != 200 {
		t.Errorf("readyz after space returned: %d", code)
	}
	d.stop(t)
}
