package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// BackupInfo describes a backup.
type BackupInfo struct {
	Path       string `json:"path"`
	Documents  uint64 `json:"documents"`
	Generation uint64 `json:"generation"` // write generation the backup holds
	TookMs     int64  `json:"took_ms"`
}

// Backup copies a consistent snapshot of the index to dir, which must not
// exist, while the index keeps serving and taking writes. The snapshot is
// taken between two commits, so it holds exactly the writes acknowledged
// up to then. The copy is verified by opening it.
func (ix *Index) Backup(ctx context.Context, dir string) (BackupInfo, error) {
	start := time.Now()
	// A reindex does not switch indexes under a backup.
	ix.maint.RLock()
	defer ix.maint.RUnlock()
	path := ix.dir()
	if path == "" {
		return BackupInfo{}, errors.New("backup: an in-memory index has nothing to back up")
	}
	if _, err := os.Stat(dir); err == nil {
		return BackupInfo{}, fmt.Errorf("backup: %s: %w", dir, ErrExists)
	}
	// A copy as large as the index must fit above the reserve kept for
	// Scorch's merges (the backup directory is usually on the same disk).
	if st, err := ix.Stats(ctx); err == nil && ix.space.reserve > 0 {
		target := spaceGuard{path: filepath.Dir(dir), reserve: ix.space.reserve, free: ix.space.free}
		if _, err := os.Stat(target.path); err != nil {
			target.path = path // the backup directory is made below: its disk is not known yet
		}
		if err := target.check(uint64(st.DiskBytes)); err != nil {
			return BackupInfo{}, fmt.Errorf("backup: %w", err)
		}
	}
	adv, err := ix.bi.Advanced()
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return BackupInfo{}, errors.New("backup: index is not a Scorch index")
	}
	partial := dir + ".partial"
	if err := os.MkdirAll(filepath.Dir(partial), 0o755); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	// Mkdir, not MkdirAll: it fails when another backup of the same name is
	// under way, so two never write into one directory.
	if err := os.Mkdir(partial, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return BackupInfo{}, fmt.Errorf("backup: %s is being written by another backup (remove it if none runs): %w", partial, ErrExists)
		}
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	ok = false
	defer func() {
		if !ok {
			_ = os.RemoveAll(partial)
		}
	}()

	// Take the snapshot between commits.
	ix.writeMu.Lock()
	reader := sc.CopyReader()
	ix.writeMu.Unlock()
	if reader == nil {
		return BackupInfo{}, errors.New("backup: index is closed")
	}
	err = reader.CopyTo(bleve.FileSystemDirectory(partial))
	if cerr := reader.CloseCopyReader(); err == nil {
		err = cerr
	}
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: copy snapshot: %w", err)
	}
	if err := copyFile(filepath.Join(path, "index_meta.json"), filepath.Join(partial, "index_meta.json"), nil); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return BackupInfo{}, err
	}
	info, err := inspect(partial)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("backup: verify copy: %w", err)
	}
	if err := os.Rename(partial, dir); err != nil {
		return BackupInfo{}, fmt.Errorf("backup: %w", err)
	}
	ok = true
	info.Path = dir
	info.TookMs = time.Since(start).Milliseconds()
	return info, nil
}

// inspect opens an existing index to count it and read its generation; it
// never creates one.
func inspect(path string) (BackupInfo, error) {
	dir, err := CurrentDir(path)
	if err != nil {
		return BackupInfo{}, err
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return BackupInfo{}, fmt.Errorf("%s is not an index: %w", path, err)
	}
	bi, err := openBleve(dir)
	if err != nil {
		return BackupInfo{}, err
	}
	defer bi.Close()
	n, err := bi.DocCount()
	if err != nil {
		return BackupInfo{}, err
	}
	gen, err := readGeneration(bi)
	if err != nil {
		return BackupInfo{}, err
	}
	return BackupInfo{Path: path, Documents: n, Generation: gen}, nil
}

// Restore installs the backup at src as the index at dst. dst must not
// exist unless replace is set, in which case the old index is moved to
// dst + ".before-restore". The backup is verified before and after copying.
// progress, when not nil, is called with the bytes copied so far and the
// size of the backup as the copy goes.
func Restore(src, dst string, replace bool, progress func(copied, total int64)) (BackupInfo, error) {
	want, err := inspect(src)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("restore: %s is not a usable backup: %w", src, err)
	}
	// Copy first, beside the target, so a failed copy changes nothing.
	partial := dst + ".restoring"
	if err := os.RemoveAll(partial); err != nil {
		return BackupInfo{}, fmt.Errorf("restore: %w", err)
	}
	if err := copyTree(src, partial, progress); err != nil {
		_ = os.RemoveAll(partial)
		return BackupInfo{}, fmt.Errorf("restore: %w", err)
	}
	aside := ""
	if _, err := os.Stat(dst); err == nil {
		if !replace {
			_ = os.RemoveAll(partial)
			return BackupInfo{}, fmt.Errorf("restore: %s exists; stop the daemon and pass --force to replace it: %w", dst, ErrExists)
		}
		// A daemon serving dst holds its lock: refuse rather than pull the
		// index from under it.
		cur, err := CurrentDir(dst)
		if err != nil {
			cur = dst // a damaged index is what a restore is for
		}
		live, err := bleve.OpenUsing(cur, map[string]any{"bolt_timeout": "1s", "read_only": true})
		if err != nil {
			_ = os.RemoveAll(partial)
			if strings.Contains(err.Error(), "timeout") {
				return BackupInfo{}, fmt.Errorf("restore: %s is in use (stop the daemon first): %w", dst, ErrLocked)
			}
			// An index that does not open is what a restore is for.
		} else {
			_ = live.Close()
		}
		aside = dst + ".before-restore"
		if err := os.RemoveAll(aside); err != nil {
			_ = os.RemoveAll(partial)
			return BackupInfo{}, fmt.Errorf("restore: %w", err)
		}
		if err := os.Rename(dst, aside); err != nil {
			_ = os.RemoveAll(partial)
			return BackupInfo{}, fmt.Errorf("restore: move old index aside: %w", err)
		}
	}
	if err := os.Rename(partial, dst); err != nil {
		if aside != "" {
			_ = os.Rename(aside, dst) // put the old index back
		}
		return BackupInfo{}, fmt.Errorf("restore: %w", err)
	}
	got, err := inspect(dst)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("restore: verify: %w", err)
	}
	if got.Documents != want.Documents {
		return BackupInfo{}, fmt.Errorf("restore: copy holds %d documents, backup %d", got.Documents, want.Documents)
	}
	return got, nil
}

// copyTree copies the directory src to dst, calling progress (when not
// nil) with the bytes copied so far and the total.
func copyTree(src, dst string, progress func(copied, total int64)) error {
	var total int64
	var count func(int)
	if progress != nil {
		err := filepath.WalkDir(src, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				var info fs.FileInfo
				if info, err = d.Info(); err == nil {
					total += info.Size()
				}
			}
			return err
		})
		if err != nil {
			return err
		}
		var copied int64
		count = func(n int) {
			copied += int64(n)
			progress(copied, total)
		}
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(p, target, count)
	})
}

// copyFile copies one file and syncs it to disk; count, when not nil, is
// told of every chunk copied.
func copyFile(src, dst string, count func(int)) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	var in io.Reader = f
	if count != nil {
		in = countingReader{r: f, count: count}
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// countingReader reports the bytes read through it.
type countingReader struct {
	r     io.Reader
	count func(int)
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.count(n)
	}
	return n, err
}
