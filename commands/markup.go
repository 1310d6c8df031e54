package commands

import (
	"strings"
	"unicode/utf8"
)

// This file keeps what people type and name themselves as data. Display
// names and meeting titles are chosen by users, and DingTalk markdown has
// no inline code to quote them in: a name such as "[click](http://evil)",
// "<font color=red>" or a newline plus "# heading" would become markup in
// every reply that names that person. Every name, nick and title a
// message shows goes through Inert (bold, meetingName, the card's
// variables, the panel, the bot's mention of the sender); words a user
// typed are echoed only when they are plain (echoable).

// maxInertRunes caps one name or title in a message: longer ones are cut
// with an ellipsis, so a name cannot fill a reply.
const maxInertRunes = 64

// markupFold maps the characters that start or end markdown, HTML or a
// link in DingTalk's renderer to their full-width forms: the name still
// reads the same to a person, and nothing in it is syntax.
var markupFold = strings.NewReplacer(
	"*", "＊", "_", "＿", "`", "｀", "~", "～", "[", "［", "]", "］", "(", "（", ")", "）",
	"<", "＜", ">", "＞", "#", "＃", "!", "！", "|", "｜", "\\", "＼",
	"://", "：//", "www.", "www．", "WWW.", "WWW．",
)

// Inert returns s as plain data for a message: bidi controls removed, line
// breaks and tabs turned into spaces, markdown, HTML and link syntax
// folded to look-alike full-width characters, bare URLs broken, and at
// most maxInertRunes characters. Calling it again changes nothing.
func Inert(s string) string { return inertN(s, maxInertRunes) }

// inertN is Inert with room for max characters: for longer text that is
// data too, such as AI notes.
func inertN(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case isBidiControl(r):
			return -1
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			return ' '
		}
		return r
	}, s)
	s = markupFold.Replace(strings.TrimSpace(s))
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

// isBidiControl reports whether r is a bidirectional control character
// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, and the
// marks U+200E, U+200F, U+061C): invisible, and able to make a name or a
// message display in another order than it reads.
func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// maxEchoRunes is the longest typed word a reply repeats.
const maxEchoRunes = 24

// echoable reports whether a word the user typed may be repeated in a
// reply as it is: letters, digits, Chinese and a few joiners, short. Link
// syntax, markup and anything unusual is never echoed.
func echoable(word string) bool {
	n := 0
	for _, r := range word {
		n++
		switch {
		case n > maxEchoRunes:
			return false
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', isHan(r):
		case r == '-' || r == '.' || r == '+' || r == '\'':
		default:
			return false
		}
	}
	return n > 0
}
