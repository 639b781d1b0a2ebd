package main

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestProgressLogsOffATerminal(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&out, nil))
	p := newProgress(&out, false, log, "reindex", "articles", 1000, false)
	p.start = time.Now().Add(-10 * time.Second) // 500 articles in 10s: 50/s, 10s left
	p.every = 0
	p.set(500, "failed", 2)
	p.println("a line of its own")
	p.finish()
	got := out.String()
	re := regexp.MustCompile(`msg="reindex progress" done=500 total=1000 percent=50.0 per_s=50.0 eta=10s failed=2\n`)
	if !re.MatchString(got) || !strings.Contains(got, "a line of its own\n") {
		t.Errorf("log:\n%s", got)
	}
	// Not more often than every.
	out.Reset()
	p = newProgress(&out, false, log, "ingest", "", 1<<20, true)
	p.set(1 << 19)
	if out.Len() != 0 {
		t.Errorf("logged before progressEvery: %s", out.String())
	}
}

func TestProgressBarOnATerminal(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true, slog.New(slog.DiscardHandler), "ingest", "", 10<<20, true)
	p.start = time.Now().Add(-time.Second)
	time.Sleep(150 * time.Millisecond) // past the bar's throttle
	p.set(5 << 20)
	p.println("/in/a.txt: published_at 2024-03-03 (from the date line or dateline at the top of its text)")
	p.describe("ingest: 12 articles")
	time.Sleep(150 * time.Millisecond)
	p.set(10 << 20)
	p.finish()
	got := out.String()
	for _, want := range []string{"ingest: 12 articles", "50%", "100%", "MB/s", "/in/a.txt: published_at 2024-03-03"} {
		if !strings.Contains(got, want) {
			t.Errorf("bar output lacks %q:\n%q", want, got)
		}
	}
	if !regexp.MustCompile(`\[\d+s:\d+s\]`).MatchString(got) {
		t.Errorf("no elapsed:left time in %q", got)
	}
}
