package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Service is a searchd daemon started from its binary on a loopback port
// with an empty index in a directory of its own.
type Service struct {
	cmd    *exec.Cmd
	base   string
	dir    string
	client *http.Client
	exited chan error
	// NoCache sends "Cache-Control: no-cache", so that every search is
	// computed as the raw reference computes it. Set it between loads.
	NoCache bool
}

// StartService starts bin serving an index under dir, without test data,
// and waits until it is ready. Its log goes to logw.
func StartService(ctx context.Context, bin, dir string, logw io.Writer) (*Service, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("pick a port: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir // so that no ./config.yaml of the caller is read
	cmd.Env = append(os.Environ(),
		"SEARCHD_HTTP_ADDR="+addr,
		"SEARCHD_INDEX_PATH="+filepath.Join(dir, "index"),
		"SEARCHD_INDEX_BACKUP_DIR="+filepath.Join(dir, "backups"),
		"SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_LOG_LEVEL=warn",
		"SEARCHD_HTTP_READ_TIMEOUT=2h",
		"SEARCHD_HTTP_WRITE_TIMEOUT=2h",
		"SEARCHD_HTTP_REQUEST_TIMEOUT=60s",
	)
	cmd.Stdout, cmd.Stderr = logw, logw
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Service{cmd: cmd, base: "http://" + addr, dir: dir, exited: make(chan error, 1),
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}}
	go func() { s.exited <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-s.exited:
			return nil, fmt.Errorf("searchd exited before it was ready: %v", err)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := s.client.Get(s.base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, errors.New("searchd not ready after 60s")
		}
	}
}

// PID is the daemon's process id.
func (s *Service) PID() int { return s.cmd.Process.Pid }

// PeakRSS is the daemon's VmHWM so far, in bytes.
func (s *Service) PeakRSS() int64 { return vmHWM(s.PID()) }

// Stop sends SIGTERM and waits for the daemon to exit (SIGKILL after 60s).
func (s *Service) Stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		if err != nil {
			return fmt.Errorf("searchd stopped: %w", err)
		}
		return nil
	case <-time.After(60 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return errors.New("searchd did not stop within 60s of SIGTERM; killed")
	}
}

// bulkResult is the bulk endpoint's answer.
type bulkResult struct {
	Indexed int `json:"indexed"`
	Failed  int `json:"failed"`
	Errors  []struct {
		Line  int    `json:"line"`
		Error string `json:"error"`
	} `json:"errors"`
}

// Bulk posts the NDJSON file in requests of linesPerRequest lines, from
// clients concurrent connections, and returns how many articles were indexed.
func (s *Service) Bulk(ctx context.Context, path string, linesPerRequest, clients int) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	bodies := make(chan []byte)
	var (
		mu       sync.Mutex
		indexed  int
		firstErr error
	)
	var wg sync.WaitGroup
	for range max(clients, 1) {
		wg.Go(func() {
			for body := range bodies {
				n, err := s.postBulk(ctx, body)
				mu.Lock()
				indexed += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	br := bufio.NewReaderSize(f, 1<<20)
	var buf bytes.Buffer
	lines := 0
	var readErr error
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			buf.Write(line)
			lines++
		}
		if lines >= linesPerRequest || (err != nil && buf.Len() > 0) {
			bodies <- bytes.Clone(buf.Bytes())
			buf.Reset()
			lines = 0
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = err
			}
			break
		}
	}
	close(bodies)
	wg.Wait()
	if readErr != nil {
		return indexed, fmt.Errorf("read corpus: %w", readErr)
	}
	return indexed, firstErr
}

func (s *Service) postBulk(ctx context.Context, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/api/v1/articles/_bulk", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("bulk request: %w", err)
	}
	defer resp.Body.Close()
	var res bulkResult
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("read bulk response: %w", err)
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return 0, fmt.Errorf("decode bulk response (%s): %w", resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		return res.Indexed, fmt.Errorf("bulk request: %s: %s", resp.Status, truncate(raw, 300))
	}
	if res.Failed > 0 {
		msg := ""
		if len(res.Errors) > 0 {
			msg = fmt.Sprintf(" (line %d: %s)", res.Errors[0].Line, res.Errors[0].Error)
		}
		return res.Indexed, fmt.Errorf("bulk request: %d articles failed%s", res.Failed, msg)
	}
	return res.Indexed, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// SearchAnswer is the part of a search response the benchmark checks:
// the total, the hit ids and the facet values with their counts.
type SearchAnswer struct {
	Total uint64 `json:"total"`
	Hits  []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
}

// Search runs q over HTTP; with decode it parses the answer, else it only
// reads it to the end.
func (s *Service) Search(ctx context.Context, q QuerySpec, decode bool) (*SearchAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/v1/search?"+q.Values().Encode(), nil)
	if err != nil {
		return nil, err
	}
	if s.NoCache {
		req.Header.Set("Cache-Control", "no-cache")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read search response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("search %q: %s: %s", q.Q, resp.Status, truncate(raw, 300))
	}
	if !decode {
		return nil, nil
	}
	var a SearchAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("decode search response: %w", err)
	}
	return &a, nil
}

// dirSize sums the sizes of the files under dir.
func dirSize(dir string) (int64, error) {
	n, _, err := dirStats(dir)
	return n, err
}

// dirStats sums the sizes of the files under dir and counts the Scorch
// segment files (*.zap) among them.
func dirStats(dir string) (n int64, segments int, err error) {
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // Scorch removes obsolete files concurrently
				return nil
			}
			return err
		}
		if !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
			if strings.HasSuffix(d.Name(), ".zap") {
				segments++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("measure %s: %w", dir, err)
	}
	return n, segments, nil
}

// Suggest asks the search box's suggestions for prefix.
func (s *Service) Suggest(ctx context.Context, prefix string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/v1/suggest?size=10&q="+url.QueryEscape(prefix), nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("suggest: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read suggest response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("suggest %q: %s: %s", prefix, resp.Status, truncate(raw, 300))
	}
	return nil
}

// suggestPrefixes are what a user types into the search box on the way to
// the entity names the query mix filters on: every prefix of two to six
// characters of each, once.
func suggestPrefixes(qs []QuerySpec) []QuerySpec {
	seen := map[string]bool{}
	var out []QuerySpec
	for _, q := range qs {
		for _, name := range append(append(append([]string{}, q.Countries...), q.Groups...), q.Persons...) {
			r := []rune(name)
			for n := 2; n <= min(6, len(r)); n++ {
				p := string(r[:n])
				if !seen[p] {
					seen[p] = true
					out = append(out, QuerySpec{Q: p})
				}
			}
		}
	}
	return out
}
