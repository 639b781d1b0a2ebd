package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/index"
	"github.com/searchd/searchd/internal/bench/corpus"
)

// Config is one benchmark run.
type Config struct {
	N           int      // articles
	Seed        uint64   // corpus and query seed
	DataDir     string   // shared data folder for the generator
	WorkDir     string   // where corpus, indexes and logs go; empty: a new temporary directory
	Keep        bool     // keep WorkDir (always kept when given)
	Searchd     string   // the searchd binary
	Self        []string // argv that re-executes this program in raw-child mode
	BatchSize   int      // raw Bleve batch size (the service uses its configured ingest.batch_size, 500)
	Clients     int      // concurrent query clients
	Rounds      int      // passes over the query mix per client
	Queries     int      // size of the query mix
	BulkLines   int      // NDJSON lines per bulk request
	BulkClients int      // concurrent bulk requests
	Workers     int      // extraction goroutines for the up-front extraction
	CPUProfile  string   // write a CPU profile of the raw child here (optional)
	RawVariant  string   // experimental raw variant (see ParseVariant); empty: as the service
	SkipService bool     // only the raw reference
	SkipRaw     bool     // only the service
	MinWords    int      // shortest body in words
	MaxWords    int      // longest body in words
	Mix         string   // MixNews or MixPeer
	JSON        bool     // print the report as JSON
}

// IngestReport describes one ingestion.
type IngestReport struct {
	Articles            int     `json:"articles"`
	Seconds             float64 `json:"seconds"`
	ArticlesPerSec      float64 `json:"articles_per_s"`
	TextMBPerSec        float64 `json:"text_mb_per_s"`
	DiskBytes           int64   `json:"disk_bytes"`             // right after the last batch
	DiskBytesEnd        int64   `json:"disk_bytes_end"`         // after the query runs (merges settled)
	DiskBytesPerArticle float64 `json:"disk_bytes_per_article"` // from DiskBytesEnd
	DiskPerText         float64 `json:"disk_per_text"`          // DiskBytesEnd / text bytes
	PeakRSSIngest       int64   `json:"peak_rss_ingest_bytes"`  // VmHWM right after ingestion
	PeakRSS             int64   `json:"peak_rss_bytes"`         // VmHWM at the end
	PeakAnonIngest      int64   `json:"peak_anon_ingest_bytes"` // highest RssAnon sampled during ingestion
	PeakAnon            int64   `json:"peak_anon_bytes"`        // highest RssAnon sampled until the end
	Segments            int     `json:"segments"`               // segment files (*.zap) at the end
	ForceMergeSeconds   float64 `json:"force_merge_s,omitempty"`
	// Raw only: where the time went.
	DecodeSeconds float64 `json:"decode_s,omitempty"`
	BuildSeconds  float64 `json:"build_s,omitempty"`
	CommitSeconds float64 `json:"commit_s,omitempty"`
}

// EngineReport is the measurement of the service or of raw Bleve.
type EngineReport struct {
	Name       string       `json:"name"`
	Variant    string       `json:"variant,omitempty"` // raw only: experimental variant
	Ingest     IngestReport `json:"ingest"`
	Single     LoadResult   `json:"single_client"`
	Concurrent LoadResult   `json:"concurrent"`
	// CachedSingle is the service answering searches it has answered before
	// (single client); Single and Concurrent bypass its cache.
	CachedSingle *LoadResult `json:"cached_single_client,omitempty"`
	// Suggest is the service answering /api/v1/suggest for prefixes of the
	// mix's entity names (single client).
	Suggest *LoadResult `json:"suggest,omitempty"`
	Answers []Answer    `json:"answers,omitempty"` // per query of the mix, for the parity check
}

// Answer is what one query returned: total, hit ids and facet counts.
type Answer struct {
	Total  uint64                    `json:"total"`
	IDs    []string                  `json:"ids"`
	Scores []float64                 `json:"scores"` // of IDs, in order
	Facets map[string]map[string]int `json:"facets"`
}

