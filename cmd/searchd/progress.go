package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often progress is logged when stderr is not a
// terminal: often enough to show a long job is alive, rarely enough that a
// service manager's log stays readable.
const progressEvery = 10 * time.Second

// progress reports how far long work has got: on a terminal a bar with
// the rate and the time left, elsewhere an INFO log line every
// progressEvery. It is safe for concurrent use.
type progress struct {
	mu     sync.Mutex
	bar    *progressbar.ProgressBar // nil off a terminal
	out    io.Writer
	log    *slog.Logger
	what   string
	bytes  bool // done and total count bytes
	total  int64
	done   int64
	start  time.Time
	logged time.Time
	every  time.Duration // between log lines; progressEvery
}

// newProgress starts reporting work of total units (bytes when bytes is
// set) to stderr: a bar when tty, log lines through log otherwise.
func newProgress(stderr io.Writer, tty bool, log *slog.Logger, what, unit string, total int64, bytes bool) *progress {
	p := &progress{out: stderr, log: log, what: what, bytes: bytes, total: total, start: time.Now(), every: progressEvery}
	p.logged = p.start
	if tty {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription(what),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }),
		}
		if bytes {
			opts = append(opts, progressbar.OptionShowBytes(true))
		} else {
			opts = append(opts, progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit))
		}
		p.bar = progressbar.NewOptions64(max(total, 1), opts...)
		_ = p.bar.RenderBlank()
	}
	return p
}

// set records that done units are done; attrs are logged beside them.
func (p *progress) set(done int64, attrs ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	if p.bar != nil {
		_ = p.bar.Set64(done)
		return
	}
	if now := time.Now(); now.Sub(p.logged) >= p.every {
		p.logged = now
		p.logLine(now, attrs...)
	}
}

// describe changes the words before the bar ("ingest: 1200 articles").
func (p *progress) describe(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Describe(what)
	}
}

func (p *progress) logLine(now time.Time, attrs ...any) {
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(p.done) / max(elapsed, 1e-9)
	args := []any{"done", p.done, "total", p.total}
	if p.total > 0 {
		args = append(args, "percent", fmt.Sprintf("%.1f", 100*float64(p.done)/float64(p.total)))
	}
	if p.bytes {
		args = append(args, "mb_per_s", fmt.Sprintf("%.1f", rate/1e6))
	} else {
		args = append(args, "per_s", fmt.Sprintf("%.1f", rate))
	}
	if rate > 0 && p.total > p.done {
		args = append(args, "eta", time.Duration(float64(p.total-p.done)/rate*float64(time.Second)).Round(time.Second))
	}
	p.log.Info(p.what+" progress", append(args, attrs...)...)
}

// println writes a line of its own: above the bar on a terminal.
func (p *progress) println(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	fmt.Fprintln(p.out, line)
	if p.bar != nil {
		_ = p.bar.RenderBlank()
	}
}

// finish ends the bar.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Exit()
	}
}

// isTerminal reports whether w is a character device, where a progress
// bar makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
