package sandbox

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/peterh/liner"
)

// isTerminal reports whether f is an *os.File attached to a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && (isatty.IsTerminal(file.Fd()) || isatty.IsCygwinTerminal(file.Fd()))
}

// colorOn reports whether to colour output to w: a terminal, NO_COLOR
// unset (https://no-color.org) and TERM not "dumb".
func colorOn(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// transcript reads lines until EOF or :quit and prints "> line", the reply
// and the calls, with no colours. Blank lines and lines starting with "#"
// are skipped. It returns 0 when every message got a reply and every
// control worked, 1 otherwise.
func (sb *sandbox) transcript(ctx context.Context, in io.Reader, out io.Writer) int {
	s := newSession(sb, out, style{})
	s.banner("# ")
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for !s.quit && ctx.Err() == nil && sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s.println("> " + line)
		s.handle(ctx, line)
	}
	if err := sc.Err(); err != nil {
		s.fail("reading input: " + err.Error())
	}
	if ctx.Err() != nil {
		s.fail("interrupted")
	}
	if s.failed > 0 {
		s.println(fmt.Sprintf("# %d line(s) failed", s.failed))
		return 1
	}
	return 0
}

// interactive is the terminal chat: line editing, history and tab
// completion (peterh/liner), colours unless NO_COLOR. It returns 0.
func (sb *sandbox) interactive(ctx context.Context, out io.Writer) int {
	s := newSession(sb, out, style{color: colorOn(out)})
	s.banner("")
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetTabCompletionStyle(liner.TabPrints)
	ln.SetWordCompleter(func(line string, pos int) (string, []string, string) {
		return complete(line, pos, sb.commands, sb.people)
	})
	for !s.quit && ctx.Err() == nil {
		line, err := ln.Prompt(s.prompt())
		if errors.Is(err, liner.ErrPromptAborted) || errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.println(s.st.warn("reading input: " + err.Error()))
			break
		}
		if line = strings.TrimSpace(line); line == "" {
			s.showPosted() // Enter alone shows what the bot posted meanwhile
			continue
		}
		ln.AppendHistory(line)
		s.handle(ctx, line)
	}
	return 0
}

// controlWords are the sandbox controls, for tab completion.
var controlWords = []string{
	":as ", ":dm", ":group", ":meeting", ":card", ":press ", ":end", ":people", ":org", ":log", ":help", ":quit",
}

// orgWords are what :org takes, for tab completion.
var orgWords = []string{"A", "B", "revoke", "authorize"}

// complete is the tab completion: names after @ (or ＠) and after ":as ",
// what :org takes after ":org ", commands and controls at the start of the
// line. It returns the text before the completed word, the candidates, and
// the text after the cursor.
func complete(line string, pos int, cmds []string, people *roster) (head string, words []string, tail string) {
	runes := []rune(line)
	pos = min(max(pos, 0), len(runes))
	before, tail := string(runes[:pos]), string(runes[pos:])
	if at := strings.LastIndexAny(before, "@＠"); at >= 0 && !strings.ContainsAny(before[at:], " ") {
		_, size := firstRune(before[at:])
		return before[:at], prefixed(before[at:], before[at:at+size], names(people)), tail
	}
	if rest, ok := strings.CutPrefix(before, ":as "); ok && !strings.Contains(rest, " ") {
		return ":as ", prefixed(rest, "", names(people)), tail
	}
	if rest, ok := strings.CutPrefix(before, ":org "); ok && !strings.Contains(rest, " ") {
		return ":org ", prefixed(rest, "", orgWords), tail
	}
	if strings.HasPrefix(before, "/") {
		return "", prefixed(before, "", withSpace(cmds)), tail
	}
	if strings.HasPrefix(before, ":") {
		return "", prefixed(before, "", controlWords), tail
	}
	return before, nil, tail
}

// prefixed returns mark+w+" " for each w in words that typed (with mark
// stripped) starts, ignoring case; mark is "@" or "＠" for names.
func prefixed(typed, mark string, words []string) []string {
	typed = strings.ToLower(strings.TrimPrefix(typed, mark))
	var out []string
	for _, w := range words {
		if strings.HasPrefix(strings.ToLower(w), typed) {
			out = append(out, mark+w+suffixSpace(mark))
		}
	}
	return out
}

func suffixSpace(mark string) string {
	if mark != "" {
		return " "
	}
	return ""
}

func withSpace(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w + " "
	}
	return out
}

// names are the display names and aliases of everyone, for completion.
func names(people *roster) []string {
	var out []string
	for _, p := range people.people {
		out = append(out, p.Name)
		out = append(out, p.Aliases...)
	}
	return out
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}
