package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/searchd/searchd/internal/netguard"
)

// UserAgent is sent with every fetch, so that publishers can tell searchd's
// requests apart and reach whoever runs it.
const UserAgent = "searchd-feeds/1.0 (news search daemon; +https://github.com/searchd/searchd)"

// Accept headers: a feed URL may answer in any of the feed formats, a page
// should be HTML.
const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
)

// FetchOptions bounds the fetcher.
type FetchOptions struct {
	Timeout      time.Duration // one request, headers and body; 0 means 20s
	MaxBodyBytes int64         // largest body read, after decompression; 0 means 8 MiB
	MaxRedirects int           // 0 means 5; negative follows none
	MaxParallel  int           // requests in flight at once; 0 means 4
	AllowPrivate bool          // connect to loopback, private and link-local addresses too
}

// fetcher is the one HTTP client of the package.
type fetcher struct {
	client  *http.Client
	guard   *netguard.Guard
	timeout time.Duration
	maxBody int64
	slots   chan struct{} // at most MaxParallel requests at once
}

func newFetcher(o FetchOptions) *fetcher {
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 8 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 5
	}
	if o.MaxParallel <= 0 {
		o.MaxParallel = 4
	}
	g := &netguard.Guard{AllowPrivate: o.AllowPrivate, Key: allowPrivateKey}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
	transport := &http.Transport{
		// No proxy: the guard checks the address connected to, and through a
		// proxy that would be the proxy's, never the target's.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	maxRedirects := max(o.MaxRedirects, 0)
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return &redirectError{fmt.Sprintf("stopped after %d redirects (feeds.max_redirects)", maxRedirects)}
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &redirectError{fmt.Sprintf("refused a redirect to a %q URL", req.URL.Scheme)}
			}
			return nil
		},
	}
	return &fetcher{client: client, guard: g, timeout: o.Timeout, maxBody: o.MaxBodyBytes,
		slots: make(chan struct{}, o.MaxParallel)}
}

// validators are a feed's conditional GET state: what the server said its
// copy was last time.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// response is a fetched document.
type response struct {
	url         *url.URL // after redirects
	status      int
	header      http.Header
	mediaType   string // of Content-Type, lower case, without parameters
	contentType string // the whole header, for the charset
	body        []byte
	fetchedAt   time.Time
}

// notModified reports a 304 answer to a conditional GET.
func (r *response) notModified() bool { return r.status == http.StatusNotModified }

// FetchError is a fetch that failed: a refused address, a timeout, a status
// other than 2xx or 304, a body over the limit.
type FetchError struct {
	URL       string
	Status    int  // the HTTP status, 0 when no answer came
	Temporary bool // worth retrying later: timeouts, dropped connections, 5xx, 429
	Err       error
}

// Error says what went wrong with which URL.
func (e *FetchError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("GET %s: %d %s", e.URL, e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("GET %s: %v", e.URL, e.Err)
}

// Unwrap returns the cause.
func (e *FetchError) Unwrap() error { return e.Err }

// get fetches rawURL with the given Accept header and, when v holds any,
// the conditional headers. It takes one of the fetcher's slots for the whole
// request, waiting for it while ctx allows.
func (f *fetcher) get(ctx context.Context, rawURL, accept string, v validators) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &FetchError{URL: rawURL, Err: errors.New("not an absolute http(s) URL")}
	}
	if err := f.guard.CheckLiteral(u); err != nil {
		return nil, &FetchError{URL: rawURL, Err: err}
	}
	select {
	case f.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-f.slots }()

	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &FetchError{URL: rawURL, Err: err}
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", accept)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.failure(ctx, rawURL, 0, err)
	}
	defer resp.Body.Close()
	out := &response{url: resp.Request.URL, status: resp.StatusCode, header: resp.Header,
		contentType: resp.Header.Get("Content-Type"), fetchedAt: time.Now()}
	if mt, _, err := mime.ParseMediaType(out.contentType); err == nil {
		out.mediaType = strings.ToLower(mt)
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return nil, &FetchError{URL: rawURL, Status: resp.StatusCode, Temporary: temporaryStatus(resp.StatusCode),
			Err: errors.New(resp.Status)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBody+1))
	if err != nil {
		return nil, f.failure(ctx, rawURL, resp.StatusCode, err)
	}
	if int64(len(body)) > f.maxBody {
		return nil, &FetchError{URL: rawURL, Err: fmt.Errorf("body is larger than %d bytes (feeds.max_body_bytes)", f.maxBody)}
	}
	out.body = body
	return out, nil
}

// failure wraps a transport error, saying whether it is worth retrying.
func (f *fetcher) failure(ctx context.Context, rawURL string, status int, err error) error {
	if errors.Is(err, ErrForbiddenAddress) {
		// The guard's own message is the clearest: unwrap url.Error and OpError.
		var ae *AddressError
		if errors.As(err, &ae) {
			return &FetchError{URL: rawURL, Err: ae}
		}
		return &FetchError{URL: rawURL, Err: err}
	}
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || (ctx.Err() == nil && errors.As(err, &ne) && ne.Timeout()) {
		return &FetchError{URL: rawURL, Status: 0, Temporary: true,
			Err: fmt.Errorf("no complete answer within %s (feeds.fetch_timeout)", f.timeout)}
	}
	var re *redirectError
	if errors.As(err, &re) {
		return &FetchError{URL: rawURL, Err: re}
	}
	return &FetchError{URL: rawURL, Status: status, Temporary: true, Err: err}
}

// redirectError is a redirect the fetcher would not follow.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// temporaryStatus reports statuses that may well be different next time.
func temporaryStatus(code int) bool {
	return code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout
}
