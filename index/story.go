package index

// Stories: each article's story id, shared by its wire copies (see
// wire.go for the signatures). At ingest an article is compared with the
// archive through its band terms (a disjunction of wireBands term
// lookups, best candidates first, verified on their stored signatures)
// and with the articles being written that are not searchable yet (the
// rest of its batch, and batches of other requests in flight), and takes
// the story of its most similar copy, or its own id when it has none: a
// story's id is the id of its first member.
//
// Re-ingesting an article compares it again (its old version aside); it
// keeps its old story when it still matches a member of it. Deleting an
// article changes no other: the members of a story whose first member
// was deleted keep its id. A rebuild copies each article's story as
// stored, so a reindex gives the same stories.

import (
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/searchd/searchd/mapping"
)

// wireCandidates is how many archive articles sharing bands with a new one
// are verified, those sharing most bands first.
const wireCandidates = 8

// storyMatch is the best copy found of an article.
type storyMatch struct {
	story string
	sim   float64
	// keepsOld: the article had a story before this write, and a copy
	// found is a member of it.
	old      string
	keepsOld bool
}

// better reports whether m is a better match than o: more similar, then
// the smaller story id, so that the choice never depends on timing.
func (m storyMatch) better(o storyMatch) bool {
	if m.story == "" {
		return false
	}
	if o.story == "" || m.sim != o.sim {
		return o.story == "" || m.sim > o.sim
	}
	return m.story < o.story
}

// findCopy looks up the archive's best copy of article id with signature
// sig (the article's own stored version aside, whose story it reports).
func (ix *Index) findCopy(ctx context.Context, id string, sig signature) (storyMatch, error) {
	var best storyMatch
	bands := sig.bands()
	if len(bands) == 0 {
		return best, nil
	}
	qs := make([]query.Query, len(bands))
	for i, b := range bands {
		tq := bleve.NewTermQuery(b)
		tq.SetField(mapping.FieldWireBands)
		qs[i] = tq
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), wireCandidates+1, 0, false)
	req.Fields = []string{mapping.FieldWireSig, mapping.FieldStory}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return best, err
	}
	var stories []string
	for _, h := range res.Hits {
		story, _ := h.Fields[mapping.FieldStory].(string)
		if h.ID == id {
			best.old = story
			continue
		}
		raw, _ := h.Fields[mapping.FieldWireSig].(string)
		m := storyMatch{story: story, sim: similarity(sig, decodeSignature(raw))}
		if m.sim < wireThreshold {
			continue
		}
		stories = append(stories, story)
		if m.better(best) {
			best.story, best.sim = m.story, m.sim
		}
	}
	best.keepsOld = best.old != "" && slices.Contains(stories, best.old)
	return best, nil
}

// storyTable holds the articles being written, whose copies a search may
// not find yet, by band. An entry stays until its batch is committed and
// no assignment begun before that commit is still running (such an
// assignment's search may have missed it).
type storyTable struct {
	mu      sync.Mutex
	seq     uint64            // commits finished
	next    uint64            // last token handed out
	active  map[uint64]uint64 // running assignments: token -> seq when they began
	byBand  map[string][]*storyEntry
	byToken map[uint64][]*storyEntry
}

type storyEntry struct {
	id, story string
	sig       signature
	done      uint64 // seq at which its batch was committed (or failed); 0 while in flight
}

func newStoryTable() *storyTable {
	return &storyTable{active: map[uint64]uint64{}, byBand: map[string][]*storyEntry{}, byToken: map[uint64][]*storyEntry{}}
}

// begin starts an assignment, before its archive searches.
func (t *storyTable) begin() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.active[t.next] = t.seq
	return t.next
}

// assign gives each article its story, in order: the best of its archive
// match and of the articles in flight (earlier ones of the same batch
// included), and registers it as in flight under tok.
func (t *storyTable) assign(tok uint64, arts []*Article, sigs []signature, found []storyMatch, kept []bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	defer delete(t.active, tok)
	for i, a := range arts {
		sig := sigs[i]
		if !kept[i] {
			best, keepsOld := found[i], found[i].keepsOld
			seen := map[*storyEntry]bool{}
			for _, b := range sig.bands() {
				for _, e := range t.byBand[b] {
					if seen[e] || e.id == a.ID {
						continue
					}
					seen[e] = true
					if m := (storyMatch{story: e.story, sim: similarity(sig, e.sig)}); m.sim >= wireThreshold {
						keepsOld = keepsOld || found[i].old != "" && m.story == found[i].old
						if m.better(best) {
							best.story, best.sim = m.story, m.sim
						}
					}
				}
			}
			switch {
			case keepsOld: // written again, and still a copy of its story
				a.Story = found[i].old
			case best.story != "":
				a.Story = best.story
			default:
				a.Story = a.ID
			}
		}
		if len(sig) == 0 {
			continue
		}
		e := &storyEntry{id: a.ID, story: a.Story, sig: sig}
		for _, b := range sig.bands() {
			t.byBand[b] = append(t.byBand[b], e)
		}
		t.byToken[tok] = append(t.byToken[tok], e)
	}
	t.gc()
}

// finish records that the batch of tok was committed, or failed.
func (t *storyTable) finish(tok uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seq++
	for _, e := range t.byToken[tok] {
		e.done = t.seq
	}
	delete(t.byToken, tok)
	t.gc()
}

// gc drops the entries every running assignment's search could see.
func (t *storyTable) gc() {
	oldest := t.seq
	for _, s := range t.active {
		oldest = min(oldest, s)
	}
	for b, list := range t.byBand {
		keep := list[:0]
		for _, e := range list {
			if e.done == 0 || e.done > oldest {
				keep = append(keep, e)
			}
		}
		if len(keep) == 0 {
			delete(t.byBand, b)
		} else {
			t.byBand[b] = keep
		}
	}
}
