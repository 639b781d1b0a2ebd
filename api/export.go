package api

// GET /api/v1/export streams every hit of a search as CSV or NDJSON, page
// after page, each page written and flushed before the next is read: the
// daemon holds one page of hits, however many the export has.
//
// Limits. An export takes the read key as a search does. It is not bound
// by limits.max_result_window (it does not page by offset) nor by
// http.request_timeout as a whole: each page's search is, and so is each
// page's wait for one of the search slots it takes (limits.max_concurrent_searches,
// shared with searches, so exports and searches take turns). The whole
// export is bounded by http.export_timeout, and each page's writing by
// http.request_timeout (a client that stops reading is cut off). At most
// limits.max_concurrent_exports run at once; another waits for its turn up
// to http.request_timeout, then gets 503.
//
// Errors before the first byte are the usual JSON error. Once the 200 is
// sent, an error (the export timeout, a page that found no slot) cuts the
// connection before the end of the chunked body, so that the client sees a
// failed transfer and never takes a short file for the whole.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/searchd/searchd/index"
)

// exportStore is what the export needs of the index.
type exportStore interface {
	Export(ctx context.Context, q index.Query, fields []string, pageSize int) (*index.Exporter, error)
}

// exportRows is a running export: index.Exporter, or a test's stand-in.
type exportRows interface {
	Next(ctx context.Context) ([]index.ExportRow, error)
	Total() uint64
}

// Export formats.
const (
	formatCSV    = "csv"
	formatNDJSON = "ndjson"
)

// exportOnly are the parameters of an export that a search does not take.
var exportOnly = []string{"format", "fields"}

// exportParams are the query parameters GET /api/v1/export accepts: the
// search's that select and order hits, and its own.
var exportParams = append(slices.DeleteFunc(slices.Clone(searchParams), func(p string) bool {
	return slices.Contains([]string{"facets", "facet_size", "histogram", "page", "size", "highlight", "search_after", "collapse"}, p)
}), exportOnly...)

var errExportBusy = errors.New("too many exports at once; retry when one is done")

// parseExportQuery reads an export's parameters: the search it exports, the
// format and the fields.
func parseExportQuery(v url.Values) (index.Query, string, []string, error) {
	search := url.Values{}
	for name, values := range v {
		if !slices.Contains(exportParams, name) {
			return index.Query{}, "", nil, badParam("unknown parameter %q (known: %s)", name, strings.Join(exportParams, ", "))
		}
		if !slices.Contains(exportOnly, name) {
			search[name] = values
		}
	}
	q, err := parseSearchQuery(search)
	if err != nil {
		return index.Query{}, "", nil, err
	}
	format := v.Get("format")
	switch format {
	case "":
		format = formatNDJSON
	case formatCSV, formatNDJSON:
	default:
		return index.Query{}, "", nil, badParam("format: want csv or ndjson, got %q", format)
	}
	fields, err := index.ParseExportFields(strings.Join(v["fields"], ","))
	if err != nil {
		return index.Query{}, "", nil, err
	}
	return q, format, fields, nil
}

// exportHandler serves GET /api/v1/export. It is an http.Handler of its
// own, not a handlerFunc: it writes the body itself, inside the read check
// and its export slot.
func (s *Server) exportHandler() http.Handler {
	turns := make(chan struct{}, s.opts.MaxExports)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		r = r.WithContext(context.WithValue(r.Context(), controllerKey{}, rc))
		out := &exportWriter{w: w, rc: rc}
		_, _, err := s.read(func(r *http.Request) (any, int, error) {
			wait := time.NewTimer(s.opts.RequestTimeout)
			defer wait.Stop()
			select {
			case turns <- struct{}{}:
				defer func() { <-turns }()
			case <-wait.C:
				return nil, 0, errExportBusy
			case <-r.Context().Done():
				return nil, 0, r.Context().Err()
			}
			return nil, 0, s.export(r, out)
		})(r)
		switch {
		case err == nil:
		case !out.started:
			s.writeError(w, r, err, nil)
		default:
			if status, _ := classify(err); status != statusClientClosed {
				s.log.Warn("export cut short", "path", r.URL.Path, "rows", out.rows, "err", err)
			}
			panic(http.ErrAbortHandler)
		}
	})
}

// export runs one export into out.
func (s *Server) export(r *http.Request, out *exportWriter) error {
	v, err := queryParams(r)
	if err != nil {
		return err
	}
	q, format, fields, err := parseExportQuery(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ExportTimeout)
	defer cancel()
	var ex *index.Exporter
	err = s.searchSlot(ctx, func(ctx context.Context) error {
		ex, err = s.store.Export(ctx, q, fields, s.opts.exportPage)
		return err
	})
	if err != nil {
		return err
	}
	out.format, out.fields = format, fields
	var rows exportRows = ex
	if s.opts.wrapExport != nil {
		rows = s.opts.wrapExport(rows)
	}
	return s.streamExport(ctx, rows, out)
}

