package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/searchd/searchd/client"
	"github.com/searchd/searchd/index"
)

// backupCmd asks the running daemon for a snapshot, so the index never
// needs to be closed for a backup.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("backup")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	server := flags.String("server", "", "daemon base URL (default http://<http.addr>)")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() > 1 {
		return usageError{"backup takes at most one name"}
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	base := *server
	if base == "" {
		base = "http://" + cfg.HTTP.Addr
	}
	key := os.Getenv("SEARCHD_KEY")
	if write, _, err := cfg.Auth.Keys(); key == "" && err == nil && len(write) > 0 {
		key = write[0]
	}
	// A snapshot of a large index takes minutes: the deadline is generous.
	c, err := client.New(base, client.WithAPIKey(key), client.WithTimeout(30*time.Minute))
	if err != nil {
		return usageError{"backup: --server: " + err.Error()}
	}
	info, err := c.Backup(ctx, client.BackupRequest{Name: flags.Arg(0)})
	if err != nil {
		var apiErr *client.Error
		if !errors.As(err, &apiErr) {
			return fmt.Errorf("backup: is the daemon running at %s? %w", base, err)
		}
		return fmt.Errorf("backup: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(info)
}

// restoreCmd installs a backup as the configured index; the daemon must be stopped.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("restore")
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	force := flags.Bool("force", false, "replace an existing index (kept beside it as .before-restore)")
	if helped, err := flags.parse(args, stdout); helped || err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{"restore needs the backup directory"}
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	level, _ := cfg.Log.SlogLevel() // validated by config.Load
	log := newLogger(stderr, level, cfg.Log.Format)
	var prog *progress
	info, err := index.Restore(flags.Arg(0), cfg.Index.Path, *force, func(copied, total int64) {
		if prog == nil {
			prog = newProgress(stderr, isTerminal(stderr), log, "restore", "", total, true)
		}
		prog.set(copied)
	})
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %d documents (generation %d) to %s\n", info.Documents, info.Generation, info.Path)
	return nil
}
