package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds a call whose context has no deadline.
const DefaultTimeout = time.Minute

// DefaultMaxResponseBytes bounds the body of one response. The largest
// answers are articles with every mention of their entities (a 4 MiB
// article, the default limit of the daemon, has tens of thousands).
const DefaultMaxResponseBytes = 256 << 20

// userAgent names the client in the daemon's access log.
const userAgent = "searchd-client"

// Client calls one searchd daemon. It is safe for concurrent use.
type Client struct {
	base     string // scheme://host[:port][/prefix], without a trailing slash
	http     *http.Client
	key      string
	timeout  time.Duration
	maxBytes int64
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests through hc, for its
// transport, proxy or TLS settings. The default has connect and TLS
// handshake timeouts and no overall one: calls are bounded by their
// context and WithTimeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.http = hc }
}

// WithAPIKey sends key as "Authorization: Bearer <key>" on every request:
// a write key for writes and backups, a read or write key for reads when
// the daemon has read keys.
func WithAPIKey(key string) Option {
	return func(c *Client) { c.key = key }
}

// WithTimeout sets the deadline given to calls whose context has none
// (default DefaultTimeout); 0 leaves such calls unbounded. A bulk load or
// a backup of a large index can take longer than a minute: give those a
// context with a deadline of their own.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithMaxResponseBytes bounds the size of one response body (default
// DefaultMaxResponseBytes); a larger one fails the call.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) { c.maxBytes = n }
}

// New returns a client of the daemon at baseURL, such as
// "http://127.0.0.1:8080" or "https://news.example.org/searchd" behind a
// proxy that serves it under a path. The URL must be absolute http or
// https, without credentials, query or fragment: keys go in WithAPIKey.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		return nil, fmt.Errorf("client: base URL %q: want an http:// or https:// URL: %w", baseURL, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("client: base URL %q: want an http:// or https:// URL", baseURL)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("client: base URL %q has no host", baseURL)
	case u.User != nil:
		return nil, fmt.Errorf("client: base URL must not hold credentials; use WithAPIKey")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("client: base URL %q must not have a query or fragment", baseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c := &Client{base: u.String(), timeout: DefaultTimeout, maxBytes: DefaultMaxResponseBytes}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxResponseBytes
	}
	return c, nil
}

// BaseURL is the daemon's URL the client was made with, without a
// trailing slash.
func (c *Client) BaseURL() string { return c.base }

func defaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: 10 * time.Second,
		IdleConnTimeout:     90 * time.Second,
		MaxIdleConnsPerHost: 16,
		ForceAttemptHTTP2:   true,
	}}
}

// request is one API call: what to send and which status means success.
type request struct {
	method string
	path   string     // escaped, under the base URL, starting with "/"
	query  url.Values // nil for none
	body   any        // encoded as JSON when not nil and not an io.Reader
	ctype  string     // Content-Type of an io.Reader body
	header http.Header
	want   int // success status; 0 means 200
	// partial, when set, also receives an error answer's body: the bulk
	// endpoint reports what it indexed beside the error.
	partial any
	// sink, when set, receives a successful answer's body as it streams,
	// without a size limit or the client's default timeout (an export).
	sink io.Writer
	// copied is how many bytes went to sink.
	copied int64
}

// call sends r and decodes the answer into a new T. Endpoints are one
// line each on top of it.
func call[T any](ctx context.Context, c *Client, r request) (*T, error) {
	var out T
	if err := c.do(ctx, &r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// do sends r and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	if _, ok := ctx.Deadline(); !ok && c.timeout > 0 && r.sink == nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	u := c.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	ctype := r.ctype
	switch b := r.body.(type) {
	case nil:
	case io.Reader:
		body = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("client: encode %s %s: %w", r.method, r.path, err)
		}
		body, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	res, err := c.http.Do(req)
	if err != nil {
		// The context's error stays reachable through errors.Is.
		return fmt.Errorf("client: %s %s: %w", r.method, r.path, err)
	}
	defer func() {
		// Reading a little of what is left lets the connection be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 4<<10))
		res.Body.Close()
	}()
	want := r.want
	if want == 0 {
		want = http.StatusOK
	}
	if res.StatusCode != want {
		return c.apiError(*r, res)
	}
	if r.sink != nil {
		n, err := io.Copy(r.sink, res.Body)
		r.copied = n
		if err != nil {
			// The daemon cuts the connection when an export fails after
			// its first bytes: what arrived is not the whole answer.
			return fmt.Errorf("client: %s %s: the answer stopped after %d bytes: %w", r.method, r.path, n, err)
		}
		return nil
	}
	if out == nil {
		return nil
	}
	lr := &limitedReader{r: res.Body, left: c.maxBytes}
	if raw, ok := out.(*json.RawMessage); ok {
		// Passed on as sent: read, not parsed.
		b, err := io.ReadAll(lr)
		if err != nil {
			if lr.over {
				return fmt.Errorf("client: %s %s: response larger than %d bytes (WithMaxResponseBytes)", r.method, r.path, c.maxBytes)
			}
			return fmt.Errorf("client: %s %s: read response: %w", r.method, r.path, err)
		}
		*raw = b
		return nil
	}
	if err := json.NewDecoder(lr).Decode(out); err != nil {
		if lr.over {
			return fmt.Errorf("client: %s %s: response larger than %d bytes (WithMaxResponseBytes)", r.method, r.path, c.maxBytes)
		}
		return fmt.Errorf("client: %s %s: decode response: %w", r.method, r.path, err)
	}
	return nil
}

// maxErrorBytes bounds what is read of an error answer.
const maxErrorBytes = 1 << 20

// apiError reads an error answer into an *Error, and into r.partial when set.
func (c *Client) apiError(r request, res *http.Response) error {
	raw, readErr := io.ReadAll(io.LimitReader(res.Body, maxErrorBytes))
	e := &Error{StatusCode: res.StatusCode, Method: r.method, Path: r.path}
	if s := res.Header.Get("Retry-After"); s != "" {
		if secs, err := time.ParseDuration(strings.TrimSpace(s) + "s"); err == nil && secs >= 0 {
			e.RetryAfter = secs
		}
	}
	var env struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Param   string `json:"param"`
			Pos     int    `json:"pos"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &env) == nil && env.Error != nil {
		e.Code, e.Message, e.Param, e.Pos = env.Error.Code, env.Error.Message, env.Error.Param, env.Error.Pos
		// A partial result is what the answer holds beside "error".
		var keys map[string]json.RawMessage
		if r.partial != nil && json.Unmarshal(raw, &keys) == nil && len(keys) > 1 && json.Unmarshal(raw, r.partial) == nil {
			e.partial = true
		}
		return e
	}
	// Not the API's envelope: net/http's own plain-text answers (431, a
	// malformed request), or a proxy in front of the daemon.
	msg := strings.TrimSpace(string(raw))
	if len(msg) > 512 {
		msg = msg[:512] + "…"
	}
	if msg == "" && readErr != nil {
		msg = "read error answer: " + readErr.Error()
	}
	if msg == "" {
		msg = http.StatusText(res.StatusCode)
	}
	e.Message = msg
	return e
}

// limitedReader reads at most left bytes and records whether the body
// had more.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

var errTooLarge = errors.New("response too large")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var b [1]byte
		if n, _ := l.r.Read(b[:]); n > 0 {
			l.over = true
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