// Report is a whole run.
type Report struct {
	Articles         int           `json:"articles"`
	Seed             uint64        `json:"seed"`
	TextBytes        int64         `json:"text_bytes"`
	NDJSONBytes      int64         `json:"ndjson_bytes"`
	WordsPerArticle  float64       `json:"words_per_article"`
	GOMAXPROCS       int           `json:"gomaxprocs"`
	CPUs             int           `json:"cpus"`
	GenerateSeconds  float64       `json:"generate_s"`
	ExtractSeconds   float64       `json:"extract_s"` // up-front extraction for the raw reference
	ExtractWorkers   int           `json:"extract_workers"`
	Queries          int           `json:"queries"`
	Clients          int           `json:"clients"`
	Rounds           int           `json:"rounds"`
	Service          *EngineReport `json:"service,omitempty"`
	Raw              *EngineReport `json:"raw,omitempty"`
	ParityChecked    int           `json:"parity_checked"`
	ParityMismatches []string      `json:"parity_mismatches,omitempty"`
	Mix              string        `json:"mix"`
	QueryMix         []QuerySpec   `json:"query_mix"`
	WorkDir          string        `json:"work_dir,omitempty"`
	BulkClients      int           `json:"service_bulk_clients"`
}

// usage heads the flags of --help.
const usage = `usage: searchd-bench [--searchd BIN] [-n N] [--data DIR] [--json] [flags]

Benchmark a searchd binary against raw Bleve on this machine: generate N
synthetic articles, ingest them through the daemon's HTTP bulk endpoint and
through Bleve's batch API, run a fixed query mix with 1 and --clients
clients, and report throughput, index size, peak RSS and latency.

flags:
`

// Main parses the bench flags and runs the benchmark, or the raw child when
// --raw-child is given. With -h or --help it prints the usage to stdout and
// returns flag.ErrHelp. self is the argv prefix that re-executes the calling
// program with these flags (for example ["/path/searchd", "bench"]);
// defaultSearchd is the searchd binary to start unless --searchd names one.
func Main(ctx context.Context, args, self []string, defaultSearchd string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("searchd-bench", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // errors are returned; --help goes to stdout
	cfg := Config{Self: self}
	flags.IntVar(&cfg.N, "n", 10000, "articles to generate and ingest")
	flags.IntVar(&cfg.MinWords, "min-words", 300, "shortest body in words")
	flags.IntVar(&cfg.MaxWords, "max-words", 900, "longest body in words")
	flags.StringVar(&cfg.Mix, "mix", MixNews, "query mix: news (keywords and phrases, 0-2 filters, 4 facets, highlights) or peer (as the issue's peer figures)")
	flags.Uint64Var(&cfg.Seed, "seed", 1, "corpus and query seed")
	flags.StringVar(&cfg.DataDir, "data", "../shared/data", "shared data folder (countries, cities, groups, names)")
	flags.StringVar(&cfg.WorkDir, "dir", "", "work directory (default: a new temporary directory, removed unless --keep)")
	flags.BoolVar(&cfg.Keep, "keep", false, "keep the temporary work directory")
	flags.StringVar(&cfg.Searchd, "searchd", defaultSearchd, "searchd binary to benchmark")
	flags.IntVar(&cfg.BatchSize, "batch", 500, "raw Bleve batch size")
	flags.IntVar(&cfg.Clients, "clients", 8, "concurrent query clients")
	flags.IntVar(&cfg.Rounds, "rounds", 3, "passes over the query mix per client")
	flags.IntVar(&cfg.Queries, "queries", 200, "queries in the mix")
	flags.IntVar(&cfg.BulkLines, "bulk-lines", 10000, "NDJSON lines per bulk request")
	flags.IntVar(&cfg.BulkClients, "bulk-clients", 1, "concurrent bulk requests")
	flags.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "goroutines for the up-front extraction")
	flags.StringVar(&cfg.CPUProfile, "raw-cpuprofile", "", "write a CPU profile of the raw reference to this file")
	flags.StringVar(&cfg.RawVariant, "raw-variant", "", "experiment (comma-separated): "+VariantNames())
	flags.BoolVar(&cfg.SkipService, "skip-service", false, "run only the raw reference")
	flags.BoolVar(&cfg.SkipRaw, "skip-raw", false, "run only the service")
	flags.BoolVar(&cfg.JSON, "json", false, "print the report as JSON")
	rawChild := flags.String("raw-child", "", "internal: run the raw reference on this work directory and print JSON")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			flags.SetOutput(stdout)
			flags.PrintDefaults()
			return err
		}
		return fmt.Errorf("%w (see searchd-bench --help)", err)
	}
	if *rawChild != "" {
		return runRawChild(ctx, *rawChild, cfg, stdout)
	}
	if cfg.Mix != MixNews && cfg.Mix != MixPeer {
		return fmt.Errorf("bench: --mix must be %s or %s, got %q", MixNews, MixPeer, cfg.Mix)
	}
	if cfg.MinWords <= 0 || cfg.MaxWords < cfg.MinWords {
		return errors.New("bench: --min-words must be positive and at most --max-words")
	}
	if cfg.N <= 0 || cfg.Clients <= 0 || cfg.Rounds <= 0 || cfg.Queries <= 0 || cfg.BulkLines <= 0 || cfg.BatchSize <= 0 {
		return errors.New("bench: -n, --clients, --rounds, --queries, --bulk-lines and --batch must be positive")
	}
	if !cfg.SkipService && cfg.Searchd == "" {
		return errors.New("bench: --searchd must name the searchd binary")
	}
	rep, err := Run(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	if cfg.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return WriteTable(stdout, rep)
}

