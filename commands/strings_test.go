package commands

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJoinList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang  Lang
		names []string
		want  string
	}{
		{English, nil, ""},
		{English, []string{"Bob"}, "Bob"},
		{English, []string{"Bob", "Carol"}, "Bob and Carol"},
		{English, []string{"A", "B", "C"}, "A, B and C"},
		{English, []string{"A", "B", "C", "D"}, "A, B, C and D"},
		{Chinese, []string{"张三"}, "张三"},
		{Chinese, []string{"张三", "李四", "Bob"}, "张三、李四、Bob"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, joinList(tt.lang, tt.names), "%s %q", tt.lang, tt.names)
	}
	assert.Equal(t, "**Bob** and **Carol**", boldList(English, []string{"Bob", "Carol"}))
	assert.Equal(t, "**张三**、**李四**", boldList(Chinese, []string{"张三", "李四"}))
}

// userString is one user-visible string of the source: a Text literal
// (every reply, card label, help line and /meeting log wording is one),
// or a bilingual msg*/hint* string constant. Zh is empty for a constant,
// whose one string carries both languages.
type userString struct {
	pos    string // file:line
	En, Zh string
}

// userStrings reads every user-visible string of the Go package in dir
// from its source, so that no string escapes the checks by not being
// listed: Text literals anywhere (also the elided ones of []Text{…} and
// map[…]Text{…}), and string-valued msg*/hint* declarations.
func userStrings(t *testing.T, dir string) []userString {
	t.Helper()
	fset := token.NewFileSet()
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	pkgs, err := parser.ParseDir(fset, abs, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	require.NoError(t, err)
	var out []userString
	lit := func(e ast.Expr) string {
		s, ok := stringLit(e)
		require.True(t, ok, "%s: a user-visible string that is not a literal: the table cannot check it", fset.Position(e.Pos()))
		return s
	}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					for _, e := range elidedTexts(n) {
						e.Type = ast.NewIdent("Text")
					}
					if id, ok := n.Type.(*ast.Ident); !ok || id.Name != "Text" || len(n.Elts) == 0 {
						return true
					}
					var en, zh string
					for i, e := range n.Elts {
						key := []string{"En", "Zh"}[i]
						if kv, ok := e.(*ast.KeyValueExpr); ok {
							key, e = kv.Key.(*ast.Ident).Name, kv.Value
						}
						if key == "En" {
							en = lit(e)
						} else {
							zh = lit(e)
						}
					}
					out = append(out, userString{pos: shortPos(fset.Position(n.Pos())), En: en, Zh: zh})
				case *ast.ValueSpec:
					for i, name := range n.Names {
						if i < len(n.Values) && (strings.HasPrefix(name.Name, "msg") || strings.HasPrefix(name.Name, "hint")) {
							if s, ok := stringLit(n.Values[i]); ok {
								out = append(out, userString{pos: shortPos(fset.Position(name.Pos())), En: s})
							}
						}
					}
				}
				return true
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// elidedTexts are the elements of []Text{…} or map[…]Text{…} written
// without their type.
func elidedTexts(n *ast.CompositeLit) []*ast.CompositeLit {
	var elt ast.Expr
	switch t := n.Type.(type) {
	case *ast.ArrayType:
		elt = t.Elt
	case *ast.MapType:
		elt = t.Value
	}
	if id, ok := elt.(*ast.Ident); !ok || id.Name != "Text" {
		return nil
	}
	var out []*ast.CompositeLit
	for _, e := range n.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if c, ok := e.(*ast.CompositeLit); ok && c.Type == nil {
			out = append(out, c)
		}
	}
	return out
}

// stringLit is the value of a string literal, or of literals joined with +.
func stringLit(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		x, ok1 := stringLit(e.X)
		y, ok2 := stringLit(e.Y)
		return x + y, ok1 && ok2 && e.Op == token.ADD
	case *ast.ParenExpr:
		return stringLit(e.X)
	}
	return "", false
}

func shortPos(p token.Position) string {
	return filepath.Base(filepath.Dir(p.Filename)) + "/" + filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// zhAvoid are the words ../shared/glossary-zh.md says to avoid in
// Chinese, with what to say instead. 聚焦 covers 全员聚焦, 聚焦中 and
// 恢复聚焦: /聚焦 stays as a command alias only, and aliases are no Text.
var zhAvoid = map[string]string{
	"聚焦": "全员看他 / 取消全员看他", "协同主持人": "联席主持人", "联合主持人": "联席主持人",
	"踢出": "移出会议", "会议码": "会议号", "不在会中": "未入会", "控制面板": "会控卡片",
	"会议控制卡片": "会控卡片", "会议记录": "操作记录", "会议日志": "操作记录", "纪要": "闪记",
	"贵组织": "组织", "钉钉管理员": "管理员", "群聊": "本群 (groups) or 这里 (1:1 chats)",
	"时间 UTC": "北京时间, or the zone's name", "CST": "北京时间",
}

// enAvoid are English words the review replaced.
var enAvoid = map[string]string{"room code": "Meeting ID", "in charge of": "the host or a co-host"}

var (
	// formatVerb is one fmt verb: %s, %d, %[2]s …
	formatVerb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*([a-zA-Z%])`)
	// codeSpans are the parts of a text that are not words: code spans,
	// markdown links' targets and URLs.
	codeSpans = regexp.MustCompile("`[^`]*`|\\]\\([^)]*\\)|https?://\\S+|\\(open-dev\\.dingtalk\\.com\\)")
	// notProse is codeSpans and fmt verbs.
	notProse = regexp.MustCompile(codeSpans.String() + "|" + formatVerb.String())
	// zhASCIIPunct is punctuation Chinese prose writes full-width.
	zhASCIIPunct = regexp.MustCompile(`[,;:?!()]|\.(?:\s|$)`)
	// placeholder is a programmer's placeholder: [title], <会议号>.
	placeholder = regexp.MustCompile(`\[[^\]]*\]|<[^>]*>`)
	// spacedSlot is a %s with a space between it and a Chinese character.
	spacedSlot = regexp.MustCompile(`\p{Han} %(?:\[\d+\])?s|%(?:\[\d+\])?s \p{Han}`)
	// wordID is "ID" as a word: the meeting number is 会议号.
	wordID = regexp.MustCompile(`\bID\b`)
)

