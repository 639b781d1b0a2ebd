package main

import (
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/searchd/searchd/index"
)

// What ingest reports beside its errors: the date each .txt article got,
// and its progress, counted in bytes read.

// formatDay writes a date alone when it is midnight UTC, as a date line gives it.
func formatDay(t time.Time) string {
	if u := t.UTC(); u.Equal(u.Truncate(24 * time.Hour)) {
		return u.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func dateSourceText(from index.DateSource) string {
	switch from {
	case index.DateFromText:
		return "from the date line or dateline at the top of its text"
	case index.DateFromOptions:
		return "from --published-at: its text states no date"
	default:
		return "from the file's modification time: its text states no date; give --published-at or a date line such as \"Published: 2024-03-03\""
	}
}

// countingFS counts the bytes read from its files: IngestFiles reads each
// file once, so the count is the progress, within a large file too.
type countingFS struct {
	fs.FS
	read *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{File: f, read: c.read}, nil
}

// ReadDir and Stat keep the directory walk on the underlying FS.
func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }

// sizeOf sums the sizes of the files IngestFiles reads under roots.
func (c countingFS) sizeOf(roots []string) (int64, error) {
	var n int64
	for _, root := range roots {
		err := fs.WalkDir(c.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (p != root && !index.IsArticleFile(p)) {
				return err
			}
			info, err := d.Info()
			if err == nil {
				n += info.Size()
			}
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

type countingFile struct {
	fs.File
	read *atomic.Int64
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.read.Add(int64(n))
	return n, err
}
