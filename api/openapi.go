package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of the API, written by hand
// beside the handlers; the API tests validate every request and answer
// against it and check that it lists exactly the routes registered.
//
//go:embed openapi.json
var openAPIDoc []byte

// openapi answers GET /api/v1/openapi.json with the description.
func (s *Server) openapi(*http.Request) (any, int, error) {
	return json.RawMessage(openAPIDoc), http.StatusOK, nil
}
