package commands

import (
	"slices"
	"strings"
)

// suggest returns the command phrase closest to an unknown word (names and
// aliases of both languages), or "" when nothing is close enough to be a
// plausible typo. A Chinese word is also compared by its prefix, because
// Chinese commands are often typed without a space before the argument.
func (lx *lexicon) suggest(word string) string {
	w := []rune(strings.ToLower(word))
	if len(w) == 0 {
		return ""
	}
	best, bestD := "", maxTypos(len(w))+1
	for _, ph := range lx.phrases {
		d := editDistance(w, ph.text)
		if isHan(ph.text[0]) && len(w) > len(ph.text) {
			d = min(d, editDistance(w[:len(ph.text)], ph.text))
		}
		if d < bestD && d <= maxTypos(len(ph.text)) {
			best, bestD = string(ph.text), d
		}
	}
	if best == "" {
		best = lx.byPrefix(w)
	}
	return best
}

// minSharedPrefix is how many leading letters a mistyped English word must
// share with a command to be suggested it when it has too many typos for
// editDistance ("spotlite", "cohostt").
const minSharedPrefix = 5

// byPrefix suggests the English command sharing the longest leading run
// (at least minSharedPrefix letters) with w; "" when none does.
func (lx *lexicon) byPrefix(w []rune) string {
	best, bestN := "", minSharedPrefix-1
	for _, ph := range lx.phrases {
		if isHan(ph.text[0]) || slices.Contains(ph.text, ' ') { // command words only
			continue
		}
		n := 0
		for n < len(w) && n < len(ph.text) && w[n] == ph.text[n] {
			n++
		}
		if n > bestN {
			best, bestN = string(ph.text), n
		}
	}
	return best
}

// maxTypos is how many edits a word of n runes may contain and still be
// recognised.
func maxTypos(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	default:
		return 3
	}
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and adjacent transpositions
// ("hlep" → "help" is one edit).
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
