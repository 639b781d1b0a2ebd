package feeds

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalizeURL: a normalised URL normalises to itself and keeps no
// fragment or tracking parameter.
func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://Example.org:443/a/../b?utm_source=x&b=2&a=1#f", "http://[::1]:80/%7Euser?q=a%20b",
		"https://example.org/caf%C3%A9", "https://example.org/?&&a", "http://example.org:8080"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n, err := NormalizeURL(raw)
		if err != nil {
			return
		}
		again, err := NormalizeURL(n)
		if err != nil || again != n {
			t.Fatalf("NormalizeURL(%q) = %q, which normalises to %q, %v", raw, n, again, err)
		}
		u, err := url.Parse(n)
		if err != nil || u.Fragment != "" || u.User != nil {
			t.Fatalf("NormalizeURL(%q) = %q keeps a fragment or user info", raw, n)
		}
		for k := range u.Query() {
			if isTracking(k) {
				t.Fatalf("NormalizeURL(%q) = %q keeps tracking parameter %q", raw, n, k)
			}
		}
	})
}

// FuzzExtractPage: any bytes served as a page give valid UTF-8 text
// without markup of scripts, or an error; never a panic past extractPage.
func FuzzExtractPage(f *testing.F) {
	for _, name := range []string{"ferry-terminal.html", "council-vote.html", "jsonld-dates.html"} {
		data, err := os.ReadFile("testdata/site/news/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@graph":[{"@type":["NewsArticle"],"author":[[[{}]]]}]}]}</script>`))
	base, _ := url.Parse("https://news.example/story")
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := extractPage(&response{url: base, mediaType: "text/html", body: body})
		if err != nil {
			if strings.Contains(err.Error(), "reading it failed") {
				t.Fatalf("a parser panicked: %v", err)
			}
			return
		}
		for _, s := range append([]string{p.text, p.title, p.canonical, p.siteName}, p.authors...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if p.canonical != "" {
			if u, err := url.Parse(p.canonical); err != nil || !sameSite(u, base) {
				t.Fatalf("canonical %q is not on the page's site", p.canonical)
			}
		}
	})
}
