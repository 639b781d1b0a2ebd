package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Redacted stands in for a secret in Marshal's output.
const Redacted = "<redacted>"

// secretKey matches the keys whose values are secrets: API keys now, and
// any key named like a key, secret, password or token later. Key files
// (write_keys_file) are paths, not secrets, and are shown.
var secretKey = regexp.MustCompile(`(^|_)(keys?|secrets?|passwords?|tokens?)$`)

// Marshal renders c as format "yaml" or "json", keyed and ordered as
// config.yaml, with durations as Go durations ("10s") and every secret
// replaced by Redacted, so that the output can be shown or pasted into a
// bug report. Without secrets, the YAML loads back into c.
func (c Config) Marshal(format string) ([]byte, error) {
	tree := effective(reflect.ValueOf(c), "")
	switch format {
	case "yaml":
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(tree); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case "json":
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(tree); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	default:
		return nil, fmt.Errorf("format: want yaml or json, got %q", format)
	}
}

// section is a config section: keys in declaration order.
type section struct {
	keys   []string
	values []any
}

// effective turns a config struct into sections keyed by the mapstructure
// tags, which are the YAML keys Load reads. key is the dotted path of v.
func effective(v reflect.Value, key string) any {
	if d, ok := v.Interface().(time.Duration); ok {
		return d.String()
	}
	switch v.Kind() {
	case reflect.Struct:
		s := &section{}
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("mapstructure"), ",")
			if name == "" || name == "-" || !t.Field(i).IsExported() {
				continue
			}
			full := name
			if key != "" {
				full = key + "." + name
			}
			s.keys = append(s.keys, name)
			s.values = append(s.values, effective(v.Field(i), full))
		}
		return s
	case reflect.Slice:
		out := make([]any, v.Len()) // empty, not null: "[]" as in config.yaml
		for i := range out {
			out[i] = effective(v.Index(i), key)
		}
		return out
	case reflect.String:
		if v.String() != "" && secretKey.MatchString(lastKey(key)) {
			return Redacted
		}
		return v.String()
	default:
		return v.Interface()
	}
}

func lastKey(key string) string {
	return key[strings.LastIndexByte(key, '.')+1:]
}

// MarshalJSON writes the keys in order.
func (s *section) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range s.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // "<redacted>", not "\u003credacted\u003e"
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		buf.WriteByte(':')
		if err := enc.Encode(s.values[i]); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// MarshalYAML writes the keys in order.
func (s *section) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i, k := range s.keys {
		var val yaml.Node
		if err := val.Encode(s.values[i]); err != nil {
			return nil, err
		}
		if val.Kind == yaml.SequenceNode && len(val.Content) == 0 {
			val.Style = yaml.FlowStyle // "[]", as config.yaml writes an empty list
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &val)
	}
	return n, nil
}
