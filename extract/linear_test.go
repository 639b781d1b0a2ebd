package extract

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// maxWorkPerToken is the bound on the units of work per token the
// extractor may spend on any input, and workSlack the constant on top of it
// (the fixed work of an empty article). Ordinary news takes about a quarter
// of the bound; the densest shapes below about half.
const (
	maxWorkPerToken = 200
	workSlack       = 1000
)

// adversarial returns an article body of about n bytes of one of the shapes
// that were quadratic or are the worst cases of a stage: dense runs of
// capitalised names, all capitals, one huge token, lines of punctuation,
// thousands of distinct names, repeated dates, acronym definitions,
// ministries and legislatures that ask for the main country, a chain of
// hyphenated names, dotted chains and digit runs the tokenizer reads.
func adversarial(tb testing.TB, shape string, n int) string {
	tb.Helper()
	var b strings.Builder
	b.Grow(n + 64)
	rep := func(s string) {
		for b.Len() < n {
			b.WriteString(s)
		}
	}
	switch shape {
	case "iran":
		rep("Iran ")
	case "hezbollah-hamas":
		rep("Hezbollah Hamas ")
	case "all-caps":
		rep("IRAN SAID HEZBOLLAH AND HAMAS MET JOHN SMITH IN GAZA ")
	case "one-token":
		b.WriteString("A" + strings.Repeat("b", n-1))
	case "punctuation":
		rep(strings.Repeat("-", 200) + "\n" + strings.Repeat(".,;", 60) + "\n")
	case "distinct-names":
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "Xq%s Yv%s said. ", strconv.Itoa(i), strconv.FormatInt(int64(i*7), 36))
		}
	case "shared-first-names":
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "John Q%s met Maria Q%s. John said. ", strconv.FormatInt(int64(i), 36), strconv.FormatInt(int64(i), 36))
		}
	case "dates":
		rep("3 May ")
	case "acronyms":
		rep("the Social Democrats (SPD) and the Rapid Support Forces (RSF) ")
	case "parliament":
		rep("Iran. Parliament. Foreign Ministry said. ")
	case "initials":
		rep("Mr. J. R. R. Tolkien-Smith bin Laden al-Assad ")
	case "hyphen-chain":
		rep("John-") // each name the tagger finds in it joined the whole chain
	case "dotted":
		rep("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.ab ")
	case "digits":
		b.WriteString(strings.Repeat("1", n/2))
		rep(".1")
	case "prose":
		b.WriteString(proseOf(tb, n))
	case "country-list":
		// one enumeration of countries, capitals and state bodies as long
		// as the article, for the about-countries' lists
		rep("Iran, Tehran, the Kremlin, Iraq and the United States, Bank of Japan, ")
	default:
		tb.Fatalf("no shape %q", shape)
	}
	return b.String()
}

var adversarialShapes = []string{
	"iran", "hezbollah-hamas", "all-caps", "one-token", "punctuation", "distinct-names",
	"shared-first-names", "dates", "acronyms", "parliament", "initials", "hyphen-chain", "dotted", "digits", "prose",
	"country-list",
}

// workOf runs one extraction and returns its units of work and the number
// of tokens of the article.
func workOf(tb testing.TB, ex *Extractor, in Input) (work int64, toks int) {
	tb.Helper()
	d, _, err := ex.extract(context.Background(), in)
	if err != nil {
		tb.Fatalf("extract: %v", err)
	}
	return d.work.n, len(d.fields[0].toks) + len(d.fields[1].toks)
}

