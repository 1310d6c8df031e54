package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// normalize folds what people type on Chinese keyboards and what DingTalk
// inserts around mentions into plain text the parser can match: full-width
// ASCII becomes ASCII, every kind of Unicode space (U+3000, NBSP, the
// U+2005 DingTalk puts after a mention) and zero-width or control
// characters become one ASCII space, runs of spaces collapse and the
// result is trimmed. Case is kept (titles keep their case); matching is
// case-insensitive. normalize is idempotent.
func normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isBidiControl(r) { // invisible, and able to reorder what is shown
			continue
		}
		if isBlank(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isBlank reports whether r separates words: Unicode spaces, zero-width
// characters, the BOM and control characters.
func isBlank(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// foldEq compares two runes case-insensitively.
func foldEq(a, b rune) bool {
	return a == b || unicode.ToLower(a) == unicode.ToLower(b)
}

// continuesWord reports whether r, right after an English command word,
// would make it a longer word ("helper", "help2").
func continuesWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isHan(r)
}
