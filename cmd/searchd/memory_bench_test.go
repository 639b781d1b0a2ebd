package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rssSampler records the peak resident and anonymous memory of a process,
// read from /proc every few milliseconds.
type rssSampler struct {
	mu            sync.Mutex
	peakRSS, peak int64 // kB: VmRSS, RssAnon
	stop          chan struct{}
	done          chan struct{}
}

func sampleRSS(pid int) *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-tick.C:
			}
			rss, anon := procMemory(pid)
			s.mu.Lock()
			s.peakRSS, s.peak = max(s.peakRSS, rss), max(s.peak, anon)
			s.mu.Unlock()
		}
	}()
	return s
}

// finish stops sampling and returns the peaks in MB.
func (s *rssSampler) finish() (rssMB, anonMB float64) {
	close(s.stop)
	<-s.done
	return float64(s.peakRSS) / 1024, float64(s.peak) / 1024
}

// procMemory reads VmRSS and RssAnon (kB) of a process.
func procMemory(pid int) (rss, anon int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			rss = n
		case "RssAnon":
			anon = n
		}
	}
	return rss, anon
}

// largeArticle is a bulk line of an article whose body is n bytes of text.
func largeArticle(id string, body string) string {
	line, _ := json.Marshal(map[string]any{"id": id, "title": "Transcript " + id, "body": body, "published_at": "2024-05-01"})
	return string(line)
}

// prose repeats varied news sentences up to n bytes.
func prose(n int) string {
	sentences := []string{
		"The minister said on Tuesday that talks with Iran would resume in Geneva next month.",
		"Officials in Washington declined to comment on the report, citing an ongoing review.",
		"Shares of the company fell 3 percent after the results were published in London.",
		"Protesters gathered outside parliament as lawmakers debated the budget until late evening.",
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(sentences[i%len(sentences)])
		b.WriteByte(' ')
	}
	return b.String()[:n]
}

// BenchmarkLargeArticlesRSS sends bulks of three 4 MiB articles to the real
// daemon and reports its peak resident and anonymous memory (MB) while it
// indexes them: the memory a few large documents cost, which the write
// gate's memory budget (ingest.max_write_memory_bytes) bounds.
//
//	go test ./cmd/searchd -run '^$' -bench LargeArticlesRSS -benchtime 1x
func BenchmarkLargeArticlesRSS(b *testing.B) {
	const size = 4 << 20
	bodies := map[string]string{
		"prose":        prose(size),
		"single-token": strings.Repeat("x", size),
		"dense-names":  strings.Repeat("Iran ", size/5),
	}
	for _, kind := range []string{"prose", "single-token", "dense-names"} {
		b.Run(kind, func(b *testing.B) {
			d := start(b, "SEARCHD_INDEX_PATH="+filepath.Join(b.TempDir(), "idx"),
				"SEARCHD_INGEST_LOAD_TESTDATA=false", "SEARCHD_LIMITS_MAX_LINE_BYTES=8388608",
				"SEARCHD_LIMITS_MAX_BULK_BYTES=67108864", os.Getenv("BENCH_EXTRA_ENV"))
			var lines []string
			for i := range 3 {
				lines = append(lines, largeArticle(fmt.Sprintf("%s-%d", kind, i), bodies[kind]))
			}
			bulk := strings.Join(lines, "\n") + "\n"
			_, base := procMemory(d.cmd.Process.Pid)
			s := sampleRSS(d.cmd.Process.Pid)
			start := time.Now()
			for range b.N {
				res, err := d.api.Bulk(context.Background(), strings.NewReader(bulk))
				if err != nil || res.Failed > 0 {
					b.Fatalf("bulk: %v %+v", err, res)
				}
			}
			elapsed := time.Since(start)
			rss, anon := s.finish()
			b.ReportMetric(rss, "peak-RSS-MB")
			b.ReportMetric(anon, "peak-anon-MB")
			b.ReportMetric(float64(base)/1024, "idle-anon-MB")
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/bulk")
			d.stop(b)
		})
	}
}
