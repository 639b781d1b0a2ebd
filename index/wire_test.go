package index

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

// Pairing quality floors on testdata/wire: the measured figures are in the README.
const (
	wirePrecisionFloor = 0.97
	wireRecallFloor    = 0.95
)

// readWirePairs loads testdata/wire/pairs.jsonl, regenerating it first with -update-wire.
func readWirePairs(t *testing.T) []wirePair {
	t.Helper()
	if *updateWire {
		pairs, err := buildWirePairs()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(wirePairsFile), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(wirePairsFile)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for _, p := range pairs {
			line, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(line)
			w.WriteByte('\n')
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(wirePairsFile)
	if err != nil {
		t.Fatalf("%v (regenerate with -update-wire)", err)
	}
	defer f.Close()
	var pairs []wirePair
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p wirePair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pairs
}

// exactJaccard is the Jaccard similarity of two bodies' shingle sets.
func exactJaccard(a, b string) float64 {
	sa, sb := map[uint64]bool{}, map[uint64]bool{}
	for _, h := range shingleHashes(wordHashes(a)) {
		sa[h] = true
	}
	for _, h := range shingleHashes(wordHashes(b)) {
		sb[h] = true
	}
	both := 0
	for h := range sa {
		if sb[h] {
			both++
		}
	}
	union := len(sa) + len(sb) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}

// shareBand reports whether LSH makes two signatures candidates.
func shareBand(a, b signature) bool {
	ba, bb := a.bands(), b.bands()
	for i := range ba {
		if ba[i] == bb[i] {
			return true
		}
	}
	return false
}

// TestWirePairs measures pairing on the built pairs: a pair is grouped
// when the two share a band and their estimated Jaccard reaches the
// threshold, as at ingest. It reports precision and recall, by kind too,
// and fails below the floors.
func TestWirePairs(t *testing.T) {
	pairs := readWirePairs(t)
	if len(pairs) < 200 {
		t.Fatalf("%d pairs, want at least 200", len(pairs))
	}
	type tally struct{ n, grouped int }
	kinds := map[string]*tally{}
	var tp, fp, fn, tn int
	var posJ, negJ []float64
	for _, p := range pairs {
		sa, sb := sign(p.A.Body), sign(p.B.Body)
		grouped := shareBand(sa, sb) && similarity(sa, sb) >= wireThreshold
		k := kinds[p.Kind]
		if k == nil {
			k = &tally{}
			kinds[p.Kind] = k
		}
		k.n++
		if grouped {
			k.grouped++
		}
		j := exactJaccard(p.A.Body, p.B.Body)
		switch {
		case p.Same && grouped:
			tp++
		case p.Same:
			fn++
			t.Logf("missed copy %s (%s): estimated %.2f, exact %.2f", p.ID, p.Kind, similarity(sa, sb), j)
		case grouped:
			fp++
			t.Logf("grouped different stories %s (%s): estimated %.2f, exact %.2f", p.ID, p.Kind, similarity(sa, sb), j)
		default:
			tn++
		}
		if p.Same {
			posJ = append(posJ, j)
		} else {
			negJ = append(negJ, j)
		}
	}
	precision := float64(tp) / math.Max(1, float64(tp+fp))
	recall := float64(tp) / math.Max(1, float64(tp+fn))
	t.Logf("%d pairs (%d copies, %d different): precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d), threshold %.2f",
		len(pairs), tp+fn, fp+tn, precision, recall, tp, fp, fn, tn, wireThreshold)
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("  %-40s %3d pairs, %3d grouped", k, kinds[k].n, kinds[k].grouped)
	}
	slices.Sort(posJ)
	slices.Sort(negJ)
	t.Logf("exact Jaccard of copies: min %.2f p5 %.2f median %.2f; of different stories: median %.2f p95 %.2f max %.2f",
		posJ[0], posJ[len(posJ)/20], posJ[len(posJ)/2], negJ[len(negJ)/2], negJ[len(negJ)*19/20], negJ[len(negJ)-1])
	if precision < wirePrecisionFloor || recall < wireRecallFloor {
		t.Errorf("pairing precision %.3f, recall %.3f: want at least %.2f and %.2f", precision, recall,
			wirePrecisionFloor, wireRecallFloor)
	}
}

// TestSignatureDeterministic checks that signatures depend on the words
// only (case, accents and punctuation aside) and survive storing.
func TestSignatureDeterministic(t *testing.T) {
	a := sign("The Prime Minister of Türkiye said on Monday that talks would resume in Ankara next week.")
	b := sign("the prime minister of turkiye said, on monday, that talks would resume in ANKARA next week")
	if similarity(a, b) != 1 {
		t.Errorf("similarity %.2f of the same words, want 1", similarity(a, b))
	}
	if got := decodeSignature(a.encode()); similarity(got, a) != 1 {
		t.Errorf("decoded signature differs")
	}
	if sign("") != nil || sign(" — ") != nil {
		t.Errorf("a body without words has a signature")
	}
	if fmt.Sprint(a.bands()) != fmt.Sprint(sign("The Prime Minister of Türkiye said on Monday that talks would resume in Ankara next week.").bands()) {
		t.Errorf("bands differ between runs")
	}
}
