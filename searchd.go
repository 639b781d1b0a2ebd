// Package searchd holds what the binary embeds from the repository root: the
// test articles a fresh daemon loads so that it has something to search.
package searchd

import (
	"embed"
	"io/fs"
)

//go:embed testdata/articles
var testdata embed.FS

// TestdataArticlesDir is the directory of the embedded articles within TestdataArticles.
const TestdataArticlesDir = "testdata/articles"

// TestdataArticles returns the embedded articles of testdata/articles.
func TestdataArticles() fs.FS { return testdata }
