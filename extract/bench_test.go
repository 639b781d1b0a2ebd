package extract

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// benchInput reads the benchmark article: its first line is the title.
func benchInput(tb testing.TB) Input {
	tb.Helper()
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	title, body, _ := strings.Cut(string(b), "\n")
	return Input{Title: title, Body: body, Language: "en", Published: time.Date(2019, 7, 23, 12, 0, 0, 0, time.UTC)}
}

// BenchmarkExtract reads the 600-word benchmark article. Besides the wall
// time it reports articles per second of processor time (articles/cpu-s):
// on a machine shared with other work the wall time counts the time the
// benchmark waits for a processor, and with -cpu 1 the processor time is
// that of one core, garbage collection included.
func BenchmarkExtract(b *testing.B) {
	ex := newTest(b)
	in := benchInput(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Title) + len(in.Body)))
	start := processCPU()
	n := 0
	for b.Loop() {
		ex.Extract(in)
		n++
	}
	if cpu := processCPU() - start; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}

func TestArticle(t *testing.T) {
	ex := newTest(t)
	ents := ex.Extract(benchInput(t))
	for _, w := range []struct {
		typ   Type
		value string
	}{
		{Country, "IR"}, {Country, "US"}, {Country, "GB"}, {Country, "IQ"}, {Country, "IL"},
		{Place, "Tehran"}, {Place, "Baghdad"},
		{Person, "Hassan Rouhani"}, {Person, "Mike Pompeo"}, {Person, "Benjamin Netanyahu"}, {Person, "Abbas Mousavi"},
		{Group, "Islamic Revolutionary Guard Corps"}, {Group, "International Atomic Energy Agency"}, {Group, "Quds Force"},
		{Date, "2018-05"}, {Date, "2015"},
	} {
		if !has(ents, w.typ, w.value) {
			t.Errorf("missing %s %q", w.typ, w.value)
		}
	}
	if testing.Verbose() {
		for _, e := range ents {
			t.Logf("%-8s %-40s %s %d", e.Type, e.Value, e.Country, len(e.Mentions))
		}
	}
}

func FuzzExtract(f *testing.F) {
	ex := newTest(f)
	in := benchInput(f)
	f.Add(in.Title, in.Body[:400])
	f.Add("", "")
	f.Add("U.S.", "Iran's IRGC (IRGC) said on Oct. 7, 2023 that Nicolás Maduro")
	f.Add("\xff\xfe", "Tehran\x00 \u2019s Guinea-Bissau 2024-13-45 the 1990s late")
	f.Add("ÉMIRATS", "Sheikh  bin  Al- -- ( ) 7 Oct")
	f.Fuzz(func(t *testing.T, title, body string) {
		in := Input{Title: title, Body: body, Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		for _, e := range ex.Extract(in) {
			if !utf8.ValidString(e.Value) || !utf8.ValidString(e.Label) {
				t.Fatalf("invalid UTF-8 in %+v", e)
			}
			if len(e.Mentions) == 0 {
				t.Fatalf("entity without mentions: %+v", e)
			}
			for _, m := range e.Mentions {
				src := body
				if m.Field == FieldTitle {
					src = title
				}
				r := []rune(src)
				if m.Start < 0 || m.End > len(r) || m.Start >= m.End {
					t.Fatalf("mention %+v outside text of %d runes", m, len(r))
				}
				if !utf8.ValidString(m.Text) {
					t.Fatalf("invalid UTF-8 mention %q", m.Text)
				}
				if string(r[m.Start:m.End]) != m.Text {
					t.Fatalf("mention %+v != %q", m, string(r[m.Start:m.End]))
				}
			}
		}
	})
}

func TestConcurrentExtract(t *testing.T) {
	ex := newTest(t)
	in := benchInput(t)
	want := ex.Extract(in)
	done := make(chan []Entity)
	for g := 0; g < 4; g++ {
		go func() { done <- ex.Extract(in) }()
	}
	for g := 0; g < 4; g++ {
		got := <-done
		if len(got) != len(want) {
			t.Fatalf("concurrent run gave %d entities, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i].Type != want[i].Type || got[i].Value != want[i].Value || len(got[i].Mentions) != len(want[i].Mentions) {
				t.Fatalf("entity %d differs: %+v vs %+v", i, got[i], want[i])
			}
		}
	}
}

func TestLargeInput(t *testing.T) {
	ex := newTest(t)
	in := benchInput(t)
	in.Body = strings.Repeat(in.Body+"\n\n", 60) // about 45,000 words
	start := time.Now()
	ents := ex.Extract(in)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("a 45,000-word article took %v", d)
	}
	if len(ents) == 0 {
		t.Error("no entities")
	}
}
