package feeds

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/searchd/searchd/index"
)

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://News.Example.ORG/World/Story?utm_source=rss&utm_medium=x#comments": "https://news.example.org/World/Story",
		"http://example.org:80/a/./b/../c?id=7&fbclid=abc&a=1":                      "http://example.org/a/c?a=1&id=7",
		"https://example.org:443":                          "https://example.org/",
		"https://example.org:8443/x?UTM_Campaign=y&page=2": "https://example.org:8443/x?page=2",
		"https://user:pass@example.org./x":                 "https://example.org/x",
		"https://[2001:DB8::1]:443/x?gclid=1":              "https://[2001:db8::1]/x",
		"https://example.org/x?b=2&a=1&b=1":                "https://example.org/x?a=1&b=2&b=1",
		"https://example.org/caf%C3%A9?q=a%20b":            "https://example.org/caf%C3%A9?q=a%20b",
		// A query's spaces, quotes and stray '%' are escaped, so the result reads back unchanged.
		"https://example.org/x?q=a b  #f":               "https://example.org/x?q=a%20b%20%20",
		"https://example.org/x?q=\"50%\"&k=caf\xc3\xa9": "https://example.org/x?k=caf%C3%A9&q=%2250%25%22",
	} {
		got, err := NormalizeURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://example.org/x", "/relative", "mailto:a@example.org", "http://", "https://exa mple.org/"} {
		if _, err := NormalizeURL(bad); !errors.Is(err, index.ErrInvalid) {
			t.Errorf("NormalizeURL(%q): %v, want ErrInvalid", bad, err)
		}
	}
	a, _ := NormalizeURL("https://example.org/story?utm_source=a")
	b, _ := NormalizeURL("https://EXAMPLE.org/story#top")
	if ArticleID(a) != ArticleID(b) {
		t.Errorf("one story, two ids")
	}
}

func TestHTMLToText(t *testing.T) {
	for in, want := range map[string]string{
		"plain  text\n\n\nsecond":                                        "plain text\n\nsecond",
		"<p>One &amp; two</p><p>Three<br>four</p>":                       "One & two\n\nThree\n\nfour",
		"<div>Hi<script>alert(1)</script> <style>p{}</style>there</div>": "Hi there",
		"A &lt;b&gt; tag &#8212; and &eacute;":                           "A <b> tag — and é",
		"<ul><li>a</li><li>b</li></ul>":                                  "a\n\nb",
		"":                                                               "",
	} {
		if got := htmlToText(in); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseJSONLD(t *testing.T) {
	tests := []struct {
		name, src string
		want      jsonLD
	}{
		{"object", `{"@context":"https://schema.org","@type":"NewsArticle","headline":"H","datePublished":"2025-01-02T03:04:05Z","author":{"name":"A B"},"publisher":{"@type":"Organization","name":"P"},"url":"https://x.example/s"}`,
			jsonLD{headline: "H", published: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), authors: []string{"A B"}, publisher: "P", url: "https://x.example/s"}},
		{"list with types as list", `[{"@type":"WebPage"},{"@type":["ReportageNewsArticle"],"name":"N","author":["C D",{"name":"E F"}],"mainEntityOfPage":{"@id":"https://x.example/m"},"dateCreated":"2025-02-03"}]`,
			jsonLD{headline: "N", published: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC), authors: []string{"C D", "E F"}, url: "https://x.example/m"}},
		{"graph", `{"@graph":[{"@type":"Organization","name":"O"},{"@type":"http://schema.org/BlogPosting","headline":"B","inLanguage":"de"}]}`,
			jsonLD{headline: "B", language: "de"}},
		{"CDATA and author URL", `<![CDATA[{"@type":"Article","headline":"C","author":"https://x.example/people/c"}]]>`, jsonLD{headline: "C"}},
		{"no article", `{"@type":"Recipe","name":"Soup"}`, jsonLD{}},
		{"broken", `{"@type":"NewsArticle",`, jsonLD{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseJSONLD(tt.src)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(jsonLD{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	rss := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
	page := []byte("<!doctype html><html><head><title>t</title></head><body><p>x</p></body></html>")
	for _, tt := range []struct {
		mediaType string
		body      []byte
		want      docKind
	}{
		{"application/rss+xml", rss, kindFeed},
		{"text/xml", rss, kindFeed},
		{"text/plain", rss, kindFeed},
		{"", rss, kindFeed},
		{"text/html", rss, kindFeed}, // a feed served as HTML is still a feed
		{"application/json", []byte(`{"version":"https://jsonfeed.org/version/1.1","items":[]}`), kindFeed},
		{"text/html", page, kindPage},
		{"application/octet-stream", page, kindPage},
		{"application/json", []byte(`{"a":1}`), kindUnknown},
		{"application/pdf", []byte("%PDF-1.7"), kindUnknown},
	} {
		if got := detect(&response{mediaType: tt.mediaType, body: tt.body}); got != tt.want {
			t.Errorf("detect(%s, %.20q) = %d, want %d", tt.mediaType, tt.body, got, tt.want)
		}
	}
}

func TestCanonicalOnlyOnTheSameSite(t *testing.T) {
	page := func(canonical string) *response {
		u, _ := url.Parse("https://www.news.example/story/1")
		return &response{url: u, mediaType: "text/html", header: http.Header{},
			body: []byte(`<html><head><link rel="canonical" href="` + canonical + `"></head><body><p>Text of the story.</p></body></html>`)}
	}
	for canonical, want := range map[string]string{
		"https://news.example/story/1?utm_source=x": "https://news.example/story/1?utm_source=x",
		"/story/1-full":                      "https://www.news.example/story/1-full",
		"https://other.example/stolen-story": "",
		"javascript:alert(1)":                "",
	} {
		p, err := extractPage(page(canonical))
		if err != nil {
			t.Fatal(err)
		}
		if p.canonical != want {
			t.Errorf("canonical %q: got %q, want %q", canonical, p.canonical, want)
		}
	}
}

func TestLanguageTag(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en_GB": "en-GB", "pt-BR": "pt-BR", "english": "", "": "", "e": ""} {
		if got := languageTag(in); got != want {
			t.Errorf("languageTag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	long := "Related: " + strings.Repeat("a sentence that goes on ", 8)
	in := "First paragraph.\n\nAdvertisement\n\nRead more: what a hosepipe ban means for you\n\n" +
		"Related charges were filed on Monday.\n\nSEE ALSO: the other story\n\n" + long + "\n\nLast paragraph."
	want := "First paragraph.\n\nRelated charges were filed on Monday.\n\n" + tidyText(long) + "\n\nLast paragraph."
	if got := cleanText(in); got != want {
		t.Errorf("cleanText:\n%q\nwant\n%q", got, want)
	}
}
