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
)

// FileOptions configures IngestFiles.
type FileOptions struct {
	// PublishedAt dates .txt articles; zero means the file's modification time.
	PublishedAt time.Time
	// MaxLine bounds one NDJSON line, in bytes.
	MaxLine int
	// Progress, when set, is called after each file.
	Progress func(Progress)
}

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
	merge := func(file string, r BulkResult) {
		total.Indexed += r.Indexed
		for _, e := range r.Errors {
			e.File = file
			total.fail(e)
		}
		total.Failed += r.Failed - len(r.Errors)
	}
	for i, name := range files {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		r, err := ix.ingestFile(ctx, fsys, name, opts)
		merge(name, r)
		if err != nil {
			return total, fmt.Errorf("ingest %s: %w", name, err)
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Files: i + 1, TotalFiles: len(files), Indexed: total.Indexed, Failed: total.Failed, File: name})
		}
	}
	return total, nil
}

func (ix *Index) ingestFile(ctx context.Context, fsys fs.FS, name string, opts FileOptions) (BulkResult, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".ndjson", ".jsonl":
		f, err := fsys.Open(name)
		if err != nil {
			return BulkResult{}, err
		}
		defer f.Close()
		return ix.IngestNDJSON(ctx, f, opts.MaxLine)
	case ".txt":
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return BulkResult{}, err
		}
		published := opts.PublishedAt
		if published.IsZero() {
			info, err := fs.Stat(fsys, name)
			if err != nil {
				return BulkResult{}, err
			}
			published = info.ModTime()
		}
		if published.IsZero() {
			return oneError(fmt.Sprintf("no publication date: pass one for .txt files")), nil
		}
		title, body, _ := strings.Cut(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		raw, err := json.Marshal(map[string]any{
			"title": strings.TrimSpace(title), "body": strings.TrimSpace(body),
			"published_at": published.Format(time.RFC3339),
		})
		if err != nil {
			return BulkResult{}, err
		}
		a, err := DecodeArticle(raw)
		if err != nil {
			return oneError(errMessage(err)), nil
		}
		return ix.IngestArticles(ctx, []Article{a})
	default: // .json: one article, or an array of them
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return BulkResult{}, err
		}
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			var items []json.RawMessage
			if err := json.Unmarshal(trimmed, &items); err != nil {
				return oneError("malformed JSON array: " + err.Error()), nil
			}
			res := BulkResult{Errors: []LineError{}}
			var ok []Article
			for i, raw := range items {
				a, err := DecodeArticle(raw)
				if err != nil {
					res.fail(LineError{Line: i + 1, ID: peekID(raw), Error: errMessage(err)})
					continue
				}
				ok = append(ok, a)
			}
			r, err := ix.IngestArticles(ctx, ok)
			res.Indexed += r.Indexed
			for _, e := range r.Errors {
				res.fail(e)
			}
			return res, err
		}
		a, err := DecodeArticle(trimmed)
		if err != nil {
			return oneError(errMessage(err)), nil
		}
		return ix.IngestArticles(ctx, []Article{a})
	}
}

func oneError(msg string) BulkResult {
	return BulkResult{Failed: 1, Errors: []LineError{{Error: msg}}}
}
