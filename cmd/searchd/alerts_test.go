package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/searchd/searchd/alerts"
	"github.com/searchd/searchd/client"
)

// TestSavedSearchAlertsThroughTheDaemon saves a search with a webhook on
// the real binary, ingests, gets the signed delivery, and finds the saved
// search, with its new count, after a restart.
func TestSavedSearchAlertsThroughTheDaemon(t *testing.T) {
	type got struct {
		sig  string
		body []byte
	}
	deliveries := make(chan got, 10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	receiver := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		deliveries <- got{r.Header.Get(alerts.SignatureHeader), b}
	})}
	go func() { _ = receiver.Serve(ln) }()
	defer receiver.Close()

	env := []string{"SEARCHD_INDEX_PATH=" + filepath.Join(t.TempDir(), "idx"), "SEARCHD_INGEST_LOAD_TESTDATA=false",
		"SEARCHD_ALERTS_ALLOW_PRIVATE_ADDRESSES=true"}
	d := start(t, env...)
	ctx := context.Background()
	if _, err := d.api.SaveSearch(ctx, client.SavedRequest{Name: "iran", Query: client.SearchRequest{Q: "Iran"},
		Webhook: "http://" + ln.Addr().String() + "/hook", WebhookSecret: "k"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.api.AddArticle(ctx, client.ArticleInput{Title: "Iran", Body: "Iranian officials met in Tehran.",
		PublishedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	select {
	case g := <-deliveries:
		if g.sig != alerts.Sign("k", g.body) {
			t.Errorf("signature %q does not verify", g.sig)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no delivery")
	}
	// Recorded once the receiver answered: wait for it, else the restart
	// would (rightly) send the delivery again.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		s, err := d.api.SavedSearch(ctx, "iran")
		if err == nil && s.Delivery != nil && s.Delivery.Delivered == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery never recorded: %+v %v", s, err)
		}
	}
	d.stop(t)
	d = start(t, env...)
	defer d.stop(t)
	s, err := d.api.SavedSearch(ctx, "iran")
	if err != nil || s.NewCount != 1 || s.Delivery == nil || s.Delivery.Delivered != 1 {
		t.Errorf("after a restart: %+v %v", s, err)
	}
}
