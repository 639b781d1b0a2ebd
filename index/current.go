package index

// Where the index in use lives. A rebuild (online or offline) writes a
// whole new index beside the one in use, and cannot rename either while
// they are open, so the configured index path P holds them all: the first
// index is P itself (Bleve's files directly in it), each rebuild builds
// the next of P/r1, P/r2, …, and the file P/searchd_current names the one
// in use (none: P itself). Everything stays inside P, so a P that is a
// mounted volume keeps the index on it.
//
// The file is replaced atomically and durably (written aside, fsync'd,
// renamed, the directory fsync'd): a crash leaves it naming the old index
// or the complete new one, never a half-built one. Opening the index then
// removes what is not in use: a rebuild a crash interrupted before it
// switched, or the old index a crash left after the switch. It does so only
// once the index in use is open, its lock held, so that a running daemon's
// rebuild is never removed from under it.

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/searchd/searchd/internal/atomicfile"
)

// currentFileName is the file, in the configured index directory, naming
// the rebuilt index in use.
const currentFileName = "searchd_current"

// generationName matches the directory name of a rebuilt index.
var generationName = regexp.MustCompile(`^r([1-9][0-9]{0,8})$`)

// rootEntries are the files and directories of an index kept directly in
// the configured directory (the first one), which a rebuild's switch
// leaves behind.
var rootEntries = []string{"index_meta.json", "store", ackFileName, ackFileName + ".tmp"}

// generation returns the rebuild number of dir for the configured index
// directory root: 0 for root itself, n for root/rn, or false for any other.
func generation(root, dir string) (int, bool) {
	root, dir = cleanPath(root), cleanPath(dir)
	if dir == root {
		return 0, true
	}
	if filepath.Dir(dir) != root {
		return 0, false
	}
	m := generationName.FindStringSubmatch(filepath.Base(dir))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// cleanPath is path in the one spelling the comparisons of index
// directories here rely on; "" (in memory) stays "".
func cleanPath(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Clean(path)
}

// nextDir is the directory a rebuild of the index at cur builds into.
func nextDir(root, cur string) string {
	n, _ := generation(root, cur)
	return filepath.Join(root, "r"+strconv.Itoa(n+1))
}

// CurrentDir returns the directory of the index in use for the configured
// index directory root: the rebuild root/searchd_current names, or root.
func CurrentDir(root string) (string, error) {
	root = cleanPath(root)
	if root == "" {
		return "", nil
	}
	file := filepath.Join(root, currentFileName)
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return root, nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", file, err)
	}
	name := strings.TrimSpace(string(data))
	if !generationName.MatchString(name) {
		return "", fmt.Errorf("%s is damaged: it names %q, not a rebuilt index rN: %w", file, name, ErrDamaged)
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return "", fmt.Errorf("%s names the index %s, which is missing or incomplete: "+
			"restore a backup with `searchd restore --force BACKUP_DIR`: %w", file, dir, ErrDamaged)
	}
	return dir, nil
}

// setCurrent durably makes dir, a rebuild in root, the index in use.
func setCurrent(root, dir string) error {
	if n, ok := generation(root, dir); !ok || n == 0 {
		return fmt.Errorf("set current index: %s is not a rebuild in %s", dir, root)
	}
	file := filepath.Join(root, currentFileName)
	err := atomicfile.Write(file, []byte(filepath.Base(dir)+"\n"), 0o600)
	if err != nil {
		return fmt.Errorf("set current index: %w", noSpaceError(err))
	}
	return nil
}

// restoreCurrent makes cur the index in use again after setCurrent failed,
// whatever of it reached the disk.
func restoreCurrent(root, cur string) {
	if cur == root {
		_ = os.Remove(filepath.Join(root, currentFileName))
		_ = atomicfile.SyncDir(root)
		return
	}
	_ = setCurrent(root, cur)
}

// removeStale removes what root holds besides the index in use, cur: other
// rebuilds, and the first index's own files once a rebuild replaced it.
func removeStale(root, cur string, log *slog.Logger) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("list %s: %w", root, err)
	}
	var stale []string
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		if n, ok := generation(root, dir); ok && n > 0 && e.IsDir() && dir != cur {
			stale = append(stale, dir)
		}
	}
	if cur != root {
		for _, name := range rootEntries {
			if _, err := os.Lstat(filepath.Join(root, name)); err == nil {
				stale = append(stale, filepath.Join(root, name))
			}
		}
	}
	// A pointer write cut short leaves its temporary file (atomicfile).
	tmps, _ := filepath.Glob(filepath.Join(root, "."+currentFileName+".*.tmp"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
	for _, p := range stale {
		log.Warn("removing an index that is not in use: a rebuild that was interrupted, or the index a rebuild replaced",
			"path", p, "in_use", cur)
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("remove %s: %w", p, err)
		}
	}
	return nil
}

// removeIndexAt removes the index at dir, one of root's: a rebuild's whole
// directory, or the first index's files in root itself.
func removeIndexAt(root, dir string) error {
	if dir != root {
		return os.RemoveAll(dir)
	}
	for _, name := range rootEntries {
		if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
			return err
		}
	}
	return nil
}
