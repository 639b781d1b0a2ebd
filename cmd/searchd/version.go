package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// buildVersion is what searchd version reports.
type buildVersion struct {
	Module     string `json:"module"`
	Version    string `json:"version"`               // the module's version: a tag, a pseudo-version, or (devel)
	Commit     string `json:"commit,omitempty"`      // VCS revision the binary was built from
	CommitTime string `json:"commit_time,omitempty"` // its time, RFC 3339
	Modified   bool   `json:"modified,omitempty"`    // built with uncommitted changes
	Go         string `json:"go"`
	Platform   string `json:"platform"`
	Mapping    int    `json:"mapping_version"`
	Extractor  int    `json:"extractor_version"`
}

// currentVersion reads the build information the Go toolchain embedded.
func currentVersion() buildVersion {
	v := buildVersion{Module: "github.com/searchd/searchd", Version: "(unknown)", Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, Mapping: mapping.Version, Extractor: extract.Version}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Module, v.Version, v.Go = info.Main.Path, info.Main.Version, info.GoVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func versionCmd(args []string, stdout io.Writer) error {
	flags := newFlags("version")
	asJSON := flags.Bool("json", false, "print one JSON object")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("version takes no arguments, got %q", flags.Args())}
	}
	v := currentVersion()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	commit := "unknown (built without VCS information: not from a git checkout, or with -buildvcs=false)"
	if v.Commit != "" {
		commit = v.Commit
		if v.CommitTime != "" {
			commit += " (" + v.CommitTime + ")"
		}
		if v.Modified {
			commit += ", with uncommitted changes"
		}
	}
	fmt.Fprintf(stdout, "searchd %s\nmodule    %s\ncommit    %s\ngo        %s %s\nmapping   %d\nextractor %d\n",
		v.Version, v.Module, commit, v.Go, v.Platform, v.Mapping, v.Extractor)
	return nil
}
