package commands

import (
	"strings"
	"unicode/utf8"
)

// Parsed is a chat message split into a command and its arguments. It is
// the pure, syntactic view: no user is resolved yet.
type Parsed struct {
	// Command is the canonical command path ("spotlight", "cohost add",
	// "meeting status", ...), a group name ("cohost") when only the group
	// word was typed, or "" when the command is unknown or the text empty.
	Command string
	// Word is the command word as typed (normalised): the matched alias for
	// a known command, the first word for an unknown one.
	Word string
	// Args are the bare words after the command, in order.
	Args []string
	// MentionNames are the texts after each @ that follows the command, as
	// typed. They are hints only: targets come from Request.Mentions.
	MentionNames []string
	// Lang is Chinese when the command word is Chinese (or, for an unknown
	// command, when the text has Chinese characters), English otherwise.
	Lang Lang
	// Raw is the text as received.
	Raw string
}

// commandPrefixes may start a command, and are skipped: "/", and "、",
// which Chinese input methods type for the "/" key. Full-width "／" is
// "/" once normalized.
const commandPrefixes = "/、"

// Parse tokenizes one message with the built-in commands. It is pure and
// safe on any input.
func Parse(text string) Parsed { return builtinLexicon.parse(text) }

// phrase is one way of writing a command: its words in lower case.
type phrase struct {
	text    []rune // words separated by single spaces, lower case
	command string // canonical path
}

// lexicon is the set of command phrases Parse matches, both languages.
type lexicon struct{ phrases []phrase }

// parse implements Parse for this lexicon.
func (lx *lexicon) parse(text string) Parsed {
	p := Parsed{Raw: text, Lang: English}
	rest := skipLeadingMentions(normalize(text))
	rest = skipLeadingMentions(strings.TrimSpace(strings.TrimLeft(rest, commandPrefixes)))
	if rest == "" {
		return p
	}
	if ph, n := lx.match(rest); n > 0 {
		p.Command, p.Word = ph.command, rest[:n]
		rest = rest[n:]
		if hasHan(string(ph.text)) {
			p.Lang = Chinese
		}
	} else {
		p.Word = firstWord(rest)
		rest = rest[len(p.Word):]
		if hasHan(text) {
			p.Lang = Chinese
		}
	}
	p.Args, p.MentionNames = splitArgs(rest)
	return p
}

// match returns the phrase that matches the longest prefix of s and the
// number of bytes it consumed (0 when none matches).
func (lx *lexicon) match(s string) (phrase, int) {
	var best phrase
	bestN := 0
	for _, ph := range lx.phrases {
		if n := matchPhrase(ph.text, s); n > bestN {
			best, bestN = ph, n
		}
	}
	return best, bestN
}

// matchPhrase matches ph case-insensitively at the start of s and returns
// the bytes consumed, or 0. A space in ph matches one space in s, or none
// next to a Chinese character ("联席主持人添加"). After an English phrase
// the next character must not continue the word ("helper" is not "help"),
// while a Chinese phrase may run straight into its argument ("聚焦张三").
func matchPhrase(ph []rune, s string) int {
	i := 0
	for k, want := range ph {
		if want == ' ' {
			if i < len(s) && s[i] == ' ' {
				i++
			} else if !isHan(ph[k-1]) && !isHan(ph[k+1]) {
				return 0
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 0 || !foldEq(r, want) {
			return 0
		}
		i += size
	}
	if i < len(s) && !isHan(ph[len(ph)-1]) {
		next, _ := utf8.DecodeRuneInString(s[i:])
		if continuesWord(next) {
			return 0
		}
	}
	return i
}

// skipLeadingMentions drops the @tokens before the command word: richText
// keeps the visible "@BotName" that text messages lose.
func skipLeadingMentions(s string) string {
	for strings.HasPrefix(s, "@") {
		s = strings.TrimLeft(s[len(firstToken(s)):], " ")
	}
	return s
}

// firstWord returns the leading word of s, which ends at a space or an @.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " @"); i >= 0 {
		return s[:i]
	}
	return s
}

// firstToken returns the leading token of s: a word, or an @mention that
// runs to the next space or @.
func firstToken(s string) string {
	if strings.HasPrefix(s, "@") {
		return "@" + firstWord(s[1:])
	}
	return firstWord(s)
}

// splitArgs splits what follows the command into bare words and mention
// names. A lone "@" is dropped.
func splitArgs(s string) (args, mentions []string) {
	for s = strings.TrimLeft(s, " "); s != ""; s = strings.TrimLeft(s, " ") {
		tok := firstToken(s)
		s = s[len(tok):]
		switch {
		case tok == "@":
		case strings.HasPrefix(tok, "@"):
			mentions = append(mentions, tok[1:])
		default:
			args = append(args, tok)
		}
	}
	return args, mentions
}
