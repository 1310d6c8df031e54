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
		if res, err = matchAll(ctx, newNickIndex(list), names, sender); err != nil {
			return err
		}
		if res.complete() || fetched {
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
		lk.ambiguous = append(lk.ambiguous, msgAmbiguous.In(c.Lang, Inert(n), boldList(c.Lang, res.ambiguous[n])))
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

// maxNickWords bounds how many words a multi-word nick ("Alice Smith")
// may span; longer nicks are still found word by word by prefix.
const maxNickWords = 6

// nickIndex is a member list prepared for matching: each nick folded once
// (width, case), exact nicks in a map, and the most words any nick has.
// Building it is linear in the list; each lookup is then a map access or
// one pass over the folded nicks.
type nickIndex struct {
	members  []Member
	folded   []string            // lower-case normalize(nick), by index
	exact    map[string][]Member // folded nick → members
	maxWords int
}

func newNickIndex(list []Member) *nickIndex {
	ix := &nickIndex{members: list, folded: make([]string, len(list)), exact: map[string][]Member{}, maxWords: 1}
	for i, m := range list {
		if m.UnionID == "" {
			continue
		}
		f := strings.ToLower(normalize(m.Nick))
		ix.folded[i] = f
		ix.exact[f] = append(ix.exact[f], m)
		if n := strings.Count(f, " ") + 1; n > ix.maxWords {
			ix.maxWords = min(n, maxNickWords)
		}
	}
	return ix
}

// matchAll matches words against the index, in order; me/我 is self.
// Consecutive words that together are exactly one nick ("Alice Smith")
// count as one name. It costs O(words × (maxWords + members)) and stops
// when ctx is done.
func matchAll(ctx context.Context, ix *nickIndex, words []string, self Person) (nameMatch, error) {
	res := nameMatch{ambiguous: map[string][]string{}}
	for i := 0; i < len(words); {
		if err := ctx.Err(); err != nil {
			return nameMatch{}, err
		}
		if selfWords[strings.ToLower(words[i])] {
			res.found = append(res.found, self)
			i++
			continue
		}
		j, m := ix.longestExact(words, i)
		if j == i+1 {
			m = ix.matchOne(words[i])
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
	return res, nil
}

// longestExact finds the longest run words[i:j] (j > i+1, at most
// maxWords long) that exactly equals a nick; it returns i+1 and nil when
// there is none.
func (ix *nickIndex) longestExact(words []string, i int) (int, []Member) {
	for j := min(len(words), i+ix.maxWords); j > i+1; j-- {
		if m := ix.exact[strings.ToLower(strings.Join(words[i:j], " "))]; len(m) > 0 {
			return j, m
		}
	}
	return i + 1, nil
}

// matchOne returns the members whose nick equals name, or else those whose
// nick starts with it.
func (ix *nickIndex) matchOne(name string) []Member {
	key := strings.ToLower(name)
	if m := ix.exact[key]; len(m) > 0 {
		return m
	}
	var out []Member
	for i, f := range ix.folded {
		if f != "" && strings.HasPrefix(f, key) {
			out = append(out, ix.members[i])
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
