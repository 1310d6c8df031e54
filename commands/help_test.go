package commands

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpListsEveryCommand(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	en := e.handle(req("olga", "/help all"))
	zh := e.handle(req("olga", "/帮助 全部"))
	for _, d := range e.reg.Commands() {
		assert.Contains(t, en.Text, "`"+d.Usage.En+"` — "+d.Description.En)
		assert.Contains(t, zh.Text, "`"+d.Usage.Zh+"` — "+d.Description.Zh)
	}
	assert.Equal(t, OK, en.Outcome)
	unknown := e.handle(req("olga", "/help frobnicate"))
	assert.Equal(t, Rejected, unknown.Outcome)
	assert.True(t, strings.HasPrefix(unknown.Text, "There is no `frobnicate` command.\n\n**meetbot**"), unknown.Text)
}

// /help fits a phone screen: a title, one line per group of everyday
// commands, and how to learn more.
func TestHelpFitsAPhoneScreen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, g := range helpGroups {
		for _, name := range g.commands {
			_, ok := e.reg.byName[name]
			require.True(t, ok, "help group %s names %q, which is no command", g.title.En, name)
		}
	}
	zh := e.handle(req("olga", "/帮助")).Text
	en := e.handle(req("olga", "/help")).Text
	for _, text := range []string{zh, en} {
		assert.LessOrEqual(t, strings.Count(text, "\n")+1, len(helpGroups)+2, text)
	}
	assert.Equal(t, "**meetbot** 在聊天中控制钉钉视频会议（群里先 @机器人，/ 可省略）：\n"+
		"- 会议：`/发起会议`、`/绑定会议 会议号`、`/会议`、`/会控`、`/结束会议`、`/预约会议 时间 标题`\n"+
		"- 全员看他：`/全员看他 @某人`、`/取消全员看他`\n"+
		"- 联席主持人：`/设为联席主持人 @某人`、`/取消联席主持人 @某人`\n"+
		"- 静音：`/全员静音`、`/解除全员静音`、`/静音 @某人`、`/解除静音 @某人`\n"+
		"- 参会人：`/参会人`、`/邀请入会 @某人`、`/移出会议 @某人`、`/锁定会议`\n"+
		"- 更多：`/开始录制`、`/开启闪记`、`/操作记录`、`/撤销`\n"+
		"发送 `/帮助 命令` 查看说明，如 `/帮助 全员看他`；发送 `/帮助 全部` 列出所有命令。", zh)
	assert.Contains(t, en, "- Co-hosts: `/cohost add @user`, `/cohost remove @user`\n")
	assert.Contains(t, en, "(in a group, @mention the bot first; the / is optional)")
}

// What /help promises holds: after the bot's mention, a command works
// without its "/", and with the "、" a Chinese input method types for it.
func TestHelpPromiseSlashOptional(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"@MeetBot 全员看他 @张三", "@MeetBot 、全员看他 @张三", "、全员看他 @张三", "全员看他 @张三"} {
		p := Parse(text)
		assert.Equal(t, "spotlight", p.Command, text)
		assert.Equal(t, []string{"张三"}, p.MentionNames, text)
	}
}
