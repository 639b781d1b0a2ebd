package main

import (
	"flag"
	"io"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/extract/eval"
)

func evalCmd(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("eval", flag.ContinueOnError)
	flags.SetOutput(stderr)
	asJSON := flags.Bool("json", false, "print one JSON object for scripts")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		return usageError{"eval needs at least one gold file (.conll, .txt or .jsonl)"}
	}
	ex, err := extract.New()
	if err != nil {
		return err
	}
	return eval.Run(stdout, ex, flags.Args(), *asJSON)
}
