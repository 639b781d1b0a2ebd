package main

import (
	"fmt"
	"io"
	"os"
)

// configCmd prints the effective configuration, secrets redacted.
func configCmd(args []string, stdout io.Writer) error {
	flags := newFlags("config")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	format := flags.String("format", "yaml", "yaml or json")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("config takes no arguments, got %q", flags.Args())}
	}
	if *format != "yaml" && *format != "json" {
		return usageError{fmt.Sprintf("config: --format: want yaml or json, got %q", *format)}
	}
	path := *configPath
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	cfg, err := loadConfig(path)
	if err != nil {
		return err
	}
	out, err := cfg.Marshal(*format)
	if err != nil {
		return err
	}
	if *format == "yaml" {
		from := "defaults and SEARCHD_* environment variables"
		if path != "" {
			from = "defaults, " + path + " and SEARCHD_* environment variables"
		}
		fmt.Fprintf(stdout, "# searchd's effective configuration, from %s; secrets redacted.\n", from)
	}
	_, err = stdout.Write(out)
	return err
}
