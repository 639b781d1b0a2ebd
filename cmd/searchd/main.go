// Command searchd is a news search daemon: it extracts persons, countries,
// groups, places and dates from articles, indexes them in Bleve and serves
// faceted search over HTTP.
//
// Usage:
//
//	searchd [serve] [--config FILE] [--reindex]
//	searchd ingest [--config FILE] [--published-at DATE] PATH...
//	searchd ingest [--config FILE] [--server URL] URL...
//	searchd reindex [--config FILE]
//	searchd backup [--config FILE] [--server URL] [NAME]
//	searchd restore [--config FILE] [--force] DIR
//	searchd eval [--json] FILE...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "searchd:", err)
		}
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage errors, 1 for everything else.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

const usage = `usage:
  searchd [serve] [--config FILE] [--reindex]   run the daemon
  searchd ingest [--config FILE] [--published-at DATE] PATH...
                                               index .json, .ndjson/.jsonl and .txt files or folders
  searchd ingest [--config FILE] [--server URL] URL...
                                               index a feed's stories (RSS, Atom, JSON Feed) or a web page
  searchd reindex [--config FILE]              rebuild the index with this binary's mapping
  searchd backup [--config FILE] [--server URL] [NAME]
                                               snapshot the running daemon's index into index.backup_dir
  searchd restore [--config FILE] [--force] DIR
                                               install a backup as the index (daemon stopped)
  searchd eval [--json] FILE...                score the extractor on gold files (.conll, .txt, .jsonl)
  searchd bench [-n N] [--json] ...            ingest and query benchmark: service vs raw Bleve
`

// run dispatches a subcommand; it is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "ingest":
		return ingest(ctx, args, stderr)
	case "reindex":
		return reindexCmd(ctx, args, stderr)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "restore":
		return restoreCmd(args, stdout, stderr)
	case "eval":
		return evalCmd(args, stdout, stderr)
	case "bench":
		return benchCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q\n%s", cmd, usage)}
	}
}

func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
