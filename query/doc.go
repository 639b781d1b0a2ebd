// Package query is searchd's query language: a lexer and a parser from the
// q parameter to a tree of Nodes, a canonical printer that Parse reads back,
// and a compiler from the tree to Bleve query objects. Bleve's query-string
// parser is not used.
//
// # Language
//
//	Iran sanctions            words are AND'ed: adding a word narrows
//	Iran OR Iraq              OR, AND, NOT in capitals; and/or/not are words
//	sanctions -oil +Iran      - is NOT; + is a no-op (words are required)
//	(Iran OR Iraq) AND sanctions NOT oil
//	"Quds Force"  "a b"~3     phrases; ~n: the words within n moves (a swap is 2)
//	title:Iran  title:(a OR b)  source:"Atlas Report"  source:Atlas\ Report
//	published_at:2024-06      a date is its whole period
//	published_at:[2024-01 TO 2024-06]  mentioned:{2024 TO *]
//	Iran^2  "a b"^1.5  (a b)^2
//	Ira*  Tehr?n  /Teh.*n/  sanctoins~1  word~ (= ~1)
//	*  (or the empty query)   everything; -oil alone is everything but oil
//
// Precedence: NOT and - bind tightest, then AND (written or implied), then
// OR. Boosts, slops and fuzziness follow their term with no space. A value
// follows "field:" with no space and runs to the next space or parenthesis;
// colons inside it are literal (url:https://x). \ escapes any character.
// Field names are case-insensitive; an unknown one is an error that lists
// the known ones (see Fields). Positions in errors are 1-based rune columns.
//
// Fuzzy terms need 3 characters for an edit distance of 1 and 6 for 2, and
// keep their first character; wildcards and regexps need a literal prefix.
// Limits (length, clauses, nesting) make every input cheap to refuse.
//
// # Compiling
//
// Compile gives every clause its field: a word naming none is searched in
// each of UnqualifiedFields (title, body), any of them matching, with
// standard Bleve query types, so the index need not rewrite the tree, and
// the index's guards on expensive queries see only Bleve's Wildcard,
// Regexp, Prefix and Fuzzy queries. Words and phrases are analysed by
// Bleve with the field's analyser; pattern and fuzzy literals are
// normalised here as that analyser would (lower case, and accent folding
// for entity names), without stemming. On keyword fields, a value or a
// quoted value matches exactly.
//
// Entity fields resolve aliases through a Resolver: country:Iranian is the
// country IR, group:IRGC the canonical group. A bare word or a phrase of
// two or more words that the Resolver knows as an entity's name also
// matches the articles where that entity was extracted, with a lower
// weight, so literal matches rank first; Compile lists those readings as
// Interpretations. A quoted single word ("Iranian") is literal only.
//
// # Vocabulary
//
// Fields is the one table of field names, their Bleve fields, HTTP filter
// parameters and facets; Filter and DateFilter build the HTTP filters from
// it, and SearchSchema describes it to the UI.
package query
