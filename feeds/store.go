package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/searchd/searchd/internal/atomicfile"
)

// stateVersion is the format of the state file.
const stateVersion = 1

// stateFile is what survives a restart: the feeds added at run time, and
// the polling state of every feed (so a restart neither forgets what was
// indexed nor refetches feeds that did not change).
type stateFile struct {
	Version int         `json:"version"`
	Feeds   []feedState `json:"feeds"`
}

// feedState is one feed as saved.
type feedState struct {
	ID       string    `json:"id"`
	URL      string    `json:"url"`
	Interval Duration  `json:"interval"`
	Origin   string    `json:"origin"`
	AddedAt  time.Time `json:"added_at"`
	state
}

// state is a feed's polling state.
type state struct {
	validators
	Title       string     `json:"title,omitempty"`
	LastPoll    *time.Time `json:"last_poll,omitempty"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	Status      string     `json:"status"`
	LastError   string     `json:"last_error,omitempty"`
	Failures    int        `json:"failures,omitempty"`
	Articles    int        `json:"articles"`
	// Handled are the keys of the items of the feed's last document that
	// need nothing more; Attempts counts the failures of the others.
	Handled  []string       `json:"handled,omitempty"`
	Attempts map[string]int `json:"attempts,omitempty"`
	// ItemErrors are the last poll's item failures, for the status.
	ItemErrors []ItemError `json:"item_errors,omitempty"`
}

// Duration is a time.Duration written in JSON as "15m0s".
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string such as "30m".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"30m\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// loadState reads the state file; a missing file is an empty state.
func loadState(path string) (stateFile, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return stateFile{Version: stateVersion}, nil
	}
	if err != nil {
		return stateFile{}, fmt.Errorf("read feeds state: %w", err)
	}
	var sf stateFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return stateFile{}, fmt.Errorf("feeds state file %s is damaged (%v): fix or remove it", filepath.Base(path), err)
	}
	if sf.Version != stateVersion {
		return stateFile{}, fmt.Errorf("feeds state file %s has version %d, this binary reads %d", filepath.Base(path), sf.Version, stateVersion)
	}
	return sf, nil
}

// saveState writes the state file atomically: a temporary file in the same
// directory, fsync'd, renamed over the old one, and the directory fsync'd,
// so that a crash leaves the old file or the new one, never a torn one.
func saveState(path string, sf stateFile) error {
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save feeds state: %w", err)
	}
	if err := atomicfile.Write(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save feeds state: %w", err)
	}
	return nil
}
