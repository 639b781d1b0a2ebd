// Command evalcmd runs the extractor evaluation on gold files, the same as
// "searchd eval": evalcmd [-json] FILE...
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/extract/eval"
)

func main() {
	asJSON := flag.Bool("json", false, "print one JSON object")
	flag.Parse()
	ex, err := extract.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := eval.Run(os.Stdout, ex, flag.Args(), *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
