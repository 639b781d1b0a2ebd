package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/searchd/searchd/metrics"
)

// Route labels of requests no path template names.
const (
	uiRoute        = "ui"        // the web UI's files
	unmatchedRoute = "unmatched" // no route took the request: unknown path or method, or refused before routing
)

// routeKey is the context key of the *string the router fills in with the
// route that took a request, for the instrument middleware around it.
type routeKey struct{}

// instrumentedWriter records an answer's status and the route that gave it.
type instrumentedWriter struct {
	statusRecorder
	route string
}

// instrument counts every answer by route, method and status and times
// it. It wraps everything else, so refusals before routing (host, origin)
// and panics recovered into a 500 are counted too.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &instrumentedWriter{statusRecorder: statusRecorder{ResponseWriter: w}, route: unmatchedRoute}
		// Deferred: an answer cut off with http.ErrAbortHandler (an export
		// failing mid-body) is counted too, under the status it began with.
		defer func() {
			status := rec.status
			if status == 0 { // nothing written: net/http sends 200
				status = http.StatusOK
			}
			s.metrics.Request(rec.route, metrics.Method(r.Method), status, time.Since(start))
		}()
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, &rec.route)))
	})
}

// labelRoute is the router's middleware that records which route took the
// request: its path template (/api/v1/articles/{id}, never the raw path,
// so that label values stay as few as the routes), or its name.
func labelRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if label, ok := r.Context().Value(routeKey{}).(*string); ok {
			if route := mux.CurrentRoute(r); route != nil {
				if tpl, err := route.GetPathTemplate(); err == nil {
					*label = tpl
				} else if name := route.GetName(); name != "" {
					*label = name
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// metricsHandler serves the registry in Prometheus's text format. A
// collector that fails (the index's statistics) is logged and left out;
// the rest is served.
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.metrics.Gatherer(), promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(s.log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})
	if !s.opts.MetricsRequireKey {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkKey(r, s.readKeys, s.writeKeys); err != nil {
			s.writeError(w, r, err, nil)
			return
		}
		h.ServeHTTP(w, r)
	})
}
