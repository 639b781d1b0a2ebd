package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gorilla/mux"
	"github.com/searchd/searchd/metrics"
)

// The API's description (openapi.json) is checked two ways:
//
//   - validated wraps the handler of every API test server (and the fuzz
//     targets' handler): every request and answer the tests make is
//     validated against the description with kin-openapi's openapi3filter,
//     which validates OpenAPI 3.1 schemas as JSON Schema 2020-12. An answer
//     that does not match, a status the operation does not list, or a
//     request the description calls invalid that the server accepted (2xx)
//     fails the test that sent it.
//   - TestSpecListsEveryRoute walks the router: every route is in the
//     description and every operation of the description is a route.

// notInSpec are the routes the description leaves out on purpose.
var notInSpec = map[string]string{
	"/metrics": "Prometheus's exposition format, for a scraper, not part of the API",
}

// apiSpec is the description loaded and validated, with a router of its
// operations. It is read-only once loaded.
type apiSpec struct {
	doc    *openapi3.T
	router routers.Router
}

var loadSpecOnce = sync.OnceValues(func() (*apiSpec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDoc)
	if err != nil {
		return nil, fmt.Errorf("load openapi.json: %w", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("openapi.json is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.json is not a valid OpenAPI document: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.json: %w", err)
	}
	return &apiSpec{doc: doc, router: router}, nil
})

func loadSpec(tb testing.TB) *apiSpec {
	tb.Helper()
	spec, err := loadSpecOnce()
	if err != nil {
		tb.Fatal(err)
	}
	return spec
}

// maxCapture bounds what validated keeps of one request or answer body.
const maxCapture = 16 << 20

// validated returns h with every exchange checked against the
// description; a mismatch fails tb.
func validated(tb testing.TB, h http.Handler) http.Handler {
	tb.Helper()
	spec := loadSpec(tb)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := &captureBody{rc: r.Body}
		inner := r.Clone(r.Context())
		inner.Body = body
		rec := &captureWriter{ResponseWriter: w}
		h.ServeHTTP(rec, inner)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		// Whether the request's body is all there: read to its end, or none.
		complete := body.eof || (r.ContentLength == 0 && body.buf.Len() == 0)
		if err := spec.check(r, body.buf.Bytes(), complete && !body.cut, status, w.Header(), rec.buf.Bytes(), rec.cut); err != nil {
			tb.Errorf("OpenAPI: %s %s answered %d: %v\nanswer: %.600s", r.Method, r.URL.RequestURI(), status, err, rec.buf.Bytes())
		}
	})
}

// check validates one exchange. reqBody is what the handler read of the
// request body, whole when reqComplete.
func (sp *apiSpec) check(r *http.Request, reqBody []byte, reqComplete bool, status int, header http.Header, body []byte, bodyCut bool) error {
	ctx := context.Background()
	req := r.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	req.ContentLength = int64(len(reqBody))
	route, params, err := sp.router.FindRoute(req)
	if errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed) {
		return sp.checkUndescribed(req, err, status, header, body)
	}
	if err != nil {
		return fmt.Errorf("find the operation: %w", err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerAuth, ExcludeRequestBody: !reqComplete}}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && status < 400 {
		return fmt.Errorf("the description refuses the request, the server accepted it: %w", err)
	}
	if bodyCut {
		return nil // too large to keep; not the case of any test
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("the answer does not match the description of %s %s: %w", route.Method, route.Path, err)
	}
	return nil
}

// checkUndescribed checks an exchange the description has no operation
// for: an error answer (unknown path, a method a path does not take, a
// refusal before routing) must be the JSON error envelope; a success may
// only be a CORS preflight, the web UI's files or /metrics.
func (sp *apiSpec) checkUndescribed(r *http.Request, findErr error, status int, header http.Header, body []byte) error {
	if status >= 400 {
		if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mt != "application/json" {
			return fmt.Errorf("an error answer with Content-Type %q, want the JSON error envelope", header.Get("Content-Type"))
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return fmt.Errorf("an error answer that is not JSON: %w", err)
		}
		schema := sp.doc.Components.Schemas["Error"].Value
		if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
			return fmt.Errorf("an error answer that is not the error envelope: %w", err)
		}
		if status == http.StatusMethodNotAllowed && header.Get("Allow") == "" {
			return errors.New("405 without an Allow header")
		}
		return nil
	}
	switch {
	case r.Method == http.MethodOptions:
		if status != http.StatusNoContent {
			return fmt.Errorf("a CORS preflight answered %d, want 204", status)
		}
		return nil
	case errors.Is(findErr, routers.ErrMethodNotAllowed):
		return fmt.Errorf("the description has no %s operation for this path, but the server answered it", r.Method)
	case strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz":
		return fmt.Errorf("the description has no path %s, but the server answered it", r.URL.Path)
	}
	return nil // the UI's files, /metrics
}

// bearerAuth satisfies the description's bearer schemes when the request
// sends a bearer key; whether the key is valid is the server's to say.
func bearerAuth(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "http" || !strings.EqualFold(in.SecurityScheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not an HTTP bearer scheme", in.SecuritySchemeName)
	}
	if _, ok := bearer(in.RequestValidationInput.Request); !ok {
		return in.NewError(errors.New("no Authorization: Bearer header"))
	}
	return nil
}

// captureBody keeps what the handler reads of a request body.
type captureBody struct {
	rc  io.ReadCloser
	buf bytes.Buffer
	eof bool // read to its end
	cut bool // more than maxCapture bytes
}

