// Command gencorpus writes N synthetic news articles as NDJSON, the corpus
// searchd's benchmarks ingest. The output is a pure function of --seed and
// -n: bodies of 300–900 words drawn from a Zipfian vocabulary, titles,
// publication dates over 30 years, and mentions of real countries, cities,
// groups and persons read from the shared data folder.
//
// Usage:
//
//	gencorpus [-n 10000] [--seed 1] [--data ../shared/data] [-o FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/searchd/searchd/internal/bench/corpus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	flags.SetOutput(stderr)
	n := flags.Int("n", 10000, "number of articles")
	seed := flags.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	data := flags.String("data", "../shared/data", "shared data folder (countries, cities, groups, names, NER corpora)")
	out := flags.String("o", "", "output file (default stdout)")
	minWords := flags.Int("min-words", 300, "shortest body in words")
	maxWords := flags.Int("max-words", 900, "longest body in words")
	workers := flags.Int("workers", runtime.GOMAXPROCS(0), "generating goroutines")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *n < 0 {
		return fmt.Errorf("-n must not be negative, got %d", *n)
	}
	d, err := corpus.Load(*data)
	if err != nil {
		return err
	}
	g, err := corpus.New(d, corpus.Options{Seed: *seed, MinWords: *minWords, MaxWords: *maxWords})
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("create output: %w", err)
		}
		defer f.Close()
		w = f
	}
	start := time.Now()
	st, err := g.WriteNDJSON(ctx, w, *n, *workers)
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		if err := f.Close(); err != nil {
			return fmt.Errorf("close output: %w", err)
		}
	}
	el := time.Since(start)
	fmt.Fprintf(stderr, "%d articles, %.1f MB NDJSON, %.1f MB text, %.0f words/article, in %s (%.0f articles/s)\n",
		st.Articles, float64(st.Bytes)/1e6, float64(st.TextBytes)/1e6, float64(st.Words)/float64(max(st.Articles, 1)),
		el.Round(time.Millisecond), float64(st.Articles)/el.Seconds())
	return nil
}
