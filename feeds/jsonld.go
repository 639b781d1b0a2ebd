package feeds

import (
	"encoding/json"
	"strings"
	"time"
)

// jsonLD is what a page's schema.org article markup says.
type jsonLD struct {
	headline  string
	published time.Time
	authors   []string
	publisher string
	url       string
	language  string
}

func (l jsonLD) empty() bool {
	return l.headline == "" && l.published.IsZero() && len(l.authors) == 0 && l.url == ""
}

// articleTypes are the schema.org types of a story.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"backgroundnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"askpublicnewsarticle": true, "blogposting": true, "liveblogposting": true, "report": true,
	"socialmediaposting": true, "techarticle": true, "satiricalarticle": true,
}

// parseJSONLD finds the first article object in a JSON-LD script: a single
// object, a list of them, or an @graph. Anything else yields nothing.
func parseJSONLD(src string) jsonLD {
	src = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(src), "<![CDATA["), "]]>"))
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return jsonLD{}
	}
	obj := findArticle(v, 0)
	if obj == nil {
		return jsonLD{}
	}
	var out jsonLD
	out.headline = firstNonEmpty(str(obj["headline"]), str(obj["name"]))
	if t, ok := parseDate(str(obj["datePublished"])); ok {
		out.published = t
	} else if t, ok := parseDate(str(obj["dateCreated"])); ok {
		out.published = t
	}
	out.authors = names(obj["author"])
	if p := names(obj["publisher"]); len(p) > 0 {
		out.publisher = p[0]
	}
	out.url = firstNonEmpty(str(obj["url"]), ref(obj["mainEntityOfPage"]))
	out.language = str(obj["inLanguage"])
	return out
}

// findArticle returns the first object whose @type is an article type,
// looking into lists and @graph, at most a few levels deep.
func findArticle(v any, depth int) map[string]any {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if a := findArticle(e, depth+1); a != nil {
				return a
			}
		}
	case map[string]any:
		if isArticleType(x["@type"]) {
			return x
		}
		if g, ok := x["@graph"]; ok {
			return findArticle(g, depth+1)
		}
	}
	return nil
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(x, "https://schema.org/"), "http://schema.org/"))]
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// ref reads a URL given as a string or as {"@id": ...}.
func ref(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return firstNonEmpty(str(x["@id"]), str(x["url"]))
	}
	return ""
}

// names reads persons or organisations given as a string, {"name": ...} or
// a list of either.
func names(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s != "" && !strings.Contains(s, "://") {
			out = append(out, s)
		}
	case map[string]any:
		if s := str(x["name"]); s != "" {
			out = append(out, s)
		}
	case []any:
		for _, e := range x {
			out = append(out, names(e)...)
		}
	}
	return out
}
