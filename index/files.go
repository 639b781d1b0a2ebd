package index

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/searchd/searchd/extract"
)

// FileOptions configures IngestFiles.
type FileOptions struct {
	// PublishedAt dates the .txt articles whose text states no date at its
	// top (see extract.PublicationDate); zero means the file's modification
	// time.
	PublishedAt time.Time
	// MaxLine bounds one NDJSON line, in bytes.
	MaxLine int
	// Progress, when set, is called after each file.
	Progress func(Progress)
	// Dated, when set, is called for each .txt article read with the
	// publication date it was given and where that came from: a .txt file
	// has no field for it.
	Dated func(file string, published time.Time, from DateSource)
}

// DateSource says where a .txt article's publication date came from.
type DateSource string

// The sources of a .txt article's date, in the order they are tried.
const (
	DateFromText    DateSource = "text"              // a date line or dateline at the top of the text
	DateFromOptions DateSource = "options"           // FileOptions.PublishedAt
	DateFromModTime DateSource = "modification time" // the file's
)

// Progress reports how far IngestFiles has got.
type Progress struct {
	Files, TotalFiles int
	Indexed, Failed   int
	File              string
}

// IsArticleFile reports whether name has an extension IngestFiles reads.
func IsArticleFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".json", ".ndjson", ".jsonl", ".txt":
		return true
	}
	return false
}

// IngestFiles indexes the article files at roots (files or directories,
// walked recursively) in fsys: .json (one article or an array), .ndjson and
// .jsonl (one article a line) and .txt (first line the title, the rest the
// body). A bad file or line is reported and never stops the others.
func (ix *Index) IngestFiles(ctx context.Context, fsys fs.FS, roots []string, opts FileOptions) (BulkResult, error) {
	if opts.MaxLine <= 0 {
		opts.MaxLine = 4 << 20
	}
	var files []string
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (p == root || IsArticleFile(p)) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return BulkResult{}, fmt.Errorf("list %s: %w", root, err)
		}
	}
	sort.Strings(files)
	total := BulkResult{Errors: []LineError{}}
	// Articles from .json and .txt files share batches; NDJSON files stream
	// through IngestNDJSON after the shared batch is flushed.
	w := ix.newBatchWriter(ctx, &total)
	err := ix.ingestFiles(ctx, fsys, files, opts, w)
	if err != nil {
		w.abandon()
		return total, err
	}
	if err := w.drain(); err != nil {
		return total, err
	}
	if opts.Progress != nil && len(files) > 0 {
		opts.Progress(Progress{Files: len(files), TotalFiles: len(files), Indexed: total.Indexed, Failed: total.Failed})
	}
	return total, nil
}

// ingestFiles reads files into w.
func (ix *Index) ingestFiles(ctx context.Context, fsys fs.FS, files []string, opts FileOptions, w *batchWriter) error {
	for i, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".ndjson", ".jsonl":
			// The shared batch goes first, so that files are applied in order.
			if err := w.drain(); err != nil {
				return err
			}
			f, err := fsys.Open(name)
			if err != nil {
				w.fail(LineError{File: name, Error: err.Error()})
				break
			}
			r, err := ix.IngestNDJSON(ctx, f, opts.MaxLine)
			f.Close()
			w.update(func(total *BulkResult) {
				total.Indexed += r.Indexed
				for _, e := range r.Errors {
					e.File = name
					total.fail(e)
				}
				total.Failed += r.Failed - len(r.Errors)
			})
			if err != nil {
				return fmt.Errorf("ingest %s: %w", name, err)
			}
		default:
			articles, errs := readArticleFile(fsys, name, opts)
			for _, e := range errs {
				e.File = name
				w.fail(e)
			}
			for j, a := range articles {
				line := 0
				if len(articles) > 1 {
					line = j + 1
				}
				if err := w.add(pending{file: name, line: line, article: a}, len(a.Title)+len(a.Body)); err != nil {
					return err
				}
			}
		}
		if opts.Progress != nil {
			indexed, failed := w.counts()
			opts.Progress(Progress{Files: i + 1, TotalFiles: len(files), Indexed: indexed, Failed: failed, File: name})
		}
	}
	return nil
}

// readArticleFile decodes a .txt file or a .json file holding one article
// or an array of them; per-article problems come back as errors.
func readArticleFile(fsys fs.FS, name string, opts FileOptions) ([]Article, []LineError) {
	one := func(msg string) []LineError { return []LineError{{Error: msg}} }
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, one(err.Error())
	}
	if strings.ToLower(path.Ext(name)) == ".txt" {
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		published, from := opts.PublishedAt, DateFromOptions
		if day, ok := extract.PublicationDate(text); ok {
			published, from = day, DateFromText
		} else if published.IsZero() {
			info, err := fs.Stat(fsys, name)
			if err != nil {
				return nil, one(err.Error())
			}
			published, from = info.ModTime(), DateFromModTime
		}
		if published.IsZero() {
			return nil, one("no publication date: give one with --published-at")
		}
		title, body, _ := strings.Cut(text, "\n")
		raw, err := json.Marshal(map[string]any{
			"title": strings.TrimSpace(title), "body": strings.TrimSpace(body),
			"published_at": published.Format(time.RFC3339),
		})
		if err != nil {
			return nil, one(err.Error())
		}
		a, err := DecodeArticle(raw)
		if err != nil {
			return nil, one(errMessage(err))
		}
		if opts.Dated != nil {
			opts.Dated(name, a.PublishedAt, from)
		}
		return []Article{a}, nil
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, one("malformed JSON array: " + err.Error())
		}
		var out []Article
		var errs []LineError
		for i, raw := range items {
			a, err := DecodeArticle(raw)
			if err != nil {
				errs = append(errs, LineError{Line: i + 1, ID: peekID(raw), Error: errMessage(err)})
				continue
			}
			out = append(out, a)
		}
		return out, errs
	}
	a, err := DecodeArticle(trimmed)
	if err != nil {
		return nil, one(errMessage(err))
	}
	return []Article{a}, nil
}
