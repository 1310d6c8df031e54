package commands

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpotlight(t *testing.T) {
	t.Parallel()
	direct := func(r Request) Request { r.ChatKind = Direct; return r }
	tests := []struct {
		name    string
		req     Request
		focus   string // unionId focused; "" means no Focus call
		outcome Outcome
		reply   string
	}{
		{"mention with stripped text", req("hana", " /spotlight ", "alice"), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"chinese mention", req("hana", "/聚焦 @张三", "zhang"), "u-zhang", OK,
			"已设置全员看他：**张三**。"},
		{"full width chinese", req("hana", "／聚焦　＠张三", "zhang"), "u-zhang", OK,
			"已设置全员看他：**张三**。"},
		{"alias", req("hana", "/全员看他", "zhang"), "u-zhang", OK,
			"已设置全员看他：**张三**。"},
		{"bare name in 1:1", direct(req("hana", "/spotlight alice")), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"unique prefix", direct(req("hana", "/spotlight Ali")), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"typed @name without atUsers", direct(req("hana", "/聚焦 @李四")), "u-li", OK,
			"已设置全员看他：**李四**。"},
		{"glued chinese name", direct(req("hana", "/聚焦张三")), "u-zhang", OK,
			"已设置全员看他：**张三**。"},
		{"me", req("hana", "/spotlight me"), "u-hana", OK,
			"**Hana** is now spotlighted."},
		{"我", req("cole", "/聚焦 我"), "u-cole", OK,
			"已设置全员看他：**Cole**。"},
		{"richText label with surname", req("hana", "@MeetBot /spotlight @Alice Smith", "alice"), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"richText trailing bot label with real mention", req("hana", "/spotlight @Alice @MeetBot", "alice"), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"typed @name in group plus bot label", req("hana", "/spotlight @Alice@MeetBot"), "u-alice", OK,
			"**Alice** is now spotlighted."},
		{"typed unknown @name in group", req("hana", "/spotlight @Zed"), "", Rejected,
			"Nobody in **周会 Weekly sync** is called **Zed**. Use the name shown in the meeting, or @mention them."},
		{"ambiguous prefix", direct(req("hana", "/spotlight Al")), "", Rejected,
			"“Al” matches **Alice** and **Alan**. Type more of the name."},
		{"ambiguous prefix chinese", direct(req("hana", "/聚焦 Al")), "", Rejected,
			"“Al”匹配到多人：**Alice**、**Alan**。请输入更完整的名字。"},
		{"unknown name", direct(req("hana", "/spotlight Zed")), "", Rejected,
			"Nobody in **周会 Weekly sync** is called **Zed**. Use the name shown in the meeting, or @mention them."},
		{"unknown name chinese", direct(req("hana", "/聚焦 王五")), "", Rejected,
			"**周会 Weekly sync**中没有叫**王五**的人。请使用会中显示的名字，或直接 @ 对方。"},
		{"not in contacts", req("hana", "/spotlight @ghost", "ghost"), "", Rejected,
			"I couldn't find **ghost** in your organisation's contacts — use the name shown in the meeting instead."},
		{"not in meeting", req("hana", "/spotlight", "bob"), "u-bob", Rejected,
			"**Bob** hasn't joined yet — ask them to join, then try again."},
		{"not in meeting chinese", req("hana", "/聚焦", "bob"), "u-bob", Rejected,
			"**Bob**还未入会，请先让对方入会再试。"},
		{"two people", req("hana", "/spotlight", "alice", "zhang"), "", Rejected,
			"Only one person can be spotlighted at a time — name just one."},
		{"missing target", req("hana", "/spotlight"), "", Rejected,
			"Usage: `/spotlight @user`\nExample: `/spotlight @Alice`"},
		{"missing target chinese", req("hana", "/聚焦"), "", Rejected,
			"用法：`/全员看他 @某人`\n示例：`/全员看他 @张三`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.req)
			assert.Equal(t, tt.reply, rep.Text)
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, "spotlight", rep.Command)
			assert.NoError(t, rep.Err)
			var want []string
			if tt.focus != "" {
				want = []string{"Focus m1 " + tt.focus}
			}
			assert.Equal(t, want, e.conf.controlCalls())
		})
	}
}

