package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// listeningPorts returns the TCP ports the process pid listens on, from
// its socket descriptors and the kernel's socket tables (Linux).
func listeningPorts(t *testing.T, pid int) []int {
	t.Helper()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join(fmt.Sprintf("/proc/%d/fd", pid), fd.Name()))
		if err == nil && strings.HasPrefix(target, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(target, "socket:["), "]")] = true
		}
	}
	var ports []int
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue // no IPv6
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // the header
		for sc.Scan() {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] { // 0A: LISTEN
				continue
			}
			_, hexPort, _ := strings.Cut(fields[1], ":")
			if port, err := strconv.ParseInt(hexPort, 16, 32); err == nil {
				ports = append(ports, int(port))
			}
		}
		f.Close()
	}
	slices.Sort(ports)
	return ports
}

func portOf(t *testing.T, base string) int {
	t.Helper()
	i := strings.LastIndexByte(base, ':')
	port, err := strconv.Atoi(strings.TrimRight(base[i+1:], "/"))
	if err != nil {
		t.Fatalf("no port in %q", base)
	}
	return port
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

// TestDaemonMetricsAndNoPprof: by default the daemon serves /metrics with
// the index's counts and listens on http.addr alone.
func TestDaemonMetricsAndNoPprof(t *testing.T) {
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"))
	if runtime.GOOS == "linux" {
		if got, want := listeningPorts(t, d.cmd.Process.Pid), []int{portOf(t, d.base)}; !slices.Equal(got, want) {
			t.Errorf("listening on %v, want only http.addr %v", got, want)
		}
	}
	if strings.Contains(d.logs.String(), "pprof") {
		t.Errorf("pprof mentioned in the log without debug.pprof_addr:\n%s", d.logs)
	}
	if code, _ := get(t, d.base+"/debug/pprof/"); code != 404 {
		t.Errorf("/debug/pprof/ on http.addr = %d, want 404", code)
	}
	if code, _ := get(t, d.base+"/api/v1/search?q=Iran"); code != 200 {
		t.Fatalf("search = %d", code)
	}
	res, err := http.Get(d.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	gauge := func(name string) float64 {
		f := families[name]
		if f == nil || len(f.GetMetric()) == 0 {
			t.Errorf("%s not served", name)
			return 0
		}
		m := f.GetMetric()[0]
		if m.Counter != nil {
			return m.GetCounter().GetValue()
		}
		return m.GetGauge().GetValue()
	}
	// testdata was loaded through the observed index.
	docs, ingested := gauge("searchd_index_documents"), gauge("searchd_articles_ingested_total")
	if docs == 0 || ingested != docs {
		t.Errorf("index documents %v, articles ingested %v: want the testdata count twice", docs, ingested)
	}
	if gauge("searchd_index_disk_bytes") == 0 {
		t.Error("index on disk, but searchd_index_disk_bytes is 0")
	}
	if gauge("go_goroutines") == 0 || gauge("process_resident_memory_bytes") == 0 {
		t.Error("Go runtime or process metrics missing")
	}
	d.stop(t)
}

var pprofRE = regexp.MustCompile(`msg="pprof listening" addr=(http://\S+)`)

// TestDaemonPprof: with debug.pprof_addr the profiler answers on its own
// listener, never on http.addr, and goes away with the daemon.
func TestDaemonPprof(t *testing.T) {
	d := start(t, "SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_DEBUG_PPROF_ADDR=127.0.0.1:0")
	m := pprofRE.FindStringSubmatch(d.logs.String())
	if m == nil {
		t.Fatalf("no pprof address in the log:\n%s", d.logs)
	}
	pprof := m[1] // http://127.0.0.1:PORT/debug/pprof/
	if runtime.GOOS == "linux" {
		want := []int{portOf(t, d.base), portOf(t, strings.TrimSuffix(pprof, "/debug/pprof/"))}
		slices.Sort(want)
		if got := listeningPorts(t, d.cmd.Process.Pid); !slices.Equal(got, want) {
			t.Errorf("listening on %v, want %v (API and pprof)", got, want)
		}
	}
	if code, body := get(t, pprof); code != 200 || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof index = %d %.200s", code, body)
	}
	if code, body := get(t, pprof+"cmdline"); code != 200 || !strings.Contains(body, "serve") {
		t.Errorf("pprof cmdline = %d %q", code, body)
	}
	if code, body := get(t, pprof+"heap?debug=1"); code != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("pprof heap = %d %.200s", code, body)
	}
	if code, _ := get(t, d.base+"/debug/pprof/"); code != 404 {
		t.Errorf("/debug/pprof/ on http.addr = %d, want 404", code)
	}
	d.stop(t)
	if _, err := http.Get(pprof); err == nil {
		t.Error("pprof still answers after the daemon stopped")
	}
}

// TestPprofRemoteRefused: a non-loopback pprof address stops the daemon
// at start, naming the key.
func TestPprofRemoteRefused(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "SEARCHD_HTTP_ADDR=127.0.0.1:0", "SEARCHD_DEBUG_PPROF_ADDR=0.0.0.0:0",
		"SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"))
	raw, err := cmd.CombinedOutput()
	out := string(raw)
	if err == nil || !strings.Contains(out, "debug.pprof_addr") || !strings.Contains(out, "pprof_allow_remote") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
}

// TestMetricsRequireKeyNeedsAKey: metrics.require_key without any key would
// lock every scraper out; the daemon refuses to start, naming the key.
func TestMetricsRequireKeyNeedsAKey(t *testing.T) {
	cmd := exec.Command(binary, "serve")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "SEARCHD_HTTP_ADDR=127.0.0.1:0", "SEARCHD_METRICS_REQUIRE_KEY=true",
		"SEARCHD_INDEX_PATH="+filepath.Join(t.TempDir(), "idx"))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "metrics.require_key") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
}
