// Command searchd-eval scores searchd's entity extractor on gold files:
// CoNLL (token and tag columns, PER/ORG/LOC) and the project's gold JSONL
// (span and per-document scores), told apart by content. scripts/test.sh keeps its per-type F1 on
// testdata/gold and testdata/heldout at or above testdata/gold/f1-floor.json.
//
// Usage:
//
//	searchd-eval [--json] FILE...
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/extract/eval"
)

const usage = `usage: searchd-eval [--json] FILE...

Score searchd's entity extractor on gold files: CoNLL (token and tag
columns, PER/ORG/LOC) and the project's gold JSONL (span and per-document
scores per entity type), told apart by content; any other file is refused.

flags:
`

func main() {
	err := run(os.Args[1:], os.Stdout)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "searchd-eval:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "searchd-eval:", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// run is main without the process around it.
func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("searchd-eval", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // errors are returned; --help goes to stdout
	asJSON := flags.Bool("json", false, "print one JSON object for scripts: file -> span|document -> type -> scores")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			flags.SetOutput(stdout)
			flags.PrintDefaults()
			return err
		}
		return usageError{fmt.Sprintf("%v (see searchd-eval --help)", err)}
	}
	if flags.NArg() == 0 {
		return usageError{"needs at least one gold file (CoNLL or the project's gold JSONL)"}
	}
	ex, err := extract.New()
	if err != nil {
		return err
	}
	return eval.Run(stdout, ex, flags.Args(), *asJSON)
}
