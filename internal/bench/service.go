package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/searchd/searchd/client"
)

// Service is a searchd daemon started from its binary on a loopback port
// with an empty index in a directory of its own, and the Go client that
// talks to it.
type Service struct {
	cmd    *exec.Cmd
	dir    string
	client *client.Client
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
	// Calls are bounded by ctx: a bulk request of 10,000 articles takes
	// longer than any per-call timeout would allow at scale.
	c, err := client.New("http://"+addr, client.WithTimeout(0),
		client.WithHTTPClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}))
	if err != nil {
		_ = cmd.Process.Kill()
		return nil, err
	}
	s := &Service{cmd: cmd, dir: dir, exited: make(chan error, 1), client: c}
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
		if _, err := s.client.Readyz(ctx, client.ReadyRequest{}); err == nil {
			return s, nil
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
	res, err := s.client.Bulk(ctx, bytes.NewReader(body))
	if err != nil {
		n := 0
		if res != nil {
			n = res.Indexed // what the daemon committed before it stopped
		}
		return n, fmt.Errorf("bulk request: %w", err)
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

// Search runs q over HTTP and decodes the answer.
func (s *Service) Search(ctx context.Context, q QuerySpec) (*client.SearchResult, error) {
	r := q.Request()
	r.NoCache = s.NoCache
	res, err := s.client.Search(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Q, err)
	}
	return res, nil
}

// Measure runs q over HTTP and reads the answer without decoding it: the
// loads measure the daemon, not this process parsing JSON, which costs
// milliseconds a page (see client.SearchRaw), as the harness did before it
// used the Go client.
func (s *Service) Measure(ctx context.Context, q QuerySpec) error {
	r := q.Request()
	r.NoCache = s.NoCache
	if _, err := s.client.SearchRaw(ctx, r); err != nil {
		return fmt.Errorf("search %q: %w", q.Q, err)
	}
	return nil
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
	if _, err := s.client.Suggest(ctx, client.SuggestRequest{Q: prefix, Size: 10}); err != nil {
		return fmt.Errorf("suggest %q: %w", prefix, err)
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
