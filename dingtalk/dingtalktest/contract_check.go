package dingtalktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
)

// checkQuery checks the required query keys: absent or empty is missing;
// an integer or boolean key must parse as one.
func (c contract) checkQuery(q url.Values) *violation {
	for _, f := range c.query {
		v := q.Get(f.name)
		if v == "" {
			return missingField(f)
		}
		if !queryTyped(v, f.kind) {
			return badValue("%s must be %s", f.name, f.kind)
		}
	}
	return nil
}

func queryTyped(v string, k fieldKind) bool {
	switch k {
	case fInt:
		_, err := strconv.ParseInt(v, 10, 64)
		return err == nil
	case fBool:
		return v == "true" || v == "false"
	}
	return true
}

// checkBody checks every required body key (in table order), then every
// enumerated one: a call missing a field and holding a bad value reports
// the missing field.
func (c contract) checkBody(raw []byte) *violation {
	if len(c.body) == 0 && len(c.enums) == 0 {
		return nil
	}
	doc, err := decodeDoc(raw)
	if err != nil {
		return badValue("invalid json body")
	}
	for _, f := range c.body {
		if v := walk(doc, f.segs, f, requireLeaf); v != nil {
			return v
		}
	}
	for _, e := range c.enums {
		leaf := func(f fieldSpec, v any, present bool) *violation { return enumLeaf(e, v, present) }
		if v := walk(doc, e.field.segs, e.field, leaf); v != nil {
			return v
		}
	}
	return nil
}

// decodeDoc parses a body that must be one JSON object; an empty body is
// an empty object (so its required keys are missing).
func decodeDoc(raw []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after the JSON object")
	}
	if doc == nil {
		doc = map[string]any{}
	}
	return doc, nil
}

// leafFunc judges the value at the end of a field's path; present is false
// for an absent key or a JSON null.
type leafFunc func(f fieldSpec, v any, present bool) *violation

// walk follows segs from node and calls leaf on the value at the end, once
// per list item along the way. An absent or null parent is not walked
// into: a parent's own presence is its own spec's business.
func walk(node any, segs []string, f fieldSpec, leaf leafFunc) *violation {
	if segs[0] == "[]" {
		list, ok := node.([]any)
		if !ok {
			return badValue("%s must be a list", f.name)
		}
		for _, item := range list {
			if v := walk(item, segs[1:], f, leaf); v != nil {
				return v
			}
		}
		return nil
	}
	obj, ok := node.(map[string]any)
	if !ok {
		return badValue("%s must be in an object", f.name)
	}
	v := obj[segs[0]]
	if len(segs) == 1 {
		return leaf(f, v, v != nil)
	}
	if v == nil {
		return nil
	}
	return walk(v, segs[1:], f, leaf)
}

// requireLeaf: absent, null, "", [] and {} are all missing.
func requireLeaf(f fieldSpec, v any, present bool) *violation {
	if !present || empty(v) {
		return missingField(f)
	}
	if !typed(v, f.kind) {
		return badValue("%s must be %s", f.name, f.kind)
	}
	return nil
}

// enumLeaf: an absent optional field is fine; a present one must have the
// right type and one of the values (an empty string is not one of them).
func enumLeaf(e enumSpec, v any, present bool) *violation {
	if !present {
		return nil
	}
	if !typed(v, e.field.kind) {
		return badValue("%s must be %s", e.field.name, e.field.kind)
	}
	s := canonical(v)
	if !slices.Contains(e.values, s) {
		return badValue("invalid %s %q", e.field.name, s)
	}
	return nil
}

func empty(v any) bool {
	switch t := v.(type) {
	case string:
		return t == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}

func typed(v any, k fieldKind) bool {
	switch k {
	case fString:
		_, ok := v.(string)
		return ok
	case fInt:
		n, ok := v.(json.Number)
		_, err := strconv.ParseInt(string(n), 10, 64)
		return ok && err == nil
	case fBool:
		_, ok := v.(bool)
		return ok
	case fList:
		_, ok := v.([]any)
		return ok
	}
	_, ok := v.(map[string]any) // fObject, fMap
	return ok
}

// canonical is the enum spelling of a scalar: strings as is, numbers as
// written.
func canonical(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return string(t)
	}
	return ""
}
