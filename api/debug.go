package api

import (
	"net/http"
	"net/http/pprof"
)

// Debug returns the handler of the profiling server (debug.pprof_addr):
// net/http/pprof's handlers under /debug/pprof/ on a mux of their own. The
// package's import also registers them on http.DefaultServeMux, which
// searchd never serves.
func Debug() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // also heap, goroutine, allocs, block, mutex, threadcreate
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