// Work directory file names.
const (
	corpusFile    = "corpus.ndjson"
	extractedFile = "extracted.ndjson"
	queriesFile   = "queries.json"
	rawIndexDir   = "raw.bleve"
	serviceDir    = "service"
	serviceLog    = "searchd.log"
)

// Run generates the corpus, ingests and queries it through the service and
// the raw reference, and returns the report. Progress goes to progress.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	logf := func(format string, args ...any) {
		fmt.Fprintf(progress, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
	dir := cfg.WorkDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "searchd-bench-")
		if err != nil {
			return nil, fmt.Errorf("create work directory: %w", err)
		}
		dir = tmp
		if !cfg.Keep {
			defer os.RemoveAll(tmp)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create work directory: %w", err)
	}
	rep := &Report{Articles: cfg.N, Seed: cfg.Seed, Mix: cfg.Mix, GOMAXPROCS: runtime.GOMAXPROCS(0), CPUs: runtime.NumCPU(),
		Queries: cfg.Queries, Clients: cfg.Clients, Rounds: cfg.Rounds, ExtractWorkers: cfg.Workers, BulkClients: cfg.BulkClients}
	if cfg.Keep || cfg.WorkDir != "" {
		rep.WorkDir = dir
	}

	// 1. Corpus.
	data, err := corpus.Load(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	gen, err := corpus.New(data, corpus.Options{Seed: cfg.Seed, MinWords: cfg.MinWords, MaxWords: cfg.MaxWords})
	if err != nil {
		return nil, err
	}
	corpusPath := filepath.Join(dir, corpusFile)
	start := time.Now()
	st, err := writeCorpus(ctx, gen, corpusPath, cfg.N)
	if err != nil {
		return nil, err
	}
	rep.GenerateSeconds = time.Since(start).Seconds()
	rep.TextBytes, rep.NDJSONBytes = st.TextBytes, st.Bytes
	rep.WordsPerArticle = float64(st.Words) / float64(max(st.Articles, 1))
	logf("generated %d articles (%.1f MB text) in %.1fs", st.Articles, float64(st.TextBytes)/1e6, rep.GenerateSeconds)

	// 2. Extraction up front, outside any timing of the raw reference.
	ex, err := extract.New()
	if err != nil {
		return nil, fmt.Errorf("load extractor: %w", err)
	}
	start = time.Now()
	counts, err := extractAll(ctx, ex, corpusPath, filepath.Join(dir, extractedFile), cfg.Workers)
	if err != nil {
		return nil, err
	}
	rep.ExtractSeconds = time.Since(start).Seconds()
	logf("extracted entities in %.1fs (%.0f articles/s on %d goroutines)", rep.ExtractSeconds, float64(cfg.N)/rep.ExtractSeconds, cfg.Workers)

	// 3. The query mix.
	switch cfg.Mix {
	case MixPeer:
		rep.QueryMix = BuildPeerQueries(data.Words, counts, cfg.Queries, cfg.Seed)
	default:
		rep.QueryMix = BuildQueries(data.Words, corpus.Collocations(), counts, cfg.Queries, cfg.Seed)
	}
	qraw, err := json.Marshal(rep.QueryMix)
	if err != nil {
		return nil, fmt.Errorf("encode queries: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, queriesFile), qraw, 0o644); err != nil {
		return nil, fmt.Errorf("write queries: %w", err)
	}

	// 4. The service, then the raw reference, never at the same time.
	if !cfg.SkipService {
		logf("service: ingesting through HTTP bulk")
		rep.Service, err = runService(ctx, cfg, dir, rep.TextBytes, rep.QueryMix, logf)
		if err != nil {
			return nil, err
		}
	}
	if !cfg.SkipRaw {
		logf("raw Bleve: ingesting and querying in a child process")
		rep.Raw, err = runRawParent(ctx, cfg, dir)
		if err != nil {
			return nil, err
		}
		fixTextRates(rep.Raw, rep.TextBytes)
	}
	if rep.Service != nil && rep.Raw != nil {
		rep.ParityChecked, rep.ParityMismatches = compareAnswers(rep.QueryMix, rep.Service.Answers, rep.Raw.Answers)
	}
	if rep.Service != nil {
		rep.Service.Answers = nil
	}
	if rep.Raw != nil {
		rep.Raw.Answers = nil
	}
	return rep, nil
}

func writeCorpus(ctx context.Context, g *corpus.Generator, path string, n int) (corpus.Stats, error) {
	f, err := os.Create(path)
	if err != nil {
		return corpus.Stats{}, fmt.Errorf("create corpus: %w", err)
	}
	st, err := g.WriteNDJSON(ctx, f, n, runtime.GOMAXPROCS(0))
	if err != nil {
		f.Close()
		return st, err
	}
	if err := f.Close(); err != nil {
		return st, fmt.Errorf("write corpus: %w", err)
	}
	return st, nil
}

// extractAll decodes and validates every article as the service does,
// extracts its entities, and writes the articles with entities as NDJSON.
func extractAll(ctx context.Context, ex *extract.Extractor, in, out string, workers int) (*EntityCounts, error) {
	src, err := os.Open(in)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	defer src.Close()
	dst, err := os.Create(out)
	if err != nil {
		return nil, fmt.Errorf("create extracted corpus: %w", err)
	}
	defer dst.Close()
	bw := bufio.NewWriterSize(dst, 1<<20)
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	counts := NewEntityCounts()
	const chunk = 512
	lines := make([][]byte, 0, chunk)
	flush := func() error {
		outs := make([][]byte, len(lines))
		ents := make([]index.Entities, len(lines))
		errs := make([]error, len(lines))
		var wg sync.WaitGroup
		for w := range max(workers, 1) {
			wg.Go(func() {
				for i := w; i < len(lines); i += max(workers, 1) {
					a, err := index.DecodeArticle(lines[i])
					if err != nil {
						errs[i] = err
						continue
					}
					a.Entities = GroupEntities(ex.Extract(extract.Input{Title: a.Title, Body: a.Body, Language: a.Language, Published: a.PublishedAt}))
					ents[i] = a.Entities
					outs[i], errs[i] = json.Marshal(a)
				}
			})
		}
		wg.Wait()
		for i := range lines {
			if errs[i] != nil {
				return fmt.Errorf("extract article: %w", errs[i])
			}
			counts.Add(ents[i])
			bw.Write(outs[i])
			bw.WriteByte('\n')
		}
		lines = lines[:0]
		return nil
	}
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
		if len(lines) == chunk {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("write extracted corpus: %w", err)
	}
	return counts, dst.Close()
}

func runService(ctx context.Context, cfg Config, dir string, textBytes int64, qs []QuerySpec, logf func(string, ...any)) (*EngineReport, error) {
	sdir := filepath.Join(dir, serviceDir)
	if err := os.MkdirAll(sdir, 0o755); err != nil {
		return nil, fmt.Errorf("create service directory: %w", err)
	}
	logFile, err := os.Create(filepath.Join(dir, serviceLog))
	if err != nil {
		return nil, fmt.Errorf("create service log: %w", err)
	}
	defer logFile.Close()
	svc, err := StartService(ctx, cfg.Searchd, sdir, logFile)
	if err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = svc.Stop()
		}
	}()
	rep := &EngineReport{Name: "service"}
	anon := sampleAnon(svc.PID())
	defer anon.Stop()
	start := time.Now()
	n, err := svc.Bulk(ctx, filepath.Join(dir, corpusFile), cfg.BulkLines, cfg.BulkClients)
	if err != nil {
		return nil, fmt.Errorf("service ingestion (%d indexed): %w", n, err)
	}
	in := &rep.Ingest
	in.Articles = n
	in.Seconds = time.Since(start).Seconds()
	in.PeakRSSIngest = svc.PeakRSS()
	in.PeakAnonIngest = anon.Peak()
	idx := filepath.Join(sdir, "index")
	if in.DiskBytes, err = dirSize(idx); err != nil {
		return nil, err
	}
	logf("service: %d articles in %.1fs (%.0f/s); querying", n, in.Seconds, float64(n)/in.Seconds)

	// Warm-up pass: also the answers for the parity check.
	for _, q := range qs {
		a, err := svc.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		ans := Answer{Total: a.Total, Facets: map[string]map[string]int{}}
		for _, h := range a.Hits {
			ans.IDs = append(ans.IDs, h.ID)
			ans.Scores = append(ans.Scores, h.Score)
		}
		for f, vals := range a.Facets {
			m := map[string]int{}
			for _, v := range vals {
				m[v.Value] = v.Count
			}
			ans.Facets[f] = m
		}
		rep.Answers = append(rep.Answers, ans)
	}
	do := svc.Measure
	svc.NoCache = true
	rep.Single = RunLoad(ctx, qs, 1, cfg.Rounds, do)
	rep.Concurrent = RunLoad(ctx, qs, cfg.Clients, cfg.Rounds, do)
	// The warm-up pass filled the result cache; measure what a repeated
	// search costs.
	svc.NoCache = false
	cached := RunLoad(ctx, qs, 1, cfg.Rounds, do)
	rep.CachedSingle = &cached
	// The search box asks for suggestions at every keystroke.
	suggest := RunLoad(ctx, suggestPrefixes(qs), 1, cfg.Rounds, func(ctx context.Context, q QuerySpec) error {
		return svc.Suggest(ctx, q.Q)
	})
	rep.Suggest = &suggest
	if e := rep.Single.All.Errors + rep.Concurrent.All.Errors + cached.All.Errors + suggest.All.Errors; e > 0 {
		return nil, fmt.Errorf("service: %d searches failed (see %s)", e, serviceLog)
	}
	in.PeakRSS = svc.PeakRSS()
	in.PeakAnon = anon.Peak()
	if in.DiskBytesEnd, in.Segments, err = dirStats(idx); err != nil {
		return nil, err
	}
	stopped = true
	if err := svc.Stop(); err != nil {
		return nil, err
	}
	fixTextRates(rep, textBytes)
	return rep, nil
}

