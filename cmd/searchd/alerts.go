package main

import (
	"context"
	"log/slog"

	"github.com/searchd/searchd/alerts"
	"github.com/searchd/searchd/config"
	"github.com/searchd/searchd/index"
)

// newAlerts maps alerts.* to the saved searches of the index.
func newAlerts(cfg config.Alerts, ix *index.Index, log *slog.Logger) (*alerts.Service, error) {
	return alerts.New(ix, alerts.Options{
		AllowPrivate:    cfg.AllowPrivateAddresses,
		Timeout:         cfg.WebhookTimeout,
		MaxPayloadBytes: cfg.MaxPayloadBytes,
		RetryMin:        cfg.RetryMin,
		RetryMax:        cfg.RetryMax,
		MaxSaved:        cfg.MaxSaved,
		Logger:          log.With("component", "alerts"),
	})
}

// runAlerts matches commits and delivers webhooks in the background until
// ctx ends or the returned stop is called; stop returns once the loop has
// stopped, so the index can be closed after it.
func runAlerts(ctx context.Context, s *alerts.Service) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
