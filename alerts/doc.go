// Package alerts keeps saved searches, their Atom feeds and their webhook
// alerts.
//
// A saved search is a name, a search (index.Query) and optionally a webhook
// URL with a secret. It is stored in the index's metadata (index.SetMeta),
// so it lives in the index directory's internal store: backups copy it,
// restores bring it back, rebuilds carry it over.
//
// "New" articles of a saved search are those committed (indexed, or
// re-indexed as an update) after it was saved and after it was last marked
// seen, that match it. They are found exactly: the index logs the ids of
// every commit of articles in the commit's own batch (index.Changes), and
// the Service matches each logged commit against every saved search older
// than it, restricting the saved query to those ids (index.MatchIDs). The
// position in the log (the cursor) is stored with the matches it produced,
// in one write, so a crash either keeps both or neither; entries are
// trimmed only once handled. new_count is how many distinct new articles
// there are (at most 1000, then new_more); POST .../seen resets it.
// Reading the feed does not: a feed reader polls on its own, and would
// clear what the UI shows.
//
// Matches of a saved search with a webhook wait in its record until
// delivered: POSTed as JSON (Payload), signed with X-Searchd-Signature
// (HMAC-SHA256 of the body with the secret), retried with exponential
// backoff, at least once, through the same address guard as feed fetches
// (internal/netguard).
package alerts
