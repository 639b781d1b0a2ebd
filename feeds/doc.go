// Package feeds brings news into searchd from RSS, Atom and JSON feeds and
// from web pages: it polls feeds, fetches each item's page, extracts the
// story's text and metadata, and hands the articles to a Sink (the index's
// bulk write path).
//
// Every fetch goes through one guarded HTTP client (see internal/netguard): a
// timeout, a body size limit, a bounded number of redirects and, unless
// allowed, no connection to loopback, private, link-local or otherwise
// internal addresses. The package has no HTTP handlers and reads no
// configuration files; cmd/searchd wires it.
package feeds
