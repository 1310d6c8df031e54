package when

import (
	"strings"
	"unicode"
)

// input is the words folded for matching (full-width to ASCII, ASCII
// letters to lower case, blanks to one space), with a map back to the
// words so that the title after the time keeps what the user typed.
type input struct {
	text []rune
	at   []spot // at[i]: where text[i] came from; at[len(text)] is the end
}

// spot is a place in the words: a word and a byte offset into it.
type spot struct{ word, off int }

func newInput(words []string) input {
	var in input
	for w, word := range words {
		first := true
		for off, r := range word {
			r = fold(r)
			switch {
			case r == 0: // invisible: leave it out
				continue
			case r == ' ':
				in.space(spot{w, off})
			default:
				if first {
					in.space(spot{w, 0})
				}
				in.text = append(in.text, r)
				in.at = append(in.at, spot{w, off})
			}
			first = false
		}
	}
	in.at = append(in.at, spot{len(words), 0})
	return in
}

// space adds one space between two words or inside a word, never two in a
// row and never at the start.
func (in *input) space(at spot) {
	if n := len(in.text); n > 0 && in.text[n-1] != ' ' {
		in.text = append(in.text, ' ')
		in.at = append(in.at, at)
	}
}

// fold maps what Chinese keyboards type to what the grammar matches:
// full-width ASCII (１０：３０) becomes ASCII, ASCII letters lower case, any
// blank a space; zero-width characters and other controls become 0, to be
// dropped.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
		return 0
	case unicode.IsSpace(r):
		return ' '
	case unicode.IsControl(r):
		return 0
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// rest returns the words after text[i:], the title and options. When i
// falls inside a word (Chinese is often typed without spaces: 明天10点周会)
// the rest of that word comes first, without the separator that followed
// the time (明天10点，周会).
func (in input) rest(words []string, i int) []string {
	at := in.at[i]
	if at.word >= len(words) {
		return nil
	}
	if at.off > 0 {
		head := strings.TrimLeftFunc(words[at.word][at.off:], isSeparator)
		if head != "" {
			return append([]string{head}, words[at.word+1:]...)
		}
		at = spot{at.word + 1, 0}
	}
	for at.word < len(words) && strings.TrimFunc(words[at.word], isBlank) == "" {
		at.word++
	}
	return words[at.word:]
}

// splits reports whether the phrase may end at text[i] although no space
// follows it: where the script changes to or from Chinese, or at
// punctuation.
func (in input) splits(i int) bool {
	if i == 0 || i >= len(in.text) || in.text[i] == ' ' {
		return true
	}
	next := in.text[i]
	return isHan(in.text[i-1]) || isHan(next) || unicode.IsPunct(next)
}

// isSeparator reports whether r may sit between a time and the title
// inside one word and can be dropped: blanks and the marks that end a
// clause.
func isSeparator(r rune) bool {
	return isBlank(r) || strings.ContainsRune(",;:.!?、，；：。！？", r)
}

func isBlank(r rune) bool { return fold(r) == ' ' || fold(r) == 0 }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