// zhSpacedSlots are the Chinese formats whose spaced %s is no name: a
// time, or code.
var zhSpacedSlots = map[string]string{
	"%s将于 %s 开始%s。%s":        "a booking's start",
	"已将%s改到 %s。":             "a booking's new time",
	"%s（%s 通过机器人设置）":         "when the spotlight was set",
	"机器人缺少钉钉权限 %s，请联系管理员开通。": "the permission scopes, as code",
}

// formatArgs returns the arguments a format uses, by index from 1, and
// the verb each is used with.
func formatArgs(f string) map[int]rune {
	args := map[int]rune{}
	next := 1
	for _, m := range formatVerb.FindAllStringSubmatch(f, -1) {
		verb := []rune(m[2])[0]
		if verb == '%' {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		args[next] = verb
		next++
	}
	return args
}

// TestUserStringsFollowTheGlossary lists every user-visible string of
// both languages, read from the source of commands/ and bot/, and holds
// each to ../shared/glossary-zh.md: no word it says to avoid, Chinese
// punctuation and lists, no placeholders, no spaces around names, one
// voice; and to fmt: both languages take the same arguments, with the
// same verbs, and use every one.
func TestUserStringsFollowTheGlossary(t *testing.T) {
	t.Parallel()
	all := append(userStrings(t, "."), userStrings(t, "../bot")...)
	require.Greater(t, len(all), 400, "the table reads the source: did a file move?")
	for _, s := range all {
		t.Run(s.pos, func(t *testing.T) {
			t.Parallel()
			zh := s.Zh
			if zh == "" && hasHan(s.En) { // one string for both languages
				zh = s.En[strings.IndexFunc(s.En, isHan):]
			}
			require.True(t, zh != "" || s.En == "" || !strings.ContainsFunc(s.En, unicode.IsLetter),
				"%q has no Chinese", s.En)
			for word, say := range zhAvoid {
				assert.NotContains(t, zh, word, "the glossary says %s", say)
			}
			for word, say := range enAvoid {
				assert.NotContains(t, strings.ToLower(s.En), word, "say %s", say)
			}
			prose := notProse.ReplaceAllString(zh, "")
			assert.False(t, zhASCIIPunct.MatchString(prose), "ASCII punctuation in Chinese %q: write ，；：？！（）。", zh)
			assert.NotContains(t, prose, "、 ", "no space after 、")
			assert.False(t, placeholder.MatchString(prose), "a placeholder in Chinese %q: write 会议号, 标题（可省略）", zh)
			assert.False(t, wordID.MatchString(prose), "“ID” in Chinese %q: the meeting number is 会议号", zh)
			if !strings.HasPrefix(zh, "/") { // "/全员看他 我" is what the user types
				assert.NotContains(t, zh, "我", "the bot speaks as 机器人, not 我")
			}
			if _, ok := zhSpacedSlots[zh]; !ok {
				assert.False(t, spacedSlot.MatchString(codeSpans.ReplaceAllString(zh, "")), "a space around a name in Chinese %q", zh)
			}
			if s.Zh != "" {
				en, zhArgs := formatArgs(s.En), formatArgs(s.Zh)
				assert.Equal(t, en, zhArgs, "arguments of %q and %q", s.En, s.Zh)
				for i := 1; i <= len(en); i++ {
					assert.Contains(t, en, i, "%q leaves argument %d unused", s.En, i)
				}
			}
		})
	}
}

// TestCommandsShownInDingTalksWords: the form a command is shown and
// quoted in, in Chinese, is DingTalk's word, not an alias kept for habit.
func TestCommandsShownInDingTalksWords(t *testing.T) {
	t.Parallel()
	for _, d := range builtins() {
		shown := d.phrase(Chinese)
		for word, say := range zhAvoid {
			assert.NotContains(t, shown, word, "%s is shown as %q: the glossary says %s", d.Name, shown, say)
		}
		assert.True(t, strings.HasPrefix(d.Usage.Zh, "/"+shown), "%s: the Chinese usage %q starts with %q", d.Name, d.Usage.Zh, shown)
	}
}
