package sandbox

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns one typed sandbox line into either a sandbox control
// (":as Bob") or the chat message DingTalk would deliver: "@Name" typed by
// hand becomes a real mention, as picking a name in DingTalk's @ list does.

// person is someone in the sandbox's demo organisation.
type person struct {
	ID       string   // userId (staffId)
	Name     string   // display name, as DingTalk shows it and puts after @
	Aliases  []string // other names the sandbox accepts after @ and in :as
	External bool     // outside the organisation
}

// roster finds people by name, alias or userId, case-insensitively.
type roster struct {
	people []person
	keys   []nameKey // every name, alias and userId, longest first
}

type nameKey struct {
	key string
	p   int // index into people
}

func newRoster(people []person) *roster {
	d := &roster{people: people}
	for i, p := range people {
		for _, k := range append([]string{p.Name, p.ID}, p.Aliases...) {
			d.keys = append(d.keys, nameKey{key: k, p: i})
		}
	}
	sort.SliceStable(d.keys, func(i, j int) bool {
		return utf8.RuneCountInString(d.keys[i].key) > utf8.RuneCountInString(d.keys[j].key)
	})
	return d
}

// find returns the person whose name, alias or userId is exactly name
// (ignoring case and a leading @).
func (d *roster) find(name string) (person, bool) {
	name = strings.TrimSpace(trimAt(name))
	for _, k := range d.keys {
		if strings.EqualFold(k.key, name) {
			return d.people[k.p], true
		}
	}
	return person{}, false
}

// byID returns the person with that userId.
func (d *roster) byID(id string) (person, bool) {
	for _, p := range d.people {
		if p.ID == id {
			return p, true
		}
	}
	return person{}, false
}

// chatText is a typed line as DingTalk delivers it: the text with each
// recognised mention written "@Name", and the mentioned userIds in order.
type chatText struct {
	Text     string
	Mentions []string
}

// mentions finds "@Name" (or full-width "＠Name") in line, trying the
// longest names first so that "@Wei Lin" beats "@Wei". Unknown @names stay
// plain text, as they would in DingTalk.
func (d *roster) mentions(line string) chatText {
	var out strings.Builder
	var ids []string
	prev := ' '
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if isAt(r) && (!isWordRune(prev) || unicode.Is(unicode.Han, prev)) {
			if p, n, ok := d.matchAt(line[i+size:]); ok {
				out.WriteString("@" + p.Name)
				ids = appendUnique(ids, p.ID)
				i += size + n
				prev = ' '
				continue
			}
		}
		out.WriteRune(r)
		prev = r
		i += size
	}
	return chatText{Text: out.String(), Mentions: ids}
}

// matchAt finds the longest key that s starts with (ignoring case) and
// that ends at a word boundary; n is how many bytes of s it covers.
func (d *roster) matchAt(s string) (p person, n int, ok bool) {
	for _, k := range d.keys {
		n, ok := prefixFold(s, k.key)
		if ok && boundary(k.key, s[n:]) {
			return d.people[k.p], n, true
		}
	}
	return person{}, 0, false
}

// prefixFold reports whether s starts with key, ignoring case, and how many
// bytes of s that prefix takes.
func prefixFold(s, key string) (int, bool) {
	n := 0
	for _, kr := range key {
		if n >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if !strings.EqualFold(string(r), string(kr)) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// boundary reports whether a name ending key may be followed by rest:
// "@Bob," and "@张三你好" are mentions, "@Bobby" is not a mention of Bob.
func boundary(key, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	last, _ := utf8.DecodeLastRuneInString(key)
	if rest == "" || !isWordRune(next) {
		return true
	}
	return unicode.Is(unicode.Han, next) || unicode.Is(unicode.Han, last)
}

func isAt(r rune) bool { return r == '@' || r == '＠' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func trimAt(s string) string {
	s = strings.TrimSpace(s)
	if r, size := utf8.DecodeRuneInString(s); isAt(r) {
		return s[size:]
	}
	return s
}

func appendUnique(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// control is a sandbox control line such as ":as Bob".
type control struct {
	Name string // lower case, without the colon: "as", "dm", "meeting" …
	Arg  string
}

// parseControl recognises a control line: it starts with ":" (or the
// full-width "：" a Chinese input method types).
func parseControl(line string) (control, bool) {
	line = strings.TrimSpace(line)
	rest, ok := strings.CutPrefix(line, ":")
	if !ok {
		rest, ok = strings.CutPrefix(line, "：")
	}
	if !ok || rest == "" {
		return control{}, false
	}
	name, arg, _ := strings.Cut(rest, " ")
	return control{Name: strings.ToLower(name), Arg: strings.TrimSpace(arg)}, true
}
