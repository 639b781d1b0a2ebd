package query

// Node is a parsed query: one of *MatchAll, *Term, *Phrase, *Wildcard,
// *Regexp, *Fuzzy, *Range, *And, *Or, *Not and *Boost. Leaves carry the
// field they search ("" for the unqualified text fields): a field applied
// to a group, as in title:(a OR b), is given to each leaf inside it.
type Node interface {
	// String prints the node in canonical form, which parses back to an
	// equal node (positions aside).
	String() string
	// Position is the 1-based rune column where the node starts in the
	// query, 0 when the node was not parsed.
	Position() int
	node()
}

// MatchAll matches every article: the empty query, or *.
type MatchAll struct {
	Pos int
}

// Term is a word: iran, title:iran, source:Atlas\ Report.
type Term struct {
	Field string
	Text  string // unescaped
	Pos   int
}

// Phrase is quoted text: "quds force", "a b"~3, source:"Atlas Report".
type Phrase struct {
	Field string
	Text  string // unescaped, as written between the quotes
	Slop  int    // how many position moves the words may need to match
	Pos   int
}

// Wildcard is a word with * (any run of characters) or ? (any one
// character): Ira*, Tehr?n.
type Wildcard struct {
	Field   string
	Pattern string // * and ? are wildcards; there are no literal ones
	Pos     int
}

// Regexp is a regular expression between slashes, in Go syntax, matched
// against whole terms: /teh.*n/.
type Regexp struct {
	Field   string
	Pattern string // as written, \/ unescaped to /
	Pos     int
}

// Fuzzy is a word matched within an edit distance: sanctoins~1, word~ (1).
type Fuzzy struct {
	Field    string
	Text     string
	Distance int // 1 or 2
	Pos      int
}

// Range is an interval of dates: published_at:[2024-01 TO 2024-06].
// An empty bound is open (written *); bounds are inclusive unless marked
// exclusive (written with { or }).
type Range struct {
	Field         string
	From, To      string
	FromExclusive bool
	ToExclusive   bool
	Pos           int
}

// And matches what all its nodes match: a b, a AND b.
type And struct {
	Nodes []Node
	Pos   int
}

// Or matches what any of its nodes matches: a OR b.
type Or struct {
	Nodes []Node
	Pos   int
}

// Not matches what its node does not: -a, NOT a.
type Not struct {
	Node Node
	Pos  int
}

// Boost scales the score of what its node matches: a^2, (a b)^1.5.
type Boost struct {
	Node   Node
	Factor float64 // > 0
	Pos    int
}

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *MatchAll) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Term) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Phrase) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Wildcard) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Regexp) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Fuzzy) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Range) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *And) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Or) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Not) Position() int { return n.Pos }

// Position is the 1-based rune column where the node starts, 0 if unknown.
func (n *Boost) Position() int { return n.Pos }

func (*MatchAll) node() {}
func (*Term) node()     {}
func (*Phrase) node()   {}
func (*Wildcard) node() {}
func (*Regexp) node()   {}
func (*Fuzzy) node()    {}
func (*Range) node()    {}
func (*And) node()      {}
func (*Or) node()       {}
func (*Not) node()      {}
func (*Boost) node()    {}

// leaf marks the nodes that count as clauses against Limits.MaxClauses.
func (*MatchAll) leaf() {}
func (*Term) leaf()     {}
func (*Phrase) leaf()   {}
func (*Wildcard) leaf() {}
func (*Regexp) leaf()   {}
func (*Fuzzy) leaf()    {}
func (*Range) leaf()    {}

// Walk calls fn on n and on every node below it, parents first.
func Walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *And:
		for _, sub := range n.Nodes {
			Walk(sub, fn)
		}
	case *Or:
		for _, sub := range n.Nodes {
			Walk(sub, fn)
		}
	case *Not:
		Walk(n.Node, fn)
	case *Boost:
		Walk(n.Node, fn)
	}
}
