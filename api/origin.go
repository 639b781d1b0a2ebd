package api

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Which requests a browser may make of the daemon. Keys are Bearer tokens a
// browser never adds by itself, so with keys configured no other site's
// page can use them; without keys (the default, on loopback) two checks
// stand in:
//
//   - checkHost: DNS rebinding makes a page's own name (attacker.example)
//     resolve to this daemon, so that the page reads it as same-origin. Such
//     requests carry the attacker's name in Host; the daemon answers only
//     IP addresses, localhost and http.allowed_hosts. The port is not
//     compared: the name is what rebinding controls, and ssh -L or a
//     container's port mapping change the port legitimately.
//   - checkOrigin: a page of another site may send a form or a "simple"
//     fetch (text/plain) to 127.0.0.1 without reading the answer; a write
//     needs no answer. Browsers mark such requests with Origin and
//     Sec-Fetch-Site; state-changing methods are refused unless they come
//     from the daemon's own origin or one in http.cors_origins. JSON media
//     types (see body.go) make browsers ask first, a second fence.

// hostPolicy decides which Host headers the daemon answers.
type hostPolicy struct {
	any      bool
	names    []string // exact, lower case
	suffixes []string // ".example.org": subdomains and the domain itself
}

func newHostPolicy(allowed []string) hostPolicy {
	var p hostPolicy
	for _, h := range allowed {
		h = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
		switch {
		case h == "*":
			p.any = true
		case strings.HasPrefix(h, "."):
			p.suffixes = append(p.suffixes, h)
		case h != "":
			p.names = append(p.names, strings.Trim(h, "[]"))
		}
	}
	return p
}

// allows reports whether a request naming host (Host header, port
// optional) is answered. IP literals cannot be rebound: a page whose origin
// is an address was loaded from that address.
func (p hostPolicy) allows(host string) bool {
	name := hostname(host)
	if name == "" || p.any || name == "localhost" || net.ParseIP(name) != nil {
		// An empty Host is only possible in HTTP/1.0, which no browser speaks.
		return true
	}
	if slices.Contains(p.names, name) {
		return true
	}
	for _, s := range p.suffixes {
		if name == s[1:] || strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// hostname returns the host of a Host header without port or IPv6
// brackets, in lower case and without a final dot.
func hostname(host string) string {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.Trim(name, "[]")
	return strings.ToLower(strings.TrimSuffix(name, "."))
}

// checkHost answers 421 to a request naming a host the daemon does not
// answer to.
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts.allows(r.Host) {
			s.writeError(w, r, &hostError{host: r.Host}, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// safeMethod reports whether a method only reads.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkOrigin refuses a browser's state-changing request (any method but
// GET, HEAD and OPTIONS, search POST included) from a page of another
// origin, unless http.cors_origins lists it. Requests without Origin or
// Sec-Fetch-Site (curl, scripts, servers) are not browsers' and pass.
func (s *Server) checkOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		origin := r.Header.Get("Origin")
		if origin != "" && slices.Contains(s.opts.CORSOrigins, origin) {
			next.ServeHTTP(w, r)
			return
		}
		site := r.Header.Get("Sec-Fetch-Site")
		// "same-site" is another origin too: another port of localhost.
		if (origin != "" && !sameOrigin(origin, r.Host)) || site == "cross-site" || site == "same-site" {
			s.writeError(w, r, &originError{origin: origin, fetchSite: site}, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether an Origin header names the host and port the
// request was sent to. A Host without port is taken as the scheme's default.
// "null" (sandboxed frames, file: pages) is no origin.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	defaultPort := "80"
	if u.Scheme == "https" {
		defaultPort = "443"
	}
	port := func(p string) string {
		if p == "" {
			return defaultPort
		}
		return p
	}
	return hostname(u.Host) == hostname(host) && port(u.Port()) == port(portOf(host))
}

// portOf returns the port of a Host header, or "" when it has none.
func portOf(host string) string {
	if _, p, err := net.SplitHostPort(host); err == nil {
		return p
	}
	return ""
}