func (c *captureBody) Read(p []byte) (int, error) {
	if c.rc == nil {
		c.eof = true
		return 0, io.EOF
	}
	n, err := c.rc.Read(p)
	if c.buf.Len()+n > maxCapture {
		c.cut = true
	} else {
		c.buf.Write(p[:n])
	}
	if errors.Is(err, io.EOF) {
		c.eof = true
	}
	return n, err
}

func (c *captureBody) Close() error {
	if c.rc == nil {
		return nil
	}
	return c.rc.Close()
}

// captureWriter keeps the status and body of an answer as it passes.
type captureWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	cut    bool
}

func (c *captureWriter) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.buf.Len()+len(b) > maxCapture {
		c.cut = true
	} else {
		c.buf.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (read deadlines).
func (c *captureWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// templateVar matches a mux path variable with a pattern, {id:[0-9]+}.
var templateVar = regexp.MustCompile(`\{([^{}:]+):[^{}]*\}`)

func TestSpecListsEveryRoute(t *testing.T) {
	spec := loadSpec(t)
	_, router := build(nil, Options{UI: fstest.MapFS{"index.html": {}}, Metrics: metrics.New()})
	registered := map[string]bool{} // "GET /api/v1/search"
	err := router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return nil // the UI's catch-all has no path
		}
		tpl = templateVar.ReplaceAllString(tpl, "{$1}")
		methods, err := route.GetMethods()
		if err != nil {
			t.Errorf("route %s takes any method: register it with .Methods(...) so the description can list them", tpl)
			return nil
		}
		for _, method := range methods {
			registered[method+" "+tpl] = true
			if _, skip := notInSpec[tpl]; skip {
				continue
			}
			if item := spec.doc.Paths.Value(tpl); item == nil || item.GetOperation(method) == nil {
				t.Errorf("route %s %s is registered in api/api.go but not described in api/openapi.json: "+
					"add paths[%q].%s with its parameters, request body and every answer (success and errors)",
					method, tpl, tpl, strings.ToLower(method))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range spec.doc.Paths.Map() {
		for method := range item.Operations() {
			if !registered[method+" "+path] {
				t.Errorf("api/openapi.json describes %s %s, which api/api.go does not register: remove it or add the route",
					method, path)
			}
		}
	}
	for path := range notInSpec {
		if spec.doc.Paths.Value(path) != nil {
			t.Errorf("%s is described in api/openapi.json but listed in notInSpec", path)
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	srv, _ := newServer(t, Options{ReadKeys: []string{readKey}})
	r := do(t, "GET", srv.URL+"/api/v1/openapi.json", "") // no key: the description is public
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	var file any
	if err := json.Unmarshal(openAPIDoc, &file); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(file) != fmt.Sprint(any(r.body)) || r.body["openapi"] != "3.1.0" {
		t.Errorf("served document differs from api/openapi.json")
	}
}

// TestValidatorCatchesMismatches checks the checker: answers and requests
// that do not match the description fail, those that do pass.
func TestValidatorCatchesMismatches(t *testing.T) {
	spec := loadSpec(t)
	get := func(target string) *http.Request {
		r, err := http.NewRequest("GET", target, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	tests := []struct {
		name    string
		req     *http.Request
		status  int
		body    string
		wantErr string
	}{
		{"health", get("/healthz"), 200, `{"status":"ok"}`, ""},
		{"health with another shape", get("/healthz"), 200, `{"status":"fine"}`, "does not match"},
		{"undocumented status", get("/healthz"), 418, `{"error":{"code":"internal","message":"x"}}`, "status is not supported"},
		{"wrong code for the status", get("/api/v1/articles/x"), 404, `{"error":{"code":"conflict","message":"x"}}`, "does not match"},
		{"error with an extra field", get("/api/v1/articles/x"), 404, `{"error":{"code":"not_found","message":"x","why":1}}`, "does not match"},
		{"invalid request accepted", get("/api/v1/search?size=ten"), 200, `{}`, "refuses the request"},
		{"invalid request refused", get("/api/v1/search?size=ten"), 400, `{"error":{"code":"invalid_argument","message":"size"}}`, ""},
		{"unknown API path answered", get("/api/v1/nothing"), 200, `{}`, "no path"},
		{"unknown API path refused", get("/api/v1/nothing"), 404, `{"error":{"code":"not_found","message":"x"}}`, ""},
		{"unknown path with a plain-text error", get("/api/v1/nothing"), 404, `404 page not found`, "Content-Type"},
		{"UI file", get("/app.js"), 200, `x`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := jsonHeader
			if tt.name == "UI file" || strings.Contains(tt.name, "plain-text") {
				h = http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
			}
			err := spec.check(tt.req, nil, true, tt.status, h, []byte(tt.body), false)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected mismatch: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

// TestAPITestServersAreValidated keeps validated in front of every test
// server of this package, so that a test added later is checked too.
func TestAPITestServersAreValidated(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	servers := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !slices.Contains([]string{"NewServer", "NewUnstartedServer", "NewTLSServer"}, sel.Sel.Name) {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "httptest" {
				return true
			}
			servers++
			if len(call.Args) == 1 {
				if inner, ok := call.Args[0].(*ast.CallExpr); ok {
					if fn, ok := inner.Fun.(*ast.Ident); ok && fn.Name == "validated" {
						return true
					}
				}
			}
			t.Errorf("%s: httptest server without validated(t, ...) around its handler", fset.Position(call.Pos()))
			return true
		})
	}
	if servers == 0 {
		t.Fatal("no httptest servers found: is the test run from the package directory?")
	}
}
