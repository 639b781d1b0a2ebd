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
//	searchd config [--config FILE] [--format yaml|json]
//	searchd version [--json]
//	searchd help [COMMAND]
//
// Every command takes --help. The benchmark and the extractor's evaluation
// are the commands searchd-bench and searchd-eval.
package main

import (
	"context"
	"errors"
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
		fmt.Fprintln(os.Stderr, "searchd:", err)
		os.Exit(exitCode(err))
	}
}

// exitCode is 2 for usage errors, 1 for everything else.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// run dispatches a subcommand; it is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && isHelp(args[0]) {
		cmd, args = "help", args[1:]
	} else if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "ingest":
		return ingest(ctx, args, stdout, stderr)
	case "reindex":
		return reindexCmd(ctx, args, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "restore":
		return restoreCmd(args, stdout, stderr)
	case "config":
		return configCmd(args, stdout)
	case "version":
		return versionCmd(args, stdout)
	case "help":
		return helpCmd(args, stdout)
	default:
		return usageError{fmt.Sprintf("unknown command %q\n%s", cmd, usage())}
	}
}

// helpCmd prints the usage of searchd or of one command.
func helpCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprint(stdout, usage())
		return nil
	}
	if len(args) > 1 {
		return usageError{"help takes at most one command"}
	}
	for _, d := range commandDocs {
		if d.name == args[0] && d.name != "help" {
			// The command prints its own usage, flags included.
			return run(context.Background(), []string{d.name, "--help"}, stdout, io.Discard)
		}
	}
	return usageError{fmt.Sprintf("help: unknown command %q\n%s", args[0], usage())}
}

func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
