package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
)

// maxReportedErrors bounds how many per-line errors a bulk result lists; the
// Failed count stays exact beyond it.
const maxReportedErrors = 1000

// BulkResult reports what a bulk ingestion did.
type BulkResult struct {
	Indexed int         `json:"indexed"`
	Failed  int         `json:"failed"`
	Errors  []LineError `json:"errors"`
}

// LineError is why one line (or file) of a bulk ingestion was not indexed.
type LineError struct {
	Line  int    `json:"line,omitempty"`
	File  string `json:"file,omitempty"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

func (r *BulkResult) fail(e LineError) {
	r.Failed++
	if len(r.Errors) < maxReportedErrors {
		r.Errors = append(r.Errors, e)
	}
}

// pending is an article waiting in a batch, with where it came from.
type pending struct {
	line    int
	file    string
	article Article
	// previous, when set, are the entities an article copied by a rebuild
	// had: kept when the extractor now gives up on it (its work budget or
	// timeout), so that one article cannot stop a reindex.
	previous *Entities
}

// Add extracts the entities of a validated article and indexes it, replacing
// any article with the same id. It returns once the article is on disk.
func (ix *Index) Add(ctx context.Context, a Article) (Article, error) {
	stored, err := ix.add(ctx, a)
	if err != nil {
		ix.obs.Rejected(1)
		return Article{}, err
	}
	ix.obs.Ingested(1)
	return stored, nil
}

func (ix *Index) add(ctx context.Context, a Article) (Article, error) {
	if err := ctx.Err(); err != nil {
		return Article{}, err
	}
	if err := ix.space.check(0); err != nil {
		return Article{}, err
	}
	release, err := ix.gate.acquire(ctx, articleMemory(len(a.Title)+len(a.Body)))
	if err != nil {
		return Article{}, err
	}
	defer release()
	if err := ix.enrich(ctx, &a); err != nil {
		return Article{}, err
	}
	sig := sign(a.Body)
	tok := ix.stories.begin()
	defer ix.stories.finish(tok)
	found, err := ix.findCopy(ctx, a.ID, sig)
	if err != nil {
		ix.stories.assign(tok, nil, nil, nil, nil)
		return Article{}, fmt.Errorf("look for copies of article %q: %w", a.ID, err)
	}
	ix.stories.assign(tok, []*Article{&a}, []signature{sig}, []storyMatch{found}, []bool{false})
	doc, err := buildDocument(a, sig)
	if err != nil {
		return Article{}, err
	}
	b := ix.bi.NewBatch()
	if err := b.Index(a.ID, doc); err != nil {
		return Article{}, fmt.Errorf("prepare article %q: %w", a.ID, err)
	}
	if err := ix.commit(b, 1, a.ID); err != nil {
		return Article{}, fmt.Errorf("index article %q: %w", a.ID, err)
	}
	return a, nil
}

// enrich fills in the article's entities, within the extraction budget of
// one article: a work bound proportional to its text, which no real
// article comes near (news costs about 6 units a byte, the densest text
// tried 30), and ix.extractTimeout. It stops early when ctx ends.
func (ix *Index) enrich(ctx context.Context, a *Article) error {
	actx, cancel := context.WithTimeout(ctx, ix.extractTimeout)
	defer cancel()
	n := int64(len(a.Title) + len(a.Body))
	start := time.Now()
	ents, err := ix.ex.ExtractContext(actx, extract.Input{Title: a.Title, Body: a.Body, Language: a.Language,
		Published: a.PublishedAt, MaxWork: extractWorkPerByte*n + extractWorkBase})
	ix.obs.Extracted(time.Since(start))
	switch {
	case err == nil:
		a.Entities = GroupEntities(ents)
		return nil
	case ctx.Err() != nil: // the request ended
		return ctx.Err()
	case errors.Is(err, extract.ErrBudget):
		return fmt.Errorf("the text is too unusual to extract its entities within the work allowed for %d bytes: %w", n, ErrInvalid)
	case errors.Is(err, context.DeadlineExceeded):
		// The time depends on the machine's load too: retry later (503).
		return fmt.Errorf("extracting its entities took longer than %s (ingest.extract_timeout): %w", ix.extractTimeout, ErrBusy)
	default:
		return err
	}
}

// The extraction work budget of an article of n bytes is
// extractWorkPerByte*n + extractWorkBase units (see extract.Input.MaxWork).
const (
	extractWorkPerByte = 200
	extractWorkBase    = 100000
)

// defaultExtractTimeout bounds one article's extraction where Options leaves it zero.
const defaultExtractTimeout = 30 * time.Second

// IngestNDJSON reads articles from r, one JSON object per line, and indexes
// them in batches. A bad line is reported in the result and never stops the
// good ones; lines longer than maxLine bytes are rejected. The error is
// non-nil only when reading stops early (cancellation, a read error): the
// result then still counts what was indexed before.
func (ix *Index) IngestNDJSON(ctx context.Context, r io.Reader, maxLine int) (BulkResult, error) {
	res := BulkResult{Errors: []LineError{}}
	w := ix.newBatchWriter(ctx, &res)
	if err := ix.readNDJSON(ctx, r, maxLine, w); err != nil {
		w.abandon()
		return res, err
	}
	err := w.drain()
	return res, err
}

// readNDJSON decodes the lines of r into w.
func (ix *Index) readNDJSON(ctx context.Context, r io.Reader, maxLine int, w *batchWriter) error {
	br := bufio.NewReaderSize(r, 64<<10)
	lineNo := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, readErr := readLine(br, maxLine)
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			// What was read in full is still indexed.
			if err := w.drain(); err != nil {
				return err
			}
			return fmt.Errorf("read line %d: %w: %w", lineNo+1, ErrRead, readErr)
		}
		if len(line) > 0 || tooLong {
			lineNo++
			switch {
			case tooLong:
				w.fail(LineError{Line: lineNo, Error: fmt.Sprintf("line is longer than %d bytes", maxLine)})
			case len(bytes.TrimSpace(line)) == 0:
				// Blank lines separate nothing in NDJSON; skip them.
			default:
				a, err := DecodeArticle(line)
				if err != nil {
					w.fail(LineError{Line: lineNo, ID: peekID(line), Error: errMessage(err)})
				} else if err := w.add(pending{line: lineNo, article: a}, len(line)); err != nil {
					return err
				}
			}
		} else if readErr == nil {
			lineNo++ // an empty line
		}
		if errors.Is(readErr, io.EOF) {
			return nil
		}
	}
}

// readLine returns the next line without its line end ("\n" or "\r\n").
// A line whose content is longer than max bytes, line end not counted, is
// consumed and reported as tooLong, so one huge line costs no memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(frag) > max+2 { // room for "\r\n"
				tooLong = true
				buf = nil
			} else {
				buf = append(buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong && errors.Is(err, io.EOF) && len(frag) == 0 {
			return nil, true, err
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if len(buf) > max {
			return nil, true, err
		}
		return buf, tooLong, err
	}
}

// peekID returns the "id" of a line that failed validation, when it has one.
func peekID(line []byte) string {
	var probe struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(line, &probe) != nil {
		return ""
	}
	if s, ok := probe.ID.(string); ok && len(s) <= maxIDLength {
		return s
	}
	return ""
}

// errMessage strips the kind suffix (": invalid input") from a validation error.
func errMessage(err error) string {
	msg := err.Error()
	suffix := ": " + ErrInvalid.Error()
	if errors.Is(err, ErrInvalid) && len(msg) > len(suffix) && msg[len(msg)-len(suffix):] == suffix {
		return msg[:len(msg)-len(suffix)]
	}
	return msg
}

// IngestArticles indexes already-decoded articles in batches, like IngestNDJSON.
func (ix *Index) IngestArticles(ctx context.Context, articles []Article) (BulkResult, error) {
	return ix.ingestArticles(ctx, articles, nil)
}

// ingestArticles is IngestArticles; previous, when not nil, holds the
// entities each article had (a rebuild's copy), kept if extraction gives up.
func (ix *Index) ingestArticles(ctx context.Context, articles []Article, previous []Entities) (BulkResult, error) {
	res := BulkResult{Errors: []LineError{}}
	w := ix.newBatchWriter(ctx, &res)
	for i, a := range articles {
		p := pending{line: i + 1, article: a}
		if previous != nil {
			p.previous = &previous[i]
		}
		if err := w.add(p, len(a.Title)+len(a.Body)); err != nil {
			w.abandon()
			return res, err
		}
	}
	err := w.drain()
	return res, err
}

// summary is what a search hit shows of an article; stored beside it so a
// hit never needs the whole body.
type summary struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	URL         string      `json:"url,omitempty"`
	Source      string      `json:"source,omitempty"`
	PublishedAt time.Time   `json:"published_at"`
	Snippet     string      `json:"snippet,omitempty"`
	Story       string      `json:"story,omitempty"`
	Entities    HitEntities `json:"entities"`
}

// snippetRunes is about how much of the body a hit shows when nothing is highlighted.
const snippetRunes = 240

// leadSnippet returns the start of the body as plain text, cut at a word
// boundary, for hits without highlights (searches by filter only).
func leadSnippet(body string) string {
	text := strings.Join(strings.Fields(body), " ")
	runes := []rune(text)
	if len(runes) <= snippetRunes {
		return text
	}
	cut := string(runes[:snippetRunes])
	if i := strings.LastIndexByte(cut, ' '); i > snippetRunes/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + " …"
}

// HitEntities lists an article's entities without their mentions.
type HitEntities struct {
	Persons        []EntityRef `json:"persons"`
	Countries      []EntityRef `json:"countries"`
	AboutCountries []EntityRef `json:"about_countries"`
	Groups         []EntityRef `json:"groups"`
	Places         []EntityRef `json:"places"`
	Dates          []EntityRef `json:"dates"`
}

// EntityRef is an entity's canonical value and label with its mention count.
type EntityRef struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Country  string `json:"country,omitempty"`
	Mentions int    `json:"mentions"`
}

func refs(list []extract.Entity) []EntityRef {
	out := make([]EntityRef, 0, len(list))
	for _, e := range list {
		out = append(out, EntityRef{Value: e.Value, Label: e.Label, Country: e.Country, Mentions: len(e.Mentions)})
	}
	return out
}

// BuildDocument returns the field map that the mapping indexes for an
// article whose entities are filled in; an article without a story is
// its own story.
func BuildDocument(a Article) (map[string]any, error) {
	return buildDocument(a, sign(a.Body))
}

// buildDocument is BuildDocument with the body's signature already made.
func buildDocument(a Article, sig signature) (map[string]any, error) {
	if a.Story == "" {
		a.Story = a.ID
	}
	// The body is stored once, in its own field (highlighting reads it
	// there); the stored article leaves it out.
	forStore := a
	forStore.Body = ""
	stored, err := json.Marshal(forStore)
	if err != nil {
		return nil, fmt.Errorf("encode article %q: %w", a.ID, err)
	}
	sum, err := json.Marshal(summary{
		ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, PublishedAt: a.PublishedAt,
		Snippet: leadSnippet(a.Body), Story: a.Story,
		Entities: HitEntities{
			Persons: refs(a.Entities.Persons), Countries: refs(a.Entities.Countries),
			AboutCountries: refs(a.Entities.AboutCountries),
			Groups:         refs(a.Entities.Groups), Places: refs(a.Entities.Places), Dates: refs(a.Entities.Dates),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("encode summary %q: %w", a.ID, err)
	}
	utc := a.PublishedAt.UTC()
	doc := map[string]any{
		mapping.FieldTitle:       a.Title,
		mapping.FieldBody:        a.Body,
		mapping.FieldLanguage:    a.Language,
		mapping.FieldPublishedAt: utc,
		mapping.FieldYear:        utc.Format("2006"),
		mapping.FieldMonth:       utc.Format("2006-01"),
		mapping.FieldStored:      string(stored),
		mapping.FieldSummary:     string(sum),
		mapping.FieldStory:       a.Story,
	}
	if len(sig) > 0 {
		doc[mapping.FieldWireBands] = strings.Join(sig.bands(), " ")
		doc[mapping.FieldWireSig] = sig.encode()
	}
	if a.URL != "" {
		doc[mapping.FieldURL] = a.URL
	}
	if a.Source != "" {
		doc[mapping.FieldSource] = a.Source
		doc[mapping.FieldSourceKey] = extract.Fold(a.Source)
		doc[mapping.FieldSourceText] = a.Source
	}
	if len(a.Authors) > 0 {
		doc[mapping.FieldAuthor] = a.Authors
	}
	var codes, countryNames []string
	for _, c := range a.Entities.Countries {
		codes = append(codes, c.Value)
		countryNames = append(countryNames, c.Label)
	}
	setList(doc, mapping.FieldCountry, codes)
	setList(doc, mapping.FieldCountryName, countryNames)
	var about []string
	for _, c := range a.Entities.AboutCountries {
		about = append(about, c.Value)
	}
	setList(doc, mapping.FieldAboutCountry, about)
	for _, f := range []struct {
		list               []extract.Entity
		text, exact, keyed string
	}{
		{a.Entities.Persons, mapping.FieldPerson, mapping.FieldPersonExact, mapping.FieldPersonKey},
		{a.Entities.Groups, mapping.FieldGroup, mapping.FieldGroupExact, mapping.FieldGroupKey},
		{a.Entities.Places, mapping.FieldPlace, mapping.FieldPlaceExact, mapping.FieldPlaceKey},
	} {
		var values, keys []string
		for _, e := range f.list {
			values = append(values, e.Value)
			keys = append(keys, extract.Fold(e.Value))
		}
		setList(doc, f.text, values)
		setList(doc, f.exact, values)
		setList(doc, f.keyed, dedupe(keys))
	}
	// Each range is indexed as the calendar units tiling it, so that a
	// window finds every range it overlaps (see mapping.DateSpanTerms).
	var spans []string
	for _, d := range a.Entities.Dates {
		from, err1 := time.Parse(time.DateOnly, d.From)
		to, err2 := time.Parse(time.DateOnly, d.To)
		if err1 == nil && err2 == nil {
			spans = append(spans, mapping.DateSpanTerms(from, to)...)
		}
	}
	setList(doc, mapping.FieldMentioned, dedupe(spans))
	return doc, nil
}

func setList(doc map[string]any, field string, values []string) {
	if len(values) > 0 {
		doc[field] = values
	}
}

func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