// streamExport writes the pages of rows to out as they come: each page is
// read under a search slot, then written and flushed.
func (s *Server) streamExport(ctx context.Context, rows exportRows, out *exportWriter) error {
	for {
		var page []index.ExportRow
		err := s.searchSlot(ctx, func(ctx context.Context) error {
			var err error
			page, err = rows.Next(ctx)
			return err
		})
		if err != nil {
			return err
		}
		if !out.started {
			out.start(rows.Total())
		}
		if out.rc != nil {
			_ = out.rc.SetWriteDeadline(time.Now().Add(s.opts.RequestTimeout))
		}
		if err := out.write(page); err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
	}
}

// searchSlot runs fn with one of the search slots, under the request
// timeout; it waits for the slot up to that timeout.
func (s *Server) searchSlot(ctx context.Context, fn func(context.Context) error) error {
	wait := time.NewTimer(s.opts.RequestTimeout)
	defer wait.Stop()
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-wait.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.RequestTimeout)
	defer cancel()
	return fn(ctx)
}

// exportWriter writes an export's rows in its format.
type exportWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController // nil: no deadlines, no flushing (tests)
	format  string
	fields  []string
	started bool
	rows    int

	csv  *csv.Writer
	line bytes.Buffer
	enc  *json.Encoder
	cell []string
}

// start sends the headers and, for CSV, the header row.
func (o *exportWriter) start(total uint64) {
	o.started = true
	h := o.w.Header()
	name := "searchd-export-" + time.Now().UTC().Format("20060102T150405Z") + "." + o.format
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Total-Count", strconv.FormatUint(total, 10))
	if o.format == formatCSV {
		h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
		o.csv = csv.NewWriter(o.w)
		_ = o.csv.Write(o.fields) // errors are the connection's: the next flush reports them
	} else {
		h.Set("Content-Type", "application/x-ndjson")
		o.enc = json.NewEncoder(&o.line)
		o.enc.SetEscapeHTML(false)
	}
	o.w.WriteHeader(http.StatusOK)
}

// write writes a page of rows and flushes it to the client.
func (o *exportWriter) write(page []index.ExportRow) error {
	for i := range page {
		var err error
		if o.csv != nil {
			err = o.csv.Write(o.csvRow(&page[i]))
		} else {
			err = o.ndjsonRow(&page[i])
		}
		if err != nil {
			return err
		}
		o.rows++
	}
	if o.csv != nil {
		o.csv.Flush()
		if err := o.csv.Error(); err != nil {
			return err
		}
	}
	if o.rc != nil {
		if err := o.rc.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// listSeparator joins the values of a list field in a CSV cell.
const listSeparator = ";"

// csvRow is the cells of a row, each made inert for spreadsheets
// (defuseFormulas).
func (o *exportWriter) csvRow(r *index.ExportRow) []string {
	o.cell = o.cell[:0]
	for _, f := range o.fields {
		text, list, isList := r.Value(f)
		if isList {
			text = strings.Join(list, listSeparator)
		}
		o.cell = append(o.cell, defuseFormulas(text))
	}
	return o.cell
}

// defuseFormulas gives a leading apostrophe, as OWASP advises against CSV
// injection, to every part of a cell that a spreadsheet would read as a
// formula (starting with =, +, -, @, tab or carriage return): the cell's
// start and whatever follows a ';', since a spreadsheet in a locale whose
// list separator is ';' (German, French) splits unquoted cells there, and
// the list fields are joined with it.
func defuseFormulas(text string) string {
	if !strings.ContainsAny(text, "=+-@\t\r") {
		return text
	}
	parts := strings.Split(text, listSeparator)
	for i, p := range parts {
		if p != "" && strings.ContainsRune("=+-@\t\r", rune(p[0])) {
			parts[i] = "'" + p
		}
	}
	return strings.Join(parts, listSeparator)
}

// ndjsonRow writes a row as one JSON object, its fields in the order asked.
func (o *exportWriter) ndjsonRow(r *index.ExportRow) error {
	o.line.Reset()
	o.line.WriteByte('{')
	for i, f := range o.fields {
		if i > 0 {
			o.line.WriteByte(',')
		}
		_ = o.enc.Encode(f)
		o.line.Truncate(o.line.Len() - 1) // Encode ends with a newline
		o.line.WriteByte(':')
		text, list, isList := r.Value(f)
		var err error
		if isList {
			if list == nil {
				list = []string{}
			}
			err = o.enc.Encode(list)
		} else {
			err = o.enc.Encode(text)
		}
		if err != nil {
			return err
		}
		o.line.Truncate(o.line.Len() - 1)
	}
	o.line.WriteString("}\n")
	_, err := o.w.Write(o.line.Bytes())
	return err
}
