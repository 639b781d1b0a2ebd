// Package extract finds the persons, countries, groups, places and dates
// that a news article mentions, and gives each a canonical value for faceting.
//
// The package depends only on the standard library and golang.org/x/text; it
// never imports the index or the HTTP layer.
package extract
