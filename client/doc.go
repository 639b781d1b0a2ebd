// Package client is a Go client for searchd's HTTP API: typed requests and
// responses for every endpoint, a context on every call, and API errors as
// *Error values carrying the status, code, message and, for query errors,
// the parameter and position at fault.
//
//	c, err := client.New("http://127.0.0.1:8080", client.WithAPIKey(key))
//	res, err := c.Search(ctx, client.SearchRequest{Q: "sanctions", Countries: []string{"Iran"}})
//	var apiErr *client.Error
//	if errors.As(err, &apiErr) && apiErr.Code == client.CodeBadQuery {
//		fmt.Println("query error at column", apiErr.Pos)
//	}
//
// The package imports nothing of the daemon: its types are its own, with
// the JSON field names the API uses, so programs outside this module can
// depend on it alone.
package client
