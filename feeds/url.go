package feeds

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/searchd/searchd/index"
)

// trackingParams are query parameters that say how a reader reached a story,
// not which story it is; they are dropped so that one story has one id.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true,
	"wt_mc": true, "cmpid": true, "ocid": true, "ns_source": true, "ns_mchannel": true,
	"ns_campaign": true, "ns_linkname": true, "ns_fee": true, "at_medium": true, "at_campaign": true,
	"at_custom1": true, "at_custom2": true, "at_custom3": true, "at_custom4": true, "s_cid": true,
	"spm": true, "smid": true, "sr_share": true,
}

// isTracking reports whether a query parameter only tracks the click.
func isTracking(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// NormalizeURL returns the form of an http(s) URL that identifies a story:
// scheme and host in lower case, default port, user info and fragment
// removed, dot segments resolved, tracking parameters (utm_*, fbclid, ...)
// dropped and the remaining parameters sorted by name. The path keeps its
// case: servers may tell /News from /news.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("invalid URL %q: %w", raw, index.ErrInvalid)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("URL %q: want an http or https URL: %w", raw, index.ErrInvalid)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || (!strings.Contains(host, ":") && (strings.HasPrefix(host, ".") || strings.Contains(host, ".."))) {
		return "", fmt.Errorf("URL %q has no valid host: %w", raw, index.ErrInvalid)
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	out := url.URL{Scheme: scheme, Host: host, Path: u.Path, RawPath: u.RawPath}
	// Resolving against itself removes "." and ".." segments.
	out = *out.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath})
	if out.Path == "" {
		out.Path = "/"
	}
	if u.RawQuery != "" {
		out.RawQuery = cleanQuery(u.RawQuery)
	}
	return out.String(), nil
}

// cleanQuery drops tracking parameters and sorts the rest by name (the
// values of one name keep their order).
func cleanQuery(raw string) string {
	type param struct{ key, pair string }
	var kept []param
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		key := pair
		if i := strings.IndexByte(pair, '='); i >= 0 {
			key = pair[:i]
		}
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if isTracking(key) {
			continue
		}
		kept = append(kept, param{key, escapeQuery(pair)})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].key < kept[j].key })
	pairs := make([]string, len(kept))
	for i, p := range kept {
		pairs[i] = p.pair
	}
	return strings.Join(pairs, "&")
}

// escapeQuery percent-encodes the bytes a query may not hold as they are
// (spaces, controls, non-ASCII, a '%' that starts no escape), so that the
// normalised URL reads back unchanged: a trailing space left raw would be
// trimmed on the next pass and give the story a second id.
func escapeQuery(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || c == '%' || strings.IndexByte("\"#<>\\^`{|}", c) >= 0:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// ArticleID is the id of the story at a normalised URL: the index's own
// derivation from a URL, so that an article posted by hand with the same
// url gets the same id.
func ArticleID(normalized string) string {
	return index.DeriveID(normalized, "", "")
}

// sameSite reports whether two hosts are the same site, ignoring a leading
// "www." and the port.
func sameSite(a, b *url.URL) bool {
	ha := strings.TrimPrefix(strings.ToLower(a.Hostname()), "www.")
	hb := strings.TrimPrefix(strings.ToLower(b.Hostname()), "www.")
	return ha != "" && ha == hb
}