func TestSpotlightExternalMention(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := req("hana", "/聚焦 @外部")
	r.ExternalMentions = 1
	rep := e.handle(r)
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Equal(t, "无法通过 @ 识别组织外的人，请直接输入对方的会中名字，例如 `/聚焦 张三`。", rep.Text)
	assert.Empty(t, e.conf.Calls())
}

func TestSpotlightOff(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"/spotlight off", "/取消聚焦", "/聚焦 关闭"} {
		e := newEnv(t)
		require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
		rep := e.handle(req("hana", text))
		assert.Equal(t, OK, rep.Outcome, text)
		assert.Equal(t, "spotlight.off", rep.Command)
		assert.Equal(t, []string{"Focus m1 u-alice", "Unfocus m1 u-alice"}, e.conf.controlCalls(),
			"un_focus carries the unionId of the person the bot spotlighted")
		_, focused := e.reg.focused(context.Background(), corp, m1)
		assert.False(t, focused)
	}
	e := newEnv(t)
	e.handle(req("hana", "/spotlight", "alice"))
	assert.Equal(t, "Turned off the spotlight on **Alice**.", e.handle(req("hana", "/spotlight off")).Text)
	e.handle(req("hana", "/聚焦", "alice"))
	assert.Equal(t, "已取消全员看他：**Alice**。", e.handle(req("hana", "/取消聚焦")).Text)
}

func TestSpotlightOffNamesThePerson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		r        Request
		wantCall string
	}{
		{"a mention", req("hana", "/spotlight off", "zhang"), "Unfocus m1 u-zhang"},
		{"a bare name", req("hana", "/取消聚焦 张三"), "Unfocus m1 u-zhang"},
		{"me", req("hana", "/spotlight off me"), "Unfocus m1 u-hana"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.r)
			assert.Equal(t, OK, rep.Outcome, rep.Text)
			assert.Equal(t, []string{tt.wantCall}, e.conf.controlCalls(),
				"the person named is turned off, with no spotlight record needed")
		})
	}
}

func TestSpotlightOffWithoutKnowingWhomCallsNothing(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ text, want string }{
		{"/spotlight off", "I don't know who is spotlighted in **周会 Weekly sync** (it wasn't done through me), and DingTalk needs the person to turn it off — name them: `/spotlight off @Alice`."},
		{"/取消聚焦", "不知道**周会 Weekly sync**中全员看的是谁（并非通过机器人设置），钉钉取消全员看他需要指定此人，请这样发送：`/取消全员看他 @张三`。"},
	} {
		e := newEnv(t)
		rep := e.handle(req("hana", tt.text))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, tt.want, rep.Text)
		assert.Empty(t, e.conf.controlCalls())
		assert.Equal(t, m1, e.boundTo(), "the chat stays bound")
	}
}

func TestSpotlightOffRefusesTwoPeople(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/spotlight off", "alice", "zhang"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Empty(t, e.conf.controlCalls())
}

func TestMentionKeepsSentUnionIDButTakesNameFromDirectory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := req("hana", "/spotlight")
	r.Sender.UnionID = "u-hana"
	r.Mentions = []Person{{UserID: "alice", UnionID: "u-alice"}}
	rep := e.handle(r)
	assert.Equal(t, "**Alice** is now spotlighted.", rep.Text)
	assert.Equal(t, 2, e.dir.Count(), "the sender (membership) and alice (her name)")
}

func TestMixedMentionsAndBareNames(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/cohost add @Alice 张三 me", "alice", "alice"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	// "me" is Hana, the host: resolved, but never made co-host.
	assert.Equal(t, "Made **Alice** and **张三** co-hosts. **Hana** is the host.", rep.Text)
	assert.Equal(t, []string{"AddCoHosts m1 u-alice,u-zhang"}, e.conf.controlCalls())
}
