package query

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// parseCases are queries, valid and not, whose reading testdata/parse.golden
// records. Cases built in code (long, deep) are named by a label.
var parseCases = []string{
	// words and implicit AND
	``,
	`   `,
	`Iran`,
	`Iran sanctions`,
	`Iran  sanctions   oil`,
	`iran and sanctions`,
	`iran or sanctions`,
	`iran not sanctions`,
	`Iran AND sanctions`,
	`Iran OR Iraq`,
	`Iran OR Iraq OR Syria`,
	`a b OR c d`,
	`a OR b c`,
	`a AND b OR c`,
	`a OR b AND c`,
	`(Iran OR Iraq) AND sanctions NOT oil`,
	`(Iran OR Iraq) sanctions -oil`,
	`NOT oil`,
	`-oil`,
	`-oil -gas`,
	`sanctions -oil`,
	`+sanctions -oil`,
	`+a +b`,
	`NOT NOT a`,
	`--a`,
	`-+a`,
	`NOT -a`,
	`a OR NOT b`,
	`a OR -b`,
	`-(a b)`,
	`-(a OR b)`,
	`((a))`,
	`(a b) c`,
	`a (b c)`,
	`(a OR b) OR c`,
	`a OR (b OR c)`,
	`(a OR b) (c OR d)`,
	`a AND (b OR c) AND d`,
	`*`,
	`*:*`,
	`* -oil`,
	`al-Assad`,
	`U.S.`,
	`10:30`,
	`and/or`,
	`a+b`,
	`a-b`,
	`e-mail -spam`,
	`AND`,
	`a AND`,
	`OR Iran`,
	`Iran AND`,
	`Iran OR`,
	`NOT`,
	`a NOT`,
	`a AND AND b`,
	`a OR OR b`,
	`a AND OR b`,
	`- a`,
	`a -`,
	`+`,
	`(-)`,
	`a +`,
	// parentheses
	`(`,
	`)`,
	`(a`,
	`a)`,
	`((a)`,
	`(a))`,
	`()`,
	`( )`,
	`a ()`,
	`(a OR)`,
	`(OR a)`,
	// phrases
	`"Quds Force"`,
	`"Quds  Force"`,
	`"Iranian"`,
	`"a b"~3`,
	`"a b"~0`,
	`"a b"~`,
	`"a b"~51`,
	`"a b"~50`,
	`"a b"~1.5`,
	`"a b"~x`,
	`"a b"^2`,
	`"a b"~2^1.5`,
	`"a b"^2~2`,
	`"unterminated`,
	`"`,
	`""`,
	`"  "`,
	`"say \"hi\""`,
	`"back\\slash"`,
	`"a"b`,
	`a"b"`,
	`"a" "b"`,
	// fields
	`title:Iran`,
	`Title:Iran`,
	`TITLE:iran`,
	`body:"oil prices"`,
	`title:(Iran OR Iraq)`,
	`title:(Iran Iraq)^2`,
	`title:(a body:b)`,
	`title:`,
	`title: Iran`,
	`title:)`,
	`title:-Iran`,
	`-title:Iran`,
	`foo:bar`,
	`Iran:`,
	`source:"Atlas Report"`,
	`source:Atlas\ Report`,
	`source:"Atlas Report"~2`,
	`url:https://example.com/a?b=c`,
	`url:"https://example.com/a"`,
	`https://example.com`,
	`country:Iranian`,
	`country:IR`,
	`country:(Iran OR Iraq)`,
	`country:Ira*`,
	`country:Iran~1`,
	`group:IRGC`,
	`group:"Quds Force"`,
	`person:maduro`,
	`person:"Nicolás Maduro"`,
	`place:Tehran`,
	`country_name:iran`,
	`author:"Jane Doe"`,
	`language:en`,
	`year:2024`,
	`month:2024-04`,
	`title:AND`,
	`title:a:b`,
	`title:\(a\)`,
	// dates and ranges
	`published_at:2024`,
	`published_at:2024-06`,
	`published_at:2024-06-01`,
	`published_at:2024-06-01T10:00:00Z`,
	`published_at:"2024-06"`,
	`published_at:yesterday`,
	`published_at:2024-13`,
	`published_at:1500`,
	`published_at:[2024-01 TO 2024-06]`,
	`published_at:{2024-01 TO 2024-06}`,
	`published_at:[2024-01 TO 2024-06}`,
	`published_at:[2024 TO *]`,
	`published_at:[* TO 2024-06-30]`,
	`published_at:[* TO *]`,
	`published_at:[2024-01-01T00:00:00Z TO 2024-01-31T23:59:59+02:00]`,
	`mentioned:[2024-10 TO 2024-12]`,
	`mentioned:2024-10`,
	`published_at:[2024 TO]`,
	`published_at:[TO 2024]`,
	`published_at:[2024]`,
	`published_at:[2024 2025]`,
	`published_at:[2024 TO 2025`,
	`published_at:[2025 TO 2024]`,
	`published_at:[2024 TO 2024]`,
	`published_at:{2024 TO 2024}`,
	`published_at:[2024 TO 2024-13]`,
	`published_at:[2024 TO 2025]^2`,
	`published_at:([2020 TO 2021] OR 2024)`,
	`[2024 TO 2025]`,
	`title:[a TO b]`,
	`year:[2020 TO 2024]`,
	`published_at:Ira*`,
	`published_at:/20.*/`,
	// boosts
	`Iran^2`,
	`Iran^1.5`,
	`Iran^0.5`,
	`Iran^0`,
	`Iran^`,
	`Iran^x`,
	`Iran^2^3`,
	`Iran^-1`,
	`Iran^2000000`,
	`(Iran OR Iraq)^2`,
	`((a^2)^3)`,
	`-a^2`,
	`(-a)^2`,
	`^2`,
	`a ^2`,
	`*^2`,
	`title:Iran^2`,
	// wildcards, regexps, fuzzy
	`Ira*`,
	`Tehr?n`,
	`Te*r?n`,
	`*a`,
	`?ran`,
	`title:*`,
	`a*??????????`,
	`ab*?????`,
	`ab*??????`,
	`a*b*c*d*e*f*`,
	`a*b*c*d*e*f*g*h*i*j*k*`,
	`sanc*ion?`,
	`Ira\*`,
	`Ira\*n*`,
	`/Teh.*/`,
	`/teh[a-z]+n/`,
	`title:/Teh.*/`,
	`/.*/`,
	`/.*a/`,
	`/^teh.*/`,
	`/a\/b/`,
	`/[/`,
	`/unterminated`,
	`//`,
	`/a(?=b)/`,
	`/\bteh/`,
	`/teh.*/^2`,
	`/teh.*/~1`,
	`/teh.*n/`,
	`/sanctions?/`,
	`/colou?r/`,
	`/20[0-9]{2}-[0-9]{2}/`,
	`/(iran|iraq)i?/`,
	`/ira(n|q)i?/`,
	`/a\pL/`,
	`/a[^x]{1000}/`,
	`/a.*b.{4}/`,
	`/a.*b.{5}/`,
	`/a.*b.{3}c.*/`,
	`/a(.*b.{3})*/`,
	`/a.*b.*c.*d.*e.*f.*g.*h.*i.*j.*/`,
	`/a.*b.*c.*d.*e.*f.*g.*h.*i.*j.*k.*/`,
	`/a.*?/`,
	`/(?i)teh.*/`,
	`sanctoins~1`,
	`sanctoins~`,
	`sanctions~2`,
	`a~2`,
	`ab~1`,
	`abc~1`,
	`abcde~2`,
	`abcdef~2`,
	`word~3`,
	`word~0`,
	`word~1.5`,
	`word~x`,
	`word~1^2`,
	`Ira*~1`,
	`title:sanctoins~1`,
	`source:Reuter~1`,
	`*~1`,
	`~1`,
	`a ~1`,
	`word ~1`,
	`word~1~2`,
	`word ^2`,
	`"a b" ~2`,
	`title: "a b"`,
	`foo: bar`,
	// escapes
	`\"quoted\"`,
	`a\:b`,
	`\AND`,
	`\-oil`,
	`\(a\)`,
	`a\ b`,
	`\\`,
	`a\`,
	`\*`,
	`\*:\*`,
	// unicode
	`Téhéran`,
	`"Nicolás Maduro"`,
	`Москва OR 北京`,
	`title:Ελλάδα`,
	`Straße~1`,
	"a\u00a0b",
	"\xff",
	"a \xfe b",
	"\u200b",
	"emoji 🙂 OR 🙃",
}

// generatedCases are built in code: input too long or too deep to write out.
var generatedCases = []struct {
	label, q string
}{
	{"4096 bytes", strings.Repeat("ab", 2048)},
	{"4097 bytes", strings.Repeat("ab", 2048) + "c"},
	{"1024 clauses", strings.TrimSpace(strings.Repeat("a ", 1024))},
	{"1025 clauses", strings.TrimSpace(strings.Repeat("a ", 1025))},
	{"32 parentheses", strings.Repeat("(", 32) + "a" + strings.Repeat(")", 32)},
	{"33 parentheses", strings.Repeat("(", 33) + "a" + strings.Repeat(")", 33)},
	{"2000 parentheses", strings.Repeat("(", 2000) + "a" + strings.Repeat(")", 2000)},
	{"32 NOTs", strings.Repeat("NOT ", 32) + "a"},
	{"33 minuses", strings.Repeat("-", 33) + "a"},
	{"600 ORs", strings.Repeat("a OR ", 600) + "a"},
	{"16 regexps", strings.Repeat("/ab.*/ ", 16)},
	{"17 regexps", strings.Repeat("/ab.*/ ", 17)},
	{"8 regexps and 9 wildcards", strings.Repeat("/ab.*/ ", 8) + strings.Repeat("a?c ", 9)},
	{"100 prefixes", strings.Repeat("ab* ", 100)},
	{"17 fuzzy terms", strings.Repeat("abc~1 ", 17)},
	{"fuzzy word of 64 characters", strings.Repeat("a", 64) + "~2"},
	{"fuzzy word of 65 characters", strings.Repeat("a", 65) + "~2"},
	{"regexp of 512 bytes", "/a" + strings.Repeat("b", 511) + "/"},
	{"regexp of 513 bytes", "/a" + strings.Repeat("b", 512) + "/"},
	{"1300 \\pL", "/a" + strings.Repeat(`\pL`, 1300) + "/"},
	{"1024 clauses in a field group", "title:(" + strings.TrimSpace(strings.Repeat("a ", 1024)) + ")"},
	{"1025 clauses in a field group", "title:(" + strings.TrimSpace(strings.Repeat("a ", 1025)) + ")"},
}

// dump prints a node as a compact tree with positions, for the golden file.
func dump(n Node) string {
	var b strings.Builder
	dumpTo(&b, n)
	return b.String()
}

func dumpTo(b *strings.Builder, n Node) {
	field := func(f string) string {
		if f == "" {
			return ""
		}
		return f + " "
	}
	switch n := n.(type) {
	case *MatchAll:
		fmt.Fprintf(b, "all@%d", n.Pos)
	case *Term:
		fmt.Fprintf(b, "term(%s%q)@%d", field(n.Field), n.Text, n.Pos)
	case *Phrase:
		fmt.Fprintf(b, "phrase(%s%q ~%d)@%d", field(n.Field), n.Text, n.Slop, n.Pos)
	case *Wildcard:
		fmt.Fprintf(b, "wild(%s%q)@%d", field(n.Field), n.Pattern, n.Pos)
	case *Regexp:
		fmt.Fprintf(b, "re(%s%q)@%d", field(n.Field), n.Pattern, n.Pos)
	case *Fuzzy:
		fmt.Fprintf(b, "fuzzy(%s%q ~%d)@%d", field(n.Field), n.Text, n.Distance, n.Pos)
	case *Range:
		fmt.Fprintf(b, "range(%s%c%q %q%c)@%d", field(n.Field), "[{"[btoi(n.FromExclusive)], n.From, n.To, "]}"[btoi(n.ToExclusive)], n.Pos)
	case *And, *Or:
		name, nodes := "and", []Node(nil)
		if a, ok := n.(*And); ok {
			nodes = a.Nodes
		} else {
			name, nodes = "or", n.(*Or).Nodes
		}
		b.WriteString(name + "(")
		for i, c := range nodes {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpTo(b, c)
		}
		b.WriteByte(')')
	case *Not:
		b.WriteString("not(")
		dumpTo(b, n.Node)
		b.WriteByte(')')
	case *Boost:
		b.WriteString("boost(")
		dumpTo(b, n.Node)
		fmt.Fprintf(b, " %v)", n.Factor)
	default:
		fmt.Fprintf(b, "?%T", n)
	}
}

// readParse describes what Parse makes of q: the tree and its canonical
// form, or the error with its kind.
func readParse(q string) string {
	n, err := Parse(q)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return fmt.Sprintf("NOT AN *Error: %v", err)
		}
		return fmt.Sprintf("error %s: %s", e.Kind, e.Error())
	}
	return dump(n) + "\n  = " + n.String()
}

func TestParseGolden(t *testing.T) {
	if len(parseCases)+len(generatedCases) < 150 {
		t.Fatalf("%d cases: the issue asks for at least 150", len(parseCases)+len(generatedCases))
	}
	var b strings.Builder
	b.WriteString("# Parse of each query: the tree (node@column), its canonical form, or the error.\n")
	b.WriteString("# Regenerate with: go test ./query -run TestParseGolden -update\n\n")
	for _, q := range parseCases {
		fmt.Fprintf(&b, "%s\n  %s\n\n", strconv.Quote(q), readParse(q))
	}
	for _, c := range generatedCases {
		out := readParse(c.q)
		if len(out) > 200 {
			out = out[:200] + "…"
		}
		fmt.Fprintf(&b, "[%s]\n  %s\n\n", c.label, out)
	}
	golden(t, filepath.Join("testdata", "parse.golden"), b.String())
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./query -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./query -update if the change is intended:\n%s", path, diff)
	}
}

// TestParseRoundTrip checks every valid golden case as the fuzz target does.
func TestParseRoundTrip(t *testing.T) {
	for _, q := range parseCases {
		checkRoundTrip(t, q)
	}
}

// equalNodes compares trees ignoring positions, which printing changes.
func equalNodes(a, b Node) string {
	return cmp.Diff(a, b, cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "Pos"
	}, cmp.Ignore()))
}

// checkRoundTrip parses q and, if it is valid, checks that its canonical
// form parses to an equal tree and prints the same again.
func checkRoundTrip(t *testing.T, q string) {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Parse(%q): error %T is not *Error: %v", q, err, err)
		}
		return
	}
	s := n.String()
	// The canonical form can be longer (escapes), so it is read back
	// with room to spare.
	lim := DefaultLimits()
	lim.MaxLength *= 4
	lim.MaxDepth *= 2
	n2, err := ParseLimits(s, lim)
	if err != nil {
		t.Fatalf("Parse(%q) = %s, which does not parse: %v", q, s, err)
	}
	if diff := equalNodes(n, n2); diff != "" {
		t.Fatalf("Parse(%q) printed as %q reads differently (-first +second):\n%s", q, s, diff)
	}
	if s2 := n2.String(); s2 != s {
		t.Fatalf("Parse(%q) prints %q, which prints %q", q, s, s2)
	}
}
