package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

var (
	errNoKey  = errors.New("this endpoint needs an API key: send \"Authorization: Bearer <key>\"")
	errBadKey = errors.New("the API key is not valid for this endpoint")
	errBusy   = errors.New("too many searches at once; retry shortly")

	errBackupBusy = errors.New("a backup is already running; retry when it is done")
)

// keySet holds API keys as SHA-256 digests, so comparison takes the same
// time whatever the key's length and never short-circuits on a prefix.
type keySet [][sha256.Size]byte

func newKeySet(keys []string) keySet {
	ks := make(keySet, 0, len(keys))
	for _, k := range keys {
		ks = append(ks, sha256.Sum256([]byte(k)))
	}
	return ks
}

// contains compares the digest against every key in constant time.
func (ks keySet) contains(key string) bool {
	d := sha256.Sum256([]byte(key))
	found := 0
	for i := range ks {
		found |= subtle.ConstantTimeCompare(d[:], ks[i][:])
	}
	return found == 1
}

// bearer returns the key of an "Authorization: Bearer <key>" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return "", false
	}
	return strings.TrimSpace(key), true
}

// checkKey accepts a request whose bearer key is in one of sets.
func checkKey(r *http.Request, sets ...keySet) error {
	key, ok := bearer(r)
	if !ok {
		return errNoKey
	}
	for _, ks := range sets {
		if ks.contains(key) {
			return nil
		}
	}
	return errBadKey
}

// write guards a handler that changes the index: it needs a write key when
// any is configured.
func (s *Server) write(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		if len(s.writeKeys) == 0 {
			return h(r)
		}
		if err := checkKey(r, s.writeKeys); err != nil {
			return nil, 0, err
		}
		return h(r)
	}
}

// read guards a handler that reads the index: it needs a read or write key
// when read keys are configured.
func (s *Server) read(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		if len(s.readKeys) == 0 {
			return h(r)
		}
		if err := checkKey(r, s.readKeys, s.writeKeys); err != nil {
			return nil, 0, err
		}
		return h(r)
	}
}

// limited bounds how many expensive requests run at once; a request waits
// for a slot until its deadline (503), or until its client leaves (499).
func (s *Server) limited(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
			return h(r)
		case <-r.Context().Done():
			if err := r.Context().Err(); errors.Is(err, context.Canceled) {
				return nil, 0, err
			}
			return nil, 0, errBusy
		}
	}
}

// writable refuses a write up front while the index refuses writes (disk
// full), before its body is read or its entities extracted.
func (s *Server) writable(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		if err := s.store.Writable(); err != nil {
			return nil, 0, err
		}
		return h(r)
	}
}

// backupSlot runs one backup at a time: a backup copies the whole index,
// and a second one at once would only halve the disk bandwidth of both. It
// holds no write slot of the index, which takes its snapshot between two
// commits. A backup waits for the slot up to the request timeout, then gets
// 503.
func (s *Server) backupSlot(h handlerFunc) handlerFunc {
	return func(r *http.Request) (any, int, error) {
		wait := time.NewTimer(s.opts.RequestTimeout)
		defer wait.Stop()
		select {
		case s.backups <- struct{}{}:
			defer func() { <-s.backups }()
			return h(r)
		case <-wait.C:
			return nil, 0, errBackupBusy
		case <-r.Context().Done():
			return nil, 0, r.Context().Err()
		}
	}
}

// cors answers preflight requests and marks responses for the configured
// origins only; with none configured, browsers keep the same-origin policy.
func (s *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || len(s.opts.CORSOrigins) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if !slices.Contains(s.opts.CORSOrigins, origin) {
			if r.Method == http.MethodOptions {
				s.writeError(w, r, &originError{origin: origin}, nil)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
			writeJSON(w, http.StatusNoContent, nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}
