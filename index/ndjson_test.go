package index

import (
	"bufio"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestReadLineLimitIsExactBothWays(t *testing.T) {
	const max = 10
	line := strings.Repeat("x", max)
	for _, tc := range []struct {
		name, input string
		want        []string // lines read; "!" marks one refused as too long
	}{
		{"limit, LF", line + "\n", []string{line}},
		{"limit, CRLF", line + "\r\n", []string{line}},
		{"limit, no final newline", line, []string{line}},
		{"one over, LF", line + "y\n", []string{"!"}},
		{"one over, CRLF", line + "y\r\n", []string{"!"}},
		{"one over, no final newline", line + "y", []string{"!"}},
		{"two over, CRLF, then a good line", line + "yz\r\nok\n", []string{"!", "ok"}},
		{"far over, then a good line", strings.Repeat("z", 5000) + "\nok", []string{"!", "ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			br := bufio.NewReaderSize(strings.NewReader(tc.input), 16)
			var got []string
			for {
				b, tooLong, err := readLine(br, max)
				switch {
				case tooLong:
					got = append(got, "!")
				case len(b) > 0:
					got = append(got, string(b))
				}
				if err != nil {
					break
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("read %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBulkTextEncoding(t *testing.T) {
	ix := newTestIndex(t, "")
	good := `{"id":"%s","title":"t","body":"%s","published_at":"2024-01-01"}`
	line := func(id, body string) string {
		return strings.Replace(strings.Replace(good, "%s", id, 1), "%s", body, 1)
	}
	body := "\xEF\xBB\xBF" + line("bom", "Iran") + "\n" + // a BOM before line 1 is skipped
		line("latin1", "Bogot\xe1") + "\n" +
		line("lone-high", `x \ud83d y`) + "\n" +
		line("lone-low", `\ude00`) + "\n" +
		line("pair", `\ud83d\ude00 and \\ud800 (an escaped backslash)`) + "\n" +
		line("ok", "Tehran") + "\n"
	res, err := ix.IngestNDJSON(context.Background(), strings.NewReader(body), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 3 || res.Failed != 3 {
		t.Fatalf("indexed %d, failed %d: %+v; want 3 and 3", res.Indexed, res.Failed, res.Errors)
	}
	want := map[int]string{2: "invalid UTF-8 at byte 40", 3: `lone UTF-16 surrogate \ud83d at byte 40`, 4: `lone UTF-16 surrogate \ude00 at byte 37`}
	for _, e := range res.Errors {
		if !strings.Contains(e.Error, want[e.Line]) || want[e.Line] == "" {
			t.Errorf("line %d: %q, want it to contain %q", e.Line, e.Error, want[e.Line])
		}
	}
	a, err := ix.Get(context.Background(), "pair")
	if err != nil || !strings.HasPrefix(a.Body, "\U0001F600 and ") {
		t.Fatalf("a surrogate pair decodes to its character: %q, %v", a.Body, err)
	}
}

func TestDecodeArticleRefusesInvalidText(t *testing.T) {
	_, err := DecodeArticle([]byte("{\"title\":\"t\",\"body\":\"\xff\",\"published_at\":\"2024-01-01\"}"))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "byte 21") {
		t.Fatalf("DecodeArticle(invalid UTF-8) = %v", err)
	}
	if _, err := DecodeArticle([]byte("\xEF\xBB\xBF{\"title\":\"t\",\"body\":\"b\",\"published_at\":\"2024-01-01\"}")); err != nil {
		t.Fatalf("DecodeArticle with a BOM: %v", err)
	}
}
