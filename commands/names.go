package commands

import (
	"context"
	"strings"
)

// nameMatch is the outcome of matching bare names against member nicks.
type nameMatch struct {
	found     []Person
	unknown   []string
	ambiguous map[string][]string // name → nicks it matches
	order     []string            // ambiguous names in input order
}

func (m nameMatch) complete() bool { return len(m.unknown) == 0 && len(m.ambiguous) == 0 }

// matchNames resolves bare names (and me/我) against meeting b's member
// nicks: exact (ignoring case and width) first, then a unique prefix. A
// miss on the cached list is retried once on a fresh one, because the
// person may have just joined.
// Unknown lenient names are dropped as long as somebody was found.
func (c *Call) matchNames(ctx context.Context, b binding, sender Person, names []string, lenient map[string]bool, lk *lookup) error {
	if len(names) == 0 {
		return nil
	}
	if onlySelf(names) {
		for range names {
			lk.found = append(lk.found, sender)
		}
		return nil
	}
	var res nameMatch
	for _, force := range []bool{false, true} {
		list, fetched, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, force)
		if err != nil {
			return c.checkGone(ctx, b, err)
		}
		if res = matchAll(list, names, sender); res.complete() || fetched {
			break
		}
	}
	lk.found = append(lk.found, res.found...)
	for _, n := range res.unknown {
		if !lenient[n] || len(lk.found) == 0 {
			lk.unknown = append(lk.unknown, n)
		}
	}
	for _, n := range res.order {
		lk.ambiguous = append(lk.ambiguous, msgAmbiguous.In(c.Lang, n, boldList(c.Lang, res.ambiguous[n])))
	}
	return nil
}

// onlySelf reports whether every name means the sender.
func onlySelf(names []string) bool {
	for _, n := range names {
		if !selfWords[strings.ToLower(n)] {
			return false
		}
	}
	return true
}

// matchAll matches words against list, in order; me/我 is self.
// Consecutive words that together are exactly one nick ("Alice Smith")
// count as one name.
func matchAll(list []Member, words []string, self Person) nameMatch {
	res := nameMatch{ambiguous: map[string][]string{}}
	for i := 0; i < len(words); {
		if selfWords[strings.ToLower(words[i])] {
			res.found = append(res.found, self)
			i++
			continue
		}
		j, m := longestExact(list, words, i)
		if j == i+1 {
			m = matchOne(list, words[i])
		}
		name := strings.Join(words[i:j], " ")
		switch len(m) {
		case 0:
			res.unknown = append(res.unknown, name)
		case 1:
			res.found = append(res.found, Person{UnionID: m[0].UnionID, Name: m[0].Nick})
		default:
			res.order = append(res.order, name)
			res.ambiguous[name] = nicks(m)
		}
		i = j
	}
	return res
}

// longestExact finds the longest run words[i:j] (j > i+1) that exactly
// equals a nick; it returns i+1 and nil when there is none.
func longestExact(list []Member, words []string, i int) (int, []Member) {
	for j := len(words); j > i+1; j-- {
		if m := exactNick(list, strings.Join(words[i:j], " ")); len(m) > 0 {
			return j, m
		}
	}
	return i + 1, nil
}

// matchOne returns the members whose nick equals name, or else those whose
// nick starts with it.
func matchOne(list []Member, name string) []Member {
	if m := exactNick(list, name); len(m) > 0 {
		return m
	}
	key := strings.ToLower(name)
	var out []Member
	for _, mem := range list {
		if mem.UnionID != "" && strings.HasPrefix(strings.ToLower(normalize(mem.Nick)), key) {
			out = append(out, mem)
		}
	}
	return out
}

// exactNick returns the members whose nick equals name, ignoring case and
// width.
func exactNick(list []Member, name string) []Member {
	var out []Member
	for _, mem := range list {
		if mem.UnionID != "" && strings.EqualFold(normalize(mem.Nick), name) {
			out = append(out, mem)
		}
	}
	return out
}

func nicks(ms []Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Nick
	}
	return out
}
