package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	p := os.Getenv("PROBE")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	ex := newTest(t)
	pub := time.Date(2024, 3, 14, 10, 0, 0, 0, time.UTC) // Thursday
	for _, s := range strings.Split(strings.TrimSpace(string(b)), "\n---\n") {
		fmt.Println("##", strings.ReplaceAll(s, "\n", " / "))
		for _, e := range ex.Extract(Input{Body: s, Published: pub}) {
			var ms []string
			for _, m := range e.Mentions {
				ms = append(ms, m.Text)
			}
			fmt.Printf("   %-8s %-30s %q\n", e.Type, e.Value, ms)
		}
	}
}