// TestLinearWork bounds the work of every shape of input by
// maxWorkPerToken units per token: a bound on work, not on time, that a
// quadratic stage breaks on 50,000 tokens by far ("Iran " × 50,000 took
// 1.3 × 10⁹ units of name runs alone).
func TestLinearWork(t *testing.T) {
	ex := newTest(t)
	for _, shape := range adversarialShapes {
		t.Run(shape, func(t *testing.T) {
			var perTok []float64
			for _, size := range []int{8 << 10, 64 << 10} {
				in := Input{Title: "Iran Iran Iran", Body: adversarial(t, shape, size), Published: pub}
				work, toks := workOf(t, ex, in)
				if max := int64(maxWorkPerToken)*int64(toks) + workSlack; work > max {
					t.Errorf("%d bytes: %d units of work for %d tokens, more than %d", size, work, toks, max)
				}
				perTok = append(perTok, float64(work)/float64(max(toks, 1)))
			}
			t.Logf("units of work per token at 8 KiB and 64 KiB: %.1f, %.1f", perTok[0], perTok[1])
		})
	}
}

// TestLinearIran is the case of the issue: "Iran " 50,000 times.
func TestLinearIran(t *testing.T) {
	ex := newTest(t)
	work, toks := workOf(t, ex, Input{Body: strings.Repeat("Iran ", 50000), Published: pub})
	if toks != 50000 {
		t.Fatalf("%d tokens, want 50000", toks)
	}
	if max := int64(maxWorkPerToken) * int64(toks); work > max {
		t.Errorf("%d units of work, more than %d", work, max)
	}
	t.Logf("%d units of work, %.1f per token", work, float64(work)/float64(toks))
}

// FuzzExtractLinear checks on any input that the work stays within
// maxWorkPerToken units per token, and that nothing panics.
func FuzzExtractLinear(f *testing.F) {
	ex := newTest(f)
	in := benchInput(f)
	f.Add(in.Title, in.Body[:600])
	f.Add("", strings.Repeat("Iran ", 200))
	f.Add("IRAN", strings.Repeat("Hezbollah Hamas ", 100))
	f.Add("", strings.Repeat("3 May ", 150))
	f.Add("A.B.C.D", "a.b.c.d.e.f.g.h.ij 1111111111.1.1.1.1 1,000,000,000")
	f.Add("Mr. J. R. R. Tolkien", "John Q1 met Maria Q1. John said. John Q2 met Maria Q2. John said. Q1 said.")
	f.Add("", "the Social Democrats (SPD) and the (SPD) and Rapid Support Forces (RSF) RSF (Rapid Support Forces)")
	f.Add("Parliament", "Iran. Parliament. Iran. Congress. Foreign Ministry said. Iran's Iran's Iran's Foreign Ministry")
	f.Add("John-John-John-John", strings.Repeat("John-", 100)+"Dr. Ali-b-c-d-e-f al-al-al-Assad")
	f.Add("New Year ' s ' s ' s", "Abu - - - - Bakr al - - Baghdadi é e\u0301 Kim e\u0301 Jong")
	f.Fuzz(func(t *testing.T, title, body string) {
		d, _, err := ex.extract(context.Background(), Input{Title: title, Body: body, Published: pub})
		if err != nil {
			t.Fatalf("extract: %v", err)
		}
		toks := len(d.fields[0].toks) + len(d.fields[1].toks)
		if max := int64(maxWorkPerToken)*int64(toks) + workSlack; d.work.n > max {
			t.Fatalf("%d units of work for %d tokens, more than %d", d.work.n, toks, max)
		}
	})
}

// TestExtractContextSame checks that ExtractContext without a deadline or
// a budget gives what Extract gives.
func TestExtractContextSame(t *testing.T) {
	ex := newTest(t)
	in := benchInput(t)
	want := ex.Extract(in)
	in.MaxWork = 1 << 40
	got, err := ex.ExtractContext(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ExtractContext differs from Extract (-want +got):\n%s", diff)
	}
}

// TestExtractBudget checks that a budget too small for the article fails
// with ErrBudget, and that Extract ignores it.
func TestExtractBudget(t *testing.T) {
	ex := newTest(t)
	in := benchInput(t)
	work, _ := workOf(t, ex, in)
	in.MaxWork = work / 2
	ents, err := ex.ExtractContext(context.Background(), in)
	if !errors.Is(err, ErrBudget) || ents != nil {
		t.Errorf("budget of %d units for %d: got %d entities and %v, want ErrBudget", in.MaxWork, work, len(ents), err)
	}
	in.MaxWork = work
	if _, err := ex.ExtractContext(context.Background(), in); err != nil {
		t.Errorf("budget of exactly the work: %v", err)
	}
	in.MaxWork = 1
	if len(ex.Extract(in)) == 0 {
		t.Error("Extract read nothing with MaxWork 1")
	}
}

