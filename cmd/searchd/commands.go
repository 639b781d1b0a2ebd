package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandDoc is a subcommand's usage line and what it does: the source of
// both "searchd --help" and "searchd CMD --help".
type commandDoc struct {
	name     string
	synopsis string // after "searchd "
	short    string // for the list of commands
	summary  string // for the command's own --help
}

// commandDocs lists the subcommands in the order the usage shows them.
var commandDocs = []commandDoc{
	{"serve", "[serve] [--config FILE] [--reindex]",
		"run the daemon",
		"Run the daemon: the JSON API under /api/v1, /healthz, /readyz and the web UI."},
	{"ingest", "ingest [--config FILE] [--published-at DATE] PATH... | [--server URL] URL...",
		"index article files or folders, or feeds and pages by URL (daemon stopped)",
		"Index article files or whole folders into the index directly (stop the daemon first,\n" +
			"or post to its bulk endpoint instead): .json (an article or an array), .ndjson/.jsonl\n" +
			"(one article a line) and .txt (first line the title, the rest the body). A .txt\n" +
			"article is dated by a date line or dateline at the top of its text (\"Published:\n" +
			"2024-03-03\", \"WASHINGTON, March 3, 2024 (Reuters) —\"), else by --published-at,\n" +
			"else by the file's modification time; ingest prints which.\n\n" +
			"Given http(s) URLs instead, ingest fetches each: a feed (RSS, Atom, JSON Feed) has its\n" +
			"items' pages fetched and their stories indexed, a web page is indexed itself\n" +
			"(feeds.* in config.yaml bound the fetches). --server sends the articles to a running\n" +
			"daemon's bulk endpoint instead of opening the index."},
	{"reindex", "reindex [--config FILE]",
		"rebuild the index with this binary's mapping",
		"Rebuild the index from its stored articles with this binary's mapping and extractor."},
	{"backup", "backup [--config FILE] [--server URL] [NAME]",
		"snapshot the running daemon's index",
		"Ask the running daemon for a snapshot of its index in index.backup_dir/NAME; sends the\n" +
			"first configured write key, or $SEARCHD_KEY."},
	{"restore", "restore [--config FILE] [--force] DIR",
		"install a backup as the index (daemon stopped)",
		"Install a backup as the index (daemon stopped); --force replaces an existing index,\n" +
			"which is kept beside it as .before-restore."},
	{"config", "config [--config FILE] [--format yaml|json]",
		"print the effective configuration, secrets redacted",
		"Print the effective configuration (defaults, then the file, then SEARCHD_*\n" +
			"environment variables) with secrets such as API keys redacted."},
	{"version", "version [--json]",
		"print the build's version and commit, mapping and extractor versions",
		"Print the build's module version and VCS commit, the Go version, and the versions of\n" +
			"the index mapping and the entity extractor."},
	{"help", "help [COMMAND]",
		"print this usage, or a command's", "Print this usage, or a command's."},
}

func docOf(name string) commandDoc {
	for _, d := range commandDocs {
		if d.name == name {
			return d
		}
	}
	panic("no usage for command " + name) // a programming error: every command has one
}

// usage is the text of "searchd --help".
func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, d := range commandDocs {
		line := "  searchd " + d.synopsis
		if len(line) > 46 {
			fmt.Fprintf(&b, "%s\n  %-46s %s\n", line, "", d.short)
		} else {
			fmt.Fprintf(&b, "%-48s %s\n", line, d.short)
		}
	}
	b.WriteString("\nRun \"searchd COMMAND --help\" for a command's flags. The benchmark and the\n" +
		"extractor's evaluation are commands of their own: searchd-bench, searchd-eval.\n")
	return b.String()
}

// commandFlags is the flag set of a subcommand, with its usage.
type commandFlags struct {
	*flag.FlagSet
	doc commandDoc
}

// newFlags returns the flag set of the named subcommand. Parse errors are
// returned, not printed: main prints them once.
func newFlags(name string) *commandFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &commandFlags{FlagSet: fs, doc: docOf(name)}
}

// parse parses args. With -h or --help it prints the usage to stdout and
// reports helped: the command then returns nil, and searchd exits 0.
func (c *commandFlags) parse(args []string, stdout io.Writer) (helped bool, err error) {
	err = c.Parse(args)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, flag.ErrHelp):
		c.usage(stdout)
		return true, nil
	default:
		return false, usageError{fmt.Sprintf("%s: %v (see searchd %s --help)", c.Name(), err, c.Name())}
	}
}

// usage prints the command's usage line, summary and flags.
func (c *commandFlags) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: searchd %s\n\n%s\n", c.doc.synopsis, c.doc.summary)
	n := 0
	c.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflags:")
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(io.Discard)
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}
