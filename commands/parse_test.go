package commands

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	t.Parallel()
	type want struct {
		command, word string
		args          []string
		mentions      []string
		lang          Lang
	}
	tests := []struct {
		name string
		text string
		want want
	}{
		{"english", "/spotlight @alice", want{"spotlight", "spotlight", nil, []string{"alice"}, English}},
		{"no slash, leading space", "  spotlight @alice ", want{"spotlight", "spotlight", nil, []string{"alice"}, English}},
		{"case insensitive", "/SpotLight Alice", want{"spotlight", "SpotLight", []string{"Alice"}, nil, English}},
		{"mention stripped by DingTalk", " /spotlight ", want{"spotlight", "spotlight", nil, nil, English}},
		{"spotlight off", "/spotlight off", want{"spotlight off", "spotlight off", nil, nil, English}},
		{"spotlight a name starting with off", "/spotlight Offenbach", want{"spotlight", "spotlight", []string{"Offenbach"}, nil, English}},
		{"group with sub", "/cohost add @bob @carol", want{"cohost add", "cohost add", nil, []string{"bob", "carol"}, English}},
		{"group alone", "/cohost", want{"cohost", "cohost", nil, nil, English}},
		{"group unknown sub", "/cohost promote @bob", want{"cohost", "cohost", []string{"promote"}, []string{"bob"}, English}},
		{"meeting alone is status", "/meeting", want{"meeting status", "meeting", nil, nil, English}},
		{"meeting use with spaced code", "/meeting use 838 722 123", want{"meeting use", "meeting use", []string{"838", "722", "123"}, nil, English}},
		{"meeting start title keeps case", "/meeting start Weekly Sync", want{"meeting start", "meeting start", []string{"Weekly", "Sync"}, nil, English}},
		{"chinese", "/聚焦 @张三", want{"spotlight", "聚焦", nil, []string{"张三"}, Chinese}},
		{"chinese alias", "/全员看他 @张三", want{"spotlight", "全员看他", nil, []string{"张三"}, Chinese}},
		{"chinese no space before mention", "/聚焦@张三", want{"spotlight", "聚焦", nil, []string{"张三"}, Chinese}},
		{"chinese bare name glued", "/聚焦张三", want{"spotlight", "聚焦", []string{"张三"}, nil, Chinese}},
		{"full width", "／聚焦　＠张三", want{"spotlight", "聚焦", nil, []string{"张三"}, Chinese}},
		{"full width latin", "／ＳＰＯＴＬＩＧＨＴ　ｏｆｆ", want{"spotlight off", "SPOTLIGHT off", nil, nil, English}},
		{"cancel focus", "/取消聚焦", want{"spotlight off", "取消聚焦", nil, nil, Chinese}},
		{"focus close", "/聚焦 关闭", want{"spotlight off", "聚焦 关闭", nil, nil, Chinese}},
		{"set cohost glued", "/设为联席主持人@李四", want{"cohost add", "设为联席主持人", nil, []string{"李四"}, Chinese}},
		{"cohost add glued", "/联席主持人添加@李四@王五", want{"cohost add", "联席主持人添加", nil, []string{"李四", "王五"}, Chinese}},
		{"cohost add spaced", "/联席主持人 添加 @李四", want{"cohost add", "联席主持人 添加", nil, []string{"李四"}, Chinese}},
		{"cohost remove", "/取消联席主持人 @李四", want{"cohost remove", "取消联席主持人", nil, []string{"李四"}, Chinese}},
		{"chinese group alone", "/联席主持人", want{"cohost", "联席主持人", nil, nil, Chinese}},
		{"meeting chinese", "/会议 结束", want{"meeting end", "会议 结束", nil, nil, Chinese}},
		{"meeting chinese bind", "/会议 绑定 838722123", want{"meeting use", "会议 绑定", []string{"838722123"}, nil, Chinese}},
		{"ime comma prefix", "、全员看他 @张三", want{"spotlight", "全员看他", nil, []string{"张三"}, Chinese}},
		{"ime comma after the bot mention", "@MeetBot 、聚焦@张三", want{"spotlight", "聚焦", nil, []string{"张三"}, Chinese}},
		{"halfwidth ime comma", "\uff64取消全员看他", want{"spotlight off", "取消全员看他", nil, nil, Chinese}},
		{"full width slash", "／结束会议", want{"meeting end", "结束会议", nil, nil, Chinese}},
		{"no slash after the bot mention", "@MeetBot 全员看他 @张三", want{"spotlight", "全员看他", nil, []string{"张三"}, Chinese}},
		{"spotlight TA any case", "/全员看ta @张三", want{"spotlight", "全员看ta", nil, []string{"张三"}, Chinese}},
		{"focus video", "/焦点视频 @张三", want{"spotlight", "焦点视频", nil, []string{"张三"}, Chinese}},
		{"cancel spotlight", "/取消全员看他", want{"spotlight off", "取消全员看他", nil, nil, Chinese}},
		{"add cohost", "/添加联席主持人 @李四", want{"cohost add", "添加联席主持人", nil, []string{"李四"}, Chinese}},
		{"remove cohost", "/移除联席主持人 @李四", want{"cohost remove", "移除联席主持人", nil, []string{"李四"}, Chinese}},
		{"remove cohost role", "/取消联席主持人身份 @李四", want{"cohost remove", "取消联席主持人身份", nil, []string{"李四"}, Chinese}},
		{"cancel mute all", "/取消全员静音", want{"unmute all", "取消全员静音", nil, nil, Chinese}},
		{"mute everybody", "/全体静音", want{"mute all", "全体静音", nil, nil, Chinese}},
		{"start meeting", "/发起会议 周会", want{"meeting start", "发起会议", []string{"周会"}, nil, Chinese}},
		{"hold a meeting", "/开会", want{"meeting start", "开会", nil, nil, Chinese}},
		{"bind meeting", "/绑定会议 838 722 123", want{"meeting use", "绑定会议", []string{"838", "722", "123"}, nil, Chinese}},
		{"control card", "/会控", want{"meeting panel", "会控", nil, nil, Chinese}},
		{"end meeting", "/结束会议", want{"meeting end", "结束会议", nil, nil, Chinese}},
		{"action log", "/操作记录", want{"meeting log", "操作记录", nil, nil, Chinese}},
		{"old action log", "/会议 记录", want{"meeting log", "会议 记录", nil, nil, Chinese}},
		{"withdraw", "/撤回", want{"undo", "撤回", nil, nil, Chinese}},
		{"richText leading bot mention", "@MeetBot /spotlight @Alice", want{"spotlight", "spotlight", nil, []string{"Alice"}, English}},
		{"richText two leading mentions", "@MeetBot @Other 聚焦 @张三", want{"spotlight", "聚焦", nil, []string{"张三"}, Chinese}},
		{"help glued to bot", "help@Bot", want{"help", "help", nil, []string{"Bot"}, English}},
		{"help with topic", "/help cohost", want{"help", "help", []string{"cohost"}, nil, English}},
		{"chinese help", "/帮助", want{"help", "帮助", nil, nil, Chinese}},
		{"dingtalk mention space", "/spotlight\u2005@alice\u2005", want{"spotlight", "spotlight", nil, []string{"alice"}, English}},
		{"nbsp and zero width", "/spotlight\u00a0\u200b@alice", want{"spotlight", "spotlight", nil, []string{"alice"}, English}},
		{"english word must end", "/helper", want{"", "helper", nil, nil, English}},
		{"unknown english", "/spotligt @bob", want{"", "spotligt", nil, []string{"bob"}, English}},
		{"unknown chinese", "/聚交 @张三", want{"", "聚交", nil, []string{"张三"}, Chinese}},
		{"unknown english word chinese args", "/foo 张三", want{"", "foo", []string{"张三"}, nil, Chinese}},
		{"empty", "", want{"", "", nil, nil, English}},
		{"only spaces", " \u3000 ", want{"", "", nil, nil, English}},
		{"only slash", "/", want{"", "", nil, nil, English}},
		{"only bot mention", "@MeetBot", want{"", "", nil, nil, English}},
		{"lone at", "/spotlight @ alice", want{"spotlight", "spotlight", []string{"alice"}, nil, English}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Parse(tt.text)
			got := want{p.Command, p.Word, p.Args, p.MentionNames, p.Lang}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.text, p.Raw)
		})
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"／聚焦　＠张三":         "/聚焦 @张三",
		"ＡＢＣ　１２３":         "ABC 123",
		"  a \t\n b  ":    "a b",
		"a\u00a0\u2005b":  "a b",
		"a\u200bb":        "a b",
		"\ufeffhelp":      "help",
		"bad\xffutf8":     "bad\uFFFDutf8",
		"Mixed CASE kept": "Mixed CASE kept",
	}
	for in, want := range tests {
		assert.Equal(t, want, normalize(in), "normalize(%q)", in)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"spotligt": "spotlight",
		"hlep":     "help",
		"cohst":    "cohost",
		"meting":   "meeting",
		"聚交":       "聚焦",
		"帮组":       "帮助",
		"xyzzy":    "",
		"会意":       "会议",
		"spotlite": "spotlight", // too many edits, but a long shared start
		"meetinng": "meeting",
		"spotify":  "",
	}
	for word, want := range tests {
		assert.Equal(t, want, builtinLexicon.suggest(word), "suggest(%q)", word)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"hlep", "help", 1}, {"聚焦", "聚交", 1}, {"ab", "ba", 1}, {"abc", "abc", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, editDistance([]rune(tt.a), []rune(tt.b)), "%q→%q", tt.a, tt.b)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"/spotlight @alice", "／聚焦　＠张三", "/设为联席主持人@李四", "help@Bot", "@Bot /meeting use 838 722 123",
		"/取消聚焦", "、全员看他 @张三", "@B 、、/x", "\xff\xfe@", "@@@", "/ / /", "/联席主持人添加 @a@b c", "ＡＢＣ\u2005\u200b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Parse(s)
		n := normalize(s)
		require.Equal(t, n, normalize(n), "normalize must be idempotent")
		require.True(t, utf8.ValidString(n))
		again := Parse(n)
		assert.Equal(t, p.Command, again.Command)
		assert.Equal(t, p.Word, again.Word)
		assert.Equal(t, p.Args, again.Args)
		assert.Equal(t, p.MentionNames, again.MentionNames)
		for _, a := range append(append([]string{}, p.Args...), p.MentionNames...) {
			require.NotEmpty(t, a)
			require.False(t, strings.ContainsAny(a, " @"), "token %q", a)
		}
	})
}
