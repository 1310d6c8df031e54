package sandbox

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// This file renders what the sandbox shows: the bot's markdown replies for
// a terminal, the API calls under them, and the emulator's meetings.

// style applies ANSI colours, or nothing when colours are off (NO_COLOR,
// output not a terminal, or the plain transcript).
type style struct{ color bool }

func (s style) wrap(code, text string) string {
	if !s.color || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string    { return s.wrap("1", t) }
func (s style) dim(t string) string     { return s.wrap("2", t) }
func (s style) heading(t string) string { return s.wrap("1;4", t) }
func (s style) mention(t string) string { return s.wrap("34", t) }
func (s style) warn(t string) string    { return s.wrap("31", t) }
func (s style) bot(t string) string     { return s.wrap("1;32", t) }
func (s style) button(t string) string  { return s.wrap("1;36", t) }

// code shows an inline code span: coloured, or with its backticks kept
// when there are no colours to set it apart.
func (s style) code(t string) string {
	if !s.color {
		return "`" + t + "`"
	}
	return s.wrap("36", t)
}

var (
	mdHeading = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
	mdBullet  = regexp.MustCompile(`^(\s*)[-*+]\s+(.*)$`)
	mdQuote   = regexp.MustCompile(`^>\s?(.*)$`)
	mdBold    = regexp.MustCompile(`\*\*(.+?)\*\*`)
	mdLink    = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	mdMention = regexp.MustCompile(`@([0-9A-Za-z_.$:-]+)`)
)

// markdown renders DingTalk markdown for a terminal, line by line: headings,
// bullet lists, quotes, **bold**, `code`, links, and @userId mentions shown
// as @Name (name returns a userId's display name). Runs of blank lines
// become one.
func (s style) markdown(md string, name func(userID string) (string, bool)) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		out = append(out, s.block(line, name))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// block renders one markdown line.
func (s style) block(line string, name func(string) (string, bool)) string {
	if m := mdHeading.FindStringSubmatch(line); m != nil {
		return s.heading(s.inline(m[1], name))
	}
	if m := mdBullet.FindStringSubmatch(line); m != nil {
		return m[1] + "• " + s.inline(m[2], name)
	}
	if m := mdQuote.FindStringSubmatch(line); m != nil {
		return "│ " + s.inline(m[1], name)
	}
	return s.inline(line, name)
}

// inline renders code spans, bold, links and mentions; nothing inside a
// code span is touched.
func (s style) inline(text string, name func(string) (string, bool)) string {
	parts := strings.Split(text, "`")
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i%2 == 1 && i < len(parts)-1:
			b.WriteString(s.code(p))
		case i%2 == 1: // an unmatched backtick
			b.WriteString("`" + s.prose(p, name))
		default:
			b.WriteString(s.prose(p, name))
		}
	}
	return b.String()
}

func (s style) prose(text string, name func(string) (string, bool)) string {
	text = mdBold.ReplaceAllStringFunc(text, func(m string) string { return s.bold(m[2 : len(m)-2]) })
	text = mdLink.ReplaceAllString(text, "$1 <$2>")
	return mdMention.ReplaceAllStringFunc(text, func(m string) string {
		if n, ok := name(m[1:]); ok {
			return s.mention("@" + n)
		}
		return m
	})
}

// callLine is one API call as the sandbox lists it: method, path, the
// query without credentials or session keys, a short body, the status and
// DingTalk's error code if any.
func callLine(c dingtalktest.Call) string {
	line := c.Method + " " + c.Path
	if q := shortQuery(c.Query); q != "" {
		line += "?" + q
	}
	if b := shortBody(c.Body); b != "" {
		line += " " + b
	}
	status := strconv.Itoa(c.Status)
	if c.Status == 0 {
		status = "connection closed"
	}
	line += " → " + status
	if c.Code != "" {
		line += " " + c.Code
	}
	return line
}

func shortQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	q.Del("access_token")
	q.Del("session")
	return q.Encode()
}

// maxBodyRunes keeps a call on one line of a normal terminal.
const maxBodyRunes = 72

func shortBody(body []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, body) != nil {
		b.Reset()
		b.Write(bytes.TrimSpace(body))
	}
	s := b.String()
	if utf8.RuneCountInString(s) > maxBodyRunes {
		s = string([]rune(s)[:maxBodyRunes-1]) + "…"
	}
	return s
}