func fixTextRates(rep *EngineReport, textBytes int64) {
	in := &rep.Ingest
	if in.Seconds > 0 {
		in.ArticlesPerSec = float64(in.Articles) / in.Seconds
		in.TextMBPerSec = float64(textBytes) / 1e6 / in.Seconds
	}
	if in.Articles > 0 {
		in.DiskBytesPerArticle = float64(in.DiskBytesEnd) / float64(in.Articles)
	}
	if textBytes > 0 {
		in.DiskPerText = float64(in.DiskBytesEnd) / float64(textBytes)
	}
}

// runRawParent runs the raw reference in a child process, so that its peak
// RSS is its own.
func runRawParent(ctx context.Context, cfg Config, dir string) (*EngineReport, error) {
	args := append(append([]string(nil), cfg.Self[1:]...),
		"--raw-child", dir, "--batch", fmt.Sprint(cfg.BatchSize),
		"--clients", fmt.Sprint(cfg.Clients), "--rounds", fmt.Sprint(cfg.Rounds))
	if cfg.CPUProfile != "" {
		args = append(args, "--raw-cpuprofile", cfg.CPUProfile)
	}
	if cfg.RawVariant != "" {
		args = append(args, "--raw-variant", cfg.RawVariant)
	}
	cmd := exec.CommandContext(ctx, cfg.Self[0], args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("raw reference: %w", err)
	}
	var rep EngineReport
	if err := json.Unmarshal(out, &rep); err != nil {
		return nil, fmt.Errorf("decode raw reference report: %w", err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && rep.Ingest.PeakRSS == 0 {
		rep.Ingest.PeakRSS = ru.Maxrss * 1024 // getrusage: kB on Linux
	}
	return &rep, nil
}

// runRawChild is the raw reference: ingest the pre-extracted articles with
// Bleve's batch API into a Scorch index on disk, then run the query mix
// in-process, and print the EngineReport as JSON.
func runRawChild(ctx context.Context, dir string, cfg Config, stdout io.Writer) error {
	var qs []QuerySpec
	raw, err := os.ReadFile(filepath.Join(dir, queriesFile))
	if err != nil {
		return fmt.Errorf("read queries: %w", err)
	}
	if err := json.Unmarshal(raw, &qs); err != nil {
		return fmt.Errorf("decode queries: %w", err)
	}
	ex, err := extract.New() // for resolving filter values only
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}
	if cfg.CPUProfile != "" {
		pf, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return fmt.Errorf("create profile: %w", err)
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return fmt.Errorf("start profile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			pf.Close()
		}()
	}
	variant, err := ParseVariant(cfg.RawVariant)
	if err != nil {
		return err
	}
	idx := filepath.Join(dir, rawIndexDir)
	_ = os.RemoveAll(idx)
	bi, err := openRaw(idx, variant)
	if err != nil {
		return err
	}
	defer bi.Close()
	f, err := os.Open(filepath.Join(dir, extractedFile))
	if err != nil {
		return fmt.Errorf("open extracted corpus: %w", err)
	}
	anon := sampleAnon(0)
	defer anon.Stop()
	t, err := rawIngest(ctx, bi, f, cfg.BatchSize, variant)
	f.Close()
	if err != nil {
		return err
	}
	rep := EngineReport{Name: "raw", Variant: cfg.RawVariant}
	in := &rep.Ingest
	in.Articles, in.Seconds = t.Articles, t.Total.Seconds()
	in.DecodeSeconds, in.BuildSeconds, in.CommitSeconds = t.Decode.Seconds(), t.Build.Seconds(), t.Commit.Seconds()
	in.PeakRSSIngest = vmHWM(0)
	in.PeakAnonIngest = anon.Peak()
	if in.DiskBytes, err = dirSize(idx); err != nil {
		return err
	}
	if variant.ForceMerge {
		start := time.Now()
		if err := forceMerge(ctx, bi); err != nil {
			return err
		}
		in.ForceMergeSeconds = time.Since(start).Seconds()
	}
	rs := NewRawSearcher(bi, ex, variant)
	for _, q := range qs {
		r, err := rs.Search(ctx, q)
		if err != nil {
			return err
		}
		rep.Answers = append(rep.Answers, Answer{Total: r.Total, IDs: r.IDs, Scores: r.Scores, Facets: r.Facets})
	}
	do := func(ctx context.Context, q QuerySpec) error {
		_, err := rs.Search(ctx, q)
		return err
	}
	rep.Single = RunLoad(ctx, qs, 1, cfg.Rounds, do)
	rep.Concurrent = RunLoad(ctx, qs, cfg.Clients, cfg.Rounds, do)
	in.PeakRSS = vmHWM(0)
	in.PeakAnon = anon.Peak()
	if in.DiskBytesEnd, in.Segments, err = dirStats(idx); err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(rep)
}

// compareAnswers checks that the service and the raw reference found the
// same totals, hits and facet counts; it returns how many queries it
// compared and a description of each difference.
func compareAnswers(qs []QuerySpec, svc, raw []Answer) (int, []string) {
	var bad []string
	n := min(len(svc), len(raw), len(qs))
	for i := range n {
		s, r := svc[i], raw[i]
		switch {
		case s.Total != r.Total:
			bad = append(bad, fmt.Sprintf("query %d %q: total service %d, raw %d", i, qs[i].Q, s.Total, r.Total))
		// Relevance sorts by score only, so equal scores keep each index's
		// internal order, and hits tied with the last one of the page may be
		// cut differently: compare as a set the hits scoring above the last.
		case len(s.IDs) != len(r.IDs) ||
			fmt.Sprint(sortedCopy(aboveLast(s))) != fmt.Sprint(sortedCopy(aboveLast(r))):
			bad = append(bad, fmt.Sprintf("query %d %q: hits differ", i, qs[i].Q))
		default:
			for f, sv := range s.Facets {
				for v, c := range sv {
					if rc, ok := r.Facets[f][v]; ok && rc != c {
						bad = append(bad, fmt.Sprintf("query %d %q: facet %s %q service %d, raw %d", i, qs[i].Q, f, v, c, rc))
					}
				}
			}
		}
	}
	return n, bad
}

// aboveLast returns the ids of a page scoring clearly above its last hit,
// or all of them when the scores are unknown.
func aboveLast(a Answer) []string {
	if len(a.Scores) != len(a.IDs) || len(a.IDs) == 0 {
		return a.IDs
	}
	last := a.Scores[len(a.Scores)-1]
	var out []string
	for i, id := range a.IDs {
		if a.Scores[i]-last > 1e-9*max(1, last) {
			out = append(out, id)
		}
	}
	return out
}

func sortedCopy(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}
