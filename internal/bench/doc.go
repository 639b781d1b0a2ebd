// Package bench measures searchd against raw Bleve on one machine in one
// run: it generates a synthetic corpus (package corpus), ingests it through
// the real daemon's HTTP bulk endpoint and, in a child process, through
// Bleve's batch API with the same mapping and documents (entities extracted
// up front), then runs a fixed mixed query set single-client and with
// concurrent clients against both, and reports throughput, index size, peak
// RSS, latency percentiles and the service/raw ratios.
//
// The service is queried over HTTP from this process; the raw reference is
// queried in-process. The difference between the two is what the service
// adds: HTTP, JSON, query compilation and the hit decoding.
package bench
