package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/searchd/searchd/index"
)

// backupIndex is a real index whose backups succeed at once.
type backupIndex struct{ *index.Index }

func (backupIndex) Backup(_ context.Context, dir string) (index.BackupInfo, error) {
	return index.BackupInfo{Path: dir}, nil
}

// rawRequest opens a connection to srv and sends a request's head for a
// body of length bytes, and the first bytes of the body.
func rawRequest(t *testing.T, srv *httptest.Server, path, contentType string, length int, first string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test-Slow: 1\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s",
		path, contentType, length, first)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// drip sends one byte of body at a time on conn until stop is closed, then
// closes conn.
func drip(conn net.Conn, stop <-chan struct{}, done *sync.WaitGroup) {
	done.Go(func() {
		defer conn.Close()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	})
}

// readResponse reads the answer the server wrote on conn.
func readResponse(t *testing.T, conn net.Conn) response {
	t.Helper()
	// A guard against a hung test, not an assertion: the answers come at once.
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: string(raw)}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		t.Fatalf("answer is not JSON: %q", raw)
	}
	return r
}

// countSlow wraps h, sending on entered each time a request marked by
// rawRequest reaches the API, and on left each time one has been answered.
func countSlow(h http.Handler, entered, left chan<- struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slow := r.Header.Get("X-Test-Slow") != ""
		if slow {
			entered <- struct{}{}
		}
		h.ServeHTTP(w, r)
		if slow && left != nil {
			left <- struct{}{}
		}
	})
}

// TestSlowBodiesHoldNoSlot is row 2 of the adversarial report: clients
// without a key dripping search (and backup) bodies a byte at a time held
// every slot, and other searches got 503. Bodies are now read before a slot
// is taken: with more drippers connected than there are slots, searches and
// a backup still succeed.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	const slots, searchDrippers, backupDrippers = 4, 6, 2
	h := New(backupIndex{newIndex(t)}, Options{MaxConcurrent: slots, RequestTimeout: 2 * time.Second,
		BodyReadTimeout: time.Minute, BackupDir: t.TempDir()})
	entered := make(chan struct{}, searchDrippers+backupDrippers)
	srv := httptest.NewServer(validated(t, countSlow(h, entered, nil)))
	defer srv.Close()

	stop := make(chan struct{})
	var dripping sync.WaitGroup
	defer dripping.Wait()
	defer close(stop)
	for range searchDrippers {
		drip(rawRequest(t, srv, "/api/v1/search", "application/json", 100000, `{"q":`), stop, &dripping)
	}
	for range backupDrippers {
		drip(rawRequest(t, srv, "/api/v1/admin/backup", "application/json", 100000, `{"name":`), stop, &dripping)
	}
	for range searchDrippers + backupDrippers {
		<-entered
	}

	if r := do(t, "GET", srv.URL+"/api/v1/search?q=iran", ""); r.status != 200 {
		t.Errorf("GET search while %d clients drip bodies: %d %s", searchDrippers, r.status, r.raw)
	}
	if r := do(t, "POST", srv.URL+"/api/v1/search", `{"q":"iran"}`); r.status != 200 {
		t.Errorf("POST search while %d clients drip bodies: %d %s", searchDrippers, r.status, r.raw)
	}
	if r := do(t, "POST", srv.URL+"/api/v1/admin/backup", `{"name":"nightly"}`); r.status != 201 {
		t.Errorf("backup while %d clients drip backup bodies: %d %s", backupDrippers, r.status, r.raw)
	}
}

// TestSlowBodyTimesOut: a body that does not arrive within
// body_read_timeout answers 408, as JSON.
func TestSlowBodyTimesOut(t *testing.T) {
	srv := httptest.NewServer(validated(t, New(newIndex(t), Options{BodyReadTimeout: 100 * time.Millisecond})))
	defer srv.Close()
	for _, path := range []string{"/api/v1/search", "/api/v1/articles"} {
		conn := rawRequest(t, srv, path, "application/json", 1000, `{"q":`)
		r := readResponse(t, conn)
		if r.status != 408 || errorCode(r) != "request_timeout" {
			t.Errorf("%s with a stalled body: %d %s", path, r.status, r.raw)
		}
	}
}

// TestBulkCutByReadTimeout is row 10: a bulk body cut by the server's
// read_timeout answered 499; it is the client's lateness, 408.
func TestBulkCutByReadTimeout(t *testing.T) {
	srv := httptest.NewUnstartedServer(validated(t, New(newIndex(t), Options{})))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	line := `{"id":"slow1","body":"Iran","published_at":"2024-01-01"}` + "\n"
	conn := rawRequest(t, srv, "/api/v1/articles/_bulk", "application/x-ndjson", 100000, line+`{"id":"slow2",`)
	r := readResponse(t, conn)
	if r.status != 408 || errorCode(r) != "request_timeout" {
		t.Errorf("bulk cut by read_timeout: %d %s", r.status, r.raw)
	}
	if _, ok := r.body["indexed"]; !ok {
		t.Errorf("the partial answer lacks its counts: %s", r.raw)
	}
}

// syncBuffer is a log destination shared by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClientLeavingMidBody is row 10: a client that leaves before its body
// is complete was logged as an ERROR with status 500; it is a 499, logged
// at INFO by the access log only.
func TestClientLeavingMidBody(t *testing.T) {
	for _, tt := range []struct{ path, contentType, first string }{
		{"/api/v1/articles", "application/json", `{"body":"Ir`},
		{"/api/v1/search", "application/json", `{"q":"ir`},
		{"/api/v1/articles/_bulk", "application/x-ndjson", `{"id":"gone1","body":"Iran","published_at":"2024-01-01"}` + "\n" + `{"id":`},
	} {
		t.Run(tt.path, func(t *testing.T) {
			var logs syncBuffer
			h := New(newIndex(t), Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			entered, left := make(chan struct{}, 1), make(chan struct{}, 1)
			srv := httptest.NewServer(validated(t, countSlow(h, entered, left)))
			defer srv.Close()
			conn := rawRequest(t, srv, tt.path, tt.contentType, 1000, tt.first)
			<-entered
			conn.Close()
			<-left
			got := logs.String()
			if !strings.Contains(got, "status=499") || strings.Contains(got, "level=ERROR") {
				t.Errorf("logs:\n%s", got)
			}
		})
	}
}

func TestBodyErrorClassification(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: &timeoutErr{}}
	for _, tt := range []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"deadline", &bodyError{err: &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}}, 408, "request_timeout"},
		{"net timeout", fmt.Errorf("read line 3: %w: %w", index.ErrRead, &bodyError{err: timeout}), 408, "request_timeout"},
		{"client gone", &bodyError{err: io.ErrUnexpectedEOF}, 499, "canceled"},
		{"client gone, then cancelled", fmt.Errorf("%w (%w)", &bodyError{err: io.ErrUnexpectedEOF}, context.Canceled), 499, "canceled"},
		{"too large", &bodyError{err: &http.MaxBytesError{Limit: 10}}, 413, "too_large"},
		{"an unexpected EOF not from the body is no 499", fmt.Errorf("decode: %w", io.ErrUnexpectedEOF), 500, "internal"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if status, code := classify(tt.err); status != tt.status || code != tt.code {
				t.Errorf("classify = %d %s, want %d %s", status, code, tt.status, tt.code)
			}
		})
	}
}

type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }
