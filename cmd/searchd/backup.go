package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/searchd/searchd/index"
)

// backupCmd asks the running daemon for a snapshot, so the index never
// needs to be closed for a backup.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	server := flags.String("server", "", "daemon base URL (default http://<http.addr>)")
	if err := flags.Parse(args); err != nil {
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
	body, _ := json.Marshal(map[string]string{"name": flags.Arg(0)})
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/admin/backup", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if key := os.Getenv("SEARCHD_KEY"); key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	} else if write, _, err := cfg.Auth.Keys(); err == nil && len(write) > 0 {
		req.Header.Set("Authorization", "Bearer "+write[0])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup: is the daemon running at %s? %w", base, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("backup: %s: %s", res.Status, bytes.TrimSpace(out))
	}
	_, err = stdout.Write(out)
	return err
}

// restoreCmd installs a backup as the configured index; the daemon must be stopped.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("restore", flag.ContinueOnError)
	flags.SetOutput(stderr)
	configPath := flags.String("config", "", "config file (default ./config.yaml when present)")
	force := flags.Bool("force", false, "replace an existing index (kept beside it as .before-restore)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{"restore needs the backup directory"}
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	info, err := index.Restore(flags.Arg(0), cfg.Index.Path, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %d documents (generation %d) to %s\n", info.Documents, info.Generation, info.Path)
	return nil
}