// TestExtractContextCancel checks that a 4 MiB article stops within 100 ms
// of its deadline, wherever the deadline falls (the tokenizer, the tagger,
// the sorts, the coreference), and that a call with a done context does
// nothing.
func TestExtractContextCancel(t *testing.T) {
	ex := newTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ex.ExtractContext(ctx, benchInput(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v, want context.Canceled", err)
	}
	for _, c := range []struct {
		shape     string
		deadlines []time.Duration
	}{
		// the whole run takes 2 to 3 s: in the tokenizer, the tagger, the rules
		{"prose", []time.Duration{20 * time.Millisecond, 300 * time.Millisecond, time.Second}},
		{"iran", []time.Duration{500 * time.Millisecond}},
	} {
		shape := c.shape
		in := Input{Body: adversarial(t, shape, 4<<20), Published: pub}
		// What "late" means is measured on this machine, now: a tenth of
		// the whole run (at least 100 ms), so that a loaded machine, which
		// slows the run too, does not fail a stage that stops in time,
		// while a stage that never looks at the context (a second or more
		// of the run) still fails.
		runtime.GC()
		start := time.Now()
		if _, err := ex.ExtractContext(context.Background(), in); err != nil {
			t.Fatalf("%s without a deadline: %v", shape, err)
		}
		late := max(100*time.Millisecond, time.Since(start)/10)
		for _, deadline := range c.deadlines {
			// The machine is shared: a run can lose the processor for tens
			// of milliseconds, so the best of three runs is checked; a
			// stage that does not look at the context fails all three.
			best := time.Duration(1<<63 - 1)
			for try := 0; try < 3 && best > deadline+late; try++ {
				runtime.GC() // the garbage of earlier tests is not this run's
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				start := time.Now()
				_, err := ex.ExtractContext(ctx, in)
				took := time.Since(start)
				cancel()
				if err == nil {
					best = 0 // done before the deadline: nothing to stop
					break
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("%s, deadline %v: %v, want context.DeadlineExceeded", shape, deadline, err)
				}
				best = min(best, took)
			}
			if best > deadline+late {
				t.Errorf("%s: stopped %v after a deadline of %v (late is %v here)", shape, best, deadline, late)
			}
		}
	}
}

// TestLongToken checks that a token longer than maxFoldBytes keeps the
// ends the tagger reads in its fold, and is never part of a name.
func TestLongToken(t *testing.T) {
	s := "Ab" + strings.Repeat("é", maxFoldBytes) + "Çd"
	toks := tokenize(s, nil, nil)
	if len(toks) != 1 {
		t.Fatalf("%d tokens, want 1", len(toks))
	}
	f := toks[0].fold
	if len(f) > 2*foldEdge+len("…") || !strings.HasPrefix(f, "abe") || !strings.HasSuffix(f, "ecd") || !strings.Contains(f, "…") || !utf8.ValidString(f) {
		t.Errorf("fold of a long token = %q", f)
	}
	ex := newTest(t)
	long := "Xa" + strings.Repeat("b", maxFoldBytes)
	in := Input{Body: "President " + long + " said on Monday that Mr. " + long + " met Hassan Rouhani in Tehran.", Published: pub}
	for _, e := range ex.Extract(in) {
		for _, m := range e.Mentions {
			if strings.Contains(m.Text, long) {
				t.Errorf("a %d-byte token is part of %s %q", len(long), e.Type, e.Value)
			}
		}
	}
	if got := values(ex.Extract(in), Person); !slices.Contains(got, "Hassan Rouhani") {
		t.Errorf("persons = %v, want Hassan Rouhani", got)
	}
}
