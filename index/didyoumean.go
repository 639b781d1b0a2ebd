package index

import (
	"context"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/searchd/searchd/extract"
	"github.com/searchd/searchd/mapping"
	qlang "github.com/searchd/searchd/query"
)

// A search with no hits offers a correction taken from the index's own
// terms: each word of the query that the index does not hold is replaced
// by the term within one edit (two for words of six characters or more,
// the first character kept, as fuzzy queries) that the most articles
// contain. The words are compared as the body's analyser makes them
// (folded, stemmed), so "Bogta" becomes "bogota" and "Hezbolah"
// "hezbollah".

// maxCorrectedWords bounds the words of one query that are corrected and
// looked up as entities.
const maxCorrectedWords = 8

// noDeadEnd fills in what a search without hits offers instead: q with
// its misspelt words corrected, and the entities its words may name.
func (ix *Index) noDeadEnd(ctx context.Context, ast qlang.Node, out *Result) {
	// A bounded number of words is looked up: each costs a walk of the
	// dictionary, and a long query of unknown words must not hold the slot.
	budget := maxCorrectedWords
	corrected, changed := rewriteWords(ast, func(word string) (string, bool) {
		if budget == 0 || ctx.Err() != nil {
			return "", false
		}
		budget--
		return ix.correctWord(ctx, word)
	})
	if changed {
		out.DidYouMean = corrected.String()
	}
	var words []string
	qlang.Walk(corrected, func(n qlang.Node) {
		if t, ok := n.(*qlang.Term); ok && t.Field == "" {
			words = append(words, t.Text)
		}
	})
	seen := map[string]bool{}
	for _, w := range words[:min(len(words), maxCorrectedWords)] {
		found, err := ix.Suggest(ctx, w, nil, 5)
		if err != nil {
			return
		}
		for _, s := range found {
			if k := s.Type + "\x00" + s.Value; !seen[k] && len(out.Suggestions) < 10 {
				seen[k] = true
				out.Suggestions = append(out.Suggestions, s)
			}
		}
	}
}

// rewriteWords returns a copy of n with each word naming no field replaced
// by fix's answer, and whether any was.
func rewriteWords(n qlang.Node, fix func(string) (string, bool)) (qlang.Node, bool) {
	switch n := n.(type) {
	case *qlang.Term:
		if n.Field != "" {
			return n, false
		}
		if w, ok := fix(n.Text); ok && w != n.Text {
			c := *n
			c.Text = w
			return &c, true
		}
		return n, false
	case *qlang.And:
		nodes, changed := rewriteAll(n.Nodes, fix)
		return &qlang.And{Nodes: nodes, Pos: n.Pos}, changed
	case *qlang.Or:
		nodes, changed := rewriteAll(n.Nodes, fix)
		return &qlang.Or{Nodes: nodes, Pos: n.Pos}, changed
	case *qlang.Boost:
		sub, changed := rewriteWords(n.Node, fix)
		return &qlang.Boost{Node: sub, Factor: n.Factor, Pos: n.Pos}, changed
	}
	return n, false // negated words and phrases are left as typed
}

func rewriteAll(nodes []qlang.Node, fix func(string) (string, bool)) ([]qlang.Node, bool) {
	out := make([]qlang.Node, len(nodes))
	changed := false
	for i, sub := range nodes {
		var c bool
		out[i], c = rewriteWords(sub, fix)
		changed = changed || c
	}
	return out, changed
}

// correctWord returns the best correction of word, and whether it found one
// that differs from it.
func (ix *Index) correctWord(ctx context.Context, word string) (string, bool) {
	a := ix.bi.Mapping().AnalyzerNamed(mapping.AnalyzerFolded)
	if a == nil {
		return "", false
	}
	toks := a.Analyze([]byte(word))
	if len(toks) != 1 {
		return "", false // a stop word, or several: left as typed
	}
	term := string(toks[0].Term)
	n := utf8.RuneCountInString(term)
	fuzziness := 0
	switch {
	case n >= 6:
		fuzziness = 2
	case n >= 3:
		fuzziness = 1
	default:
		return "", false
	}
	reader, err := ix.reader()
	if err != nil {
		return "", false
	}
	defer reader.Close()
	if known, err := reader.TermFieldReader(ctx, []byte(term), mapping.FieldBody, false, false, false); err == nil {
		count := known.Count()
		_ = known.Close()
		if count > 0 {
			return "", false // the index has it: nothing to correct
		}
	}
	fuzzy, ok := reader.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return "", false
	}
	_, size := utf8.DecodeRuneInString(term)
	dict, err := fuzzy.FieldDictFuzzy(mapping.FieldBody, term, fuzziness, term[:size])
	if err != nil {
		return "", false
	}
	defer dict.Close()
	best, bestEdits, bestCount := "", fuzziness+1, uint64(0)
	for scanned := 0; scanned < ix.policy.MaxExpansions; scanned++ {
		entry, err := dict.Next()
		if err != nil || entry == nil {
			break
		}
		edits := editDistance(term, entry.Term)
		if edits < bestEdits || edits == bestEdits && entry.Count > bestCount {
			best, bestEdits, bestCount = entry.Term, edits, entry.Count
		}
	}
	if best == "" {
		return "", false
	}
	return ix.surfaceForm(ctx, best), true
}

// surfaceForm returns how an article writes the body term (a stem such as
// "damascu"), folded as the index folds it: the word of the first article
// holding it ("damascus").
func (ix *Index) surfaceForm(ctx context.Context, term string) string {
	tq := bleve.NewTermQuery(term)
	tq.SetField(mapping.FieldBody)
	req := bleve.NewSearchRequestOptions(tq, 1, 0, false)
	req.IncludeLocations = true
	req.Fields = []string{mapping.FieldBody}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return term
	}
	body, _ := res.Hits[0].Fields[mapping.FieldBody].(string)
	for _, loc := range res.Hits[0].Locations[mapping.FieldBody][term] {
		if loc.Start < loc.End && int(loc.End) <= len(body) {
			return extract.Fold(body[loc.Start:loc.End])
		}
	}
	return term
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
