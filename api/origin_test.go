package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// hdr builds a header from name, value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// TestBrowserWritesRefused is row 6 of the adversarial report: with the
// default config (no keys, loopback), a page of another site wrote an
// article and started a backup with a text/plain POST.
func TestBrowserWritesRefused(t *testing.T) {
	const listed = "https://newsroom.example.org"
	srv, _ := newServer(t, Options{CORSOrigins: []string{listed}})
	self := srv.URL // http://127.0.0.1:port, the daemon's own origin
	article := `{"id":"csrf1","body":"Iran","published_at":"2024-01-01"}`
	tests := []struct {
		name, method, path, body string
		header                   http.Header
		status                   int
		code                     string
	}{
		{"the report's request", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "text/plain", "Origin", "https://evil.example"), 403, "forbidden_origin"},
		{"JSON from another site", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Origin", "https://evil.example"), 403, "forbidden_origin"},
		{"backup from another site", "POST", "/api/v1/admin/backup", "",
			hdr("Content-Type", "text/plain", "Origin", "https://evil.example"), 403, "forbidden_origin"},
		{"delete from another site", "DELETE", "/api/v1/articles/a1", "",
			hdr("Origin", "https://evil.example"), 403, "forbidden_origin"},
		{"bulk from another site", "POST", "/api/v1/articles/_bulk", article,
			hdr("Content-Type", "text/plain", "Origin", "http://localhost:3000"), 403, "forbidden_origin"},
		{"search POST from another site", "POST", "/api/v1/search", `{"q":"iran"}`,
			hdr("Content-Type", "text/plain", "Origin", "https://evil.example"), 403, "forbidden_origin"},
		{"sandboxed page", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Origin", "null"), 403, "forbidden_origin"},
		{"cross-site without Origin", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"), 403, "forbidden_origin"},
		{"same-site is another origin", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Sec-Fetch-Site", "same-site"), 403, "forbidden_origin"},
		{"same origin", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Origin", self, "Sec-Fetch-Site", "same-origin"), 201, ""},
		{"listed origin", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json", "Origin", listed, "Sec-Fetch-Site", "cross-site"), 201, ""},
		{"curl: no Origin", "POST", "/api/v1/articles", article,
			hdr("Content-Type", "application/json"), 201, ""},
		{"typed in the address bar", "POST", "/api/v1/search", `{"q":"iran"}`,
			hdr("Content-Type", "application/json", "Sec-Fetch-Site", "none"), 200, ""},
		{"reads from another site are the same-origin policy's", "GET", "/api/v1/search?q=iran", "",
			hdr("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"), 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := doWith(t, tt.method, srv.URL+tt.path, tt.body, tt.header)
			if r.status != tt.status || errorCode(r) != tt.code {
				t.Errorf("%d %s, want %d %q", r.status, r.raw, tt.status, tt.code)
			}
		})
	}
	if r := do(t, "GET", srv.URL+"/api/v1/articles/csrf1", ""); r.status != 200 {
		t.Fatalf("the allowed writes did not happen: %d", r.status)
	}
}

func TestRefusedWriteWritesNothing(t *testing.T) {
	srv, _ := newServer(t, Options{})
	r := doWith(t, "POST", srv.URL+"/api/v1/articles", `{"id":"csrf2","body":"Iran","published_at":"2024-01-01"}`,
		hdr("Content-Type", "text/plain", "Origin", "https://evil.example"))
	if r.status != 403 {
		t.Fatalf("cross-site write: %d %s", r.status, r.raw)
	}
	if g := do(t, "GET", srv.URL+"/api/v1/articles/csrf2", ""); g.status != 404 {
		t.Errorf("a refused write was indexed: %d %s", g.status, g.raw)
	}
}

// TestContentTypes: bodies need a JSON media type, which browsers cannot
// send across sites without a preflight.
func TestContentTypes(t *testing.T) {
	srv, _ := newServer(t, Options{})
	article := `{"body":"Iran","published_at":"2024-01-01"}`
	tests := []struct {
		name, path, contentType, body string
		status                        int
		code                          string
	}{
		{"article as text/plain", "/api/v1/articles", "text/plain", article, 415, "unsupported_media_type"},
		{"article as a form", "/api/v1/articles", "application/x-www-form-urlencoded", article, 415, "unsupported_media_type"},
		{"article without type", "/api/v1/articles", "", article, 415, "unsupported_media_type"},
		{"article as JSON", "/api/v1/articles", "application/json", article, 201, ""},
		{"article as JSON with charset", "/api/v1/articles", "Application/JSON; charset=utf-8", article, 201, ""},
		{"article as NDJSON", "/api/v1/articles", "application/x-ndjson", article, 415, "unsupported_media_type"},
		{"search as text/plain", "/api/v1/search", "text/plain", `{"q":"iran"}`, 415, "unsupported_media_type"},
		{"search as multipart", "/api/v1/search", "multipart/form-data; boundary=x", `{"q":"iran"}`, 415, "unsupported_media_type"},
		{"bulk as NDJSON", "/api/v1/articles/_bulk", "application/x-ndjson", article, 200, ""},
		{"bulk as JSON", "/api/v1/articles/_bulk", "application/json", article, 200, ""},
		{"bulk as text/plain", "/api/v1/articles/_bulk", "text/plain", article, 415, "unsupported_media_type"},
		{"bulk without type", "/api/v1/articles/_bulk", "", article, 415, "unsupported_media_type"},
		{"backup with neither body nor type", "/api/v1/admin/backup", "", "", 400, "invalid_argument"},
		{"backup: an empty form is still a form", "/api/v1/admin/backup", "application/x-www-form-urlencoded", "", 415, "unsupported_media_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.contentType != "" {
				h.Set("Content-Type", tt.contentType)
			}
			r := doWith(t, "POST", srv.URL+tt.path, tt.body, h)
			if r.status != tt.status || errorCode(r) != tt.code {
				t.Errorf("%d %s, want %d %q", r.status, r.raw, tt.status, tt.code)
			}
			if r.status == 415 && !strings.Contains(errorMessage(r), "application/") {
				t.Errorf("415 does not say what to send: %s", r.raw)
			}
		})
	}
}

// TestHostHeader is row 6's DNS rebinding: a request naming
// attacker.example was answered, so a page of that name could read the
// archive once the name resolved to 127.0.0.1.
func TestHostHeader(t *testing.T) {
	srv, _ := newServer(t, Options{})
	u, _ := url.Parse(srv.URL)
	port := u.Port()
	for _, tt := range []struct {
		host   string
		status int
	}{
		{"attacker.example:" + port, 421},
		{"attacker.example", 421},
		{"127.0.0.1.nip.io:" + port, 421},
		{"localhost.attacker.example:" + port, 421},
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LocalHost.:" + port, 200},
		{"[::1]:" + port, 200},
		{"localhost:9000", 200}, // ssh -L 9000:localhost:8080
		{"192.0.2.10:" + port, 200},
		{"0.0.0.0:" + port, 200},
	} {
		for _, path := range []string{"/api/v1/search?q=iran", "/", "/healthz"} {
			r := doWith(t, "GET", srv.URL+path, "", hdr("Host", tt.host))
			if r.status != tt.status {
				t.Errorf("GET %s with Host %s: %d %s, want %d", path, tt.host, r.status, r.raw, tt.status)
			}
			if tt.status == 421 && (errorCode(r) != "misdirected_host" || !strings.Contains(errorMessage(r), "http.allowed_hosts")) {
				t.Errorf("GET %s with Host %s: %s", path, tt.host, r.raw)
			}
		}
	}
	if r := doWith(t, "POST", srv.URL+"/api/v1/articles", `{"body":"x","published_at":"2024-01-01"}`,
		hdr("Host", "attacker.example:"+port, "Content-Type", "application/json")); r.status != 421 {
		t.Errorf("POST with a foreign Host: %d %s", r.status, r.raw)
	}
}

func TestAllowedHosts(t *testing.T) {
	for _, tt := range []struct {
		allowed []string
		host    string
		ok      bool
	}{
		{[]string{"news.example.org"}, "news.example.org", true},
		{[]string{"news.example.org"}, "NEWS.example.org:8443", true},
		{[]string{"news.example.org"}, "news.example.org.", true},
		{[]string{"news.example.org"}, "www.news.example.org", false},
		{[]string{"news.example.org"}, "news.example.org.attacker.example", false},
		{[]string{".example.net"}, "example.net", true},
		{[]string{".example.net"}, "a.b.example.net:80", true},
		{[]string{".example.net"}, "evil-example.net", false},
		{[]string{"*"}, "anything.example", true},
		{nil, "anything.example", false},
		{nil, "", true},
	} {
		if got := newHostPolicy(tt.allowed).allows(tt.host); got != tt.ok {
			t.Errorf("allowed %q, Host %q: %v, want %v", tt.allowed, tt.host, got, tt.ok)
		}
	}
	srv, _ := newServer(t, Options{AllowedHosts: []string{"news.example.org"}})
	if r := doWith(t, "GET", srv.URL+"/api/v1/search?q=iran", "", hdr("Host", "news.example.org")); r.status != 200 {
		t.Errorf("allowed host: %d %s", r.status, r.raw)
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tt := range []struct {
		origin, host string
		want         bool
	}{
		{"http://127.0.0.1:8080", "127.0.0.1:8080", true},
		{"http://LOCALHOST:8080", "localhost:8080", true},
		{"http://localhost:8080", "127.0.0.1:8080", false},
		{"http://localhost:3000", "localhost:8080", false},
		{"https://news.example.org", "news.example.org", true},
		{"http://news.example.org", "news.example.org:80", true},
		{"https://news.example.org", "news.example.org:80", false},
		{"http://[::1]:8080", "[::1]:8080", true},
		{"null", "localhost:8080", false},
		{"file://", "localhost:8080", false},
	} {
		if got := sameOrigin(tt.origin, tt.host); got != tt.want {
			t.Errorf("sameOrigin(%q, %q) = %v", tt.origin, tt.host, got)
		}
	}
}
