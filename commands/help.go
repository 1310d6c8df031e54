package commands

import (
	"context"
	"fmt"
	"strings"
)

// Text for /help.
var (
	msgHelpTitle = Text{"**meetbot** controls your DingTalk meeting from chat (in a group, @mention the bot first; the / is optional):",
		"**meetbot** 在聊天中控制钉钉视频会议（群里先 @机器人，/ 可省略）："}
	msgHelpFooter = Text{"`/help <command>` explains one, e.g. `/help spotlight`; `/help all` lists every command. Chinese commands work too: `/全员看他 @张三`.",
		"发送 `/帮助 命令` 查看说明，如 `/帮助 全员看他`；发送 `/帮助 全部` 列出所有命令。"}
	msgHelpAllTitle  = Text{"**meetbot** — every command:", "**meetbot** 全部命令："}
	msgHelpAllFooter = Text{"Send `/help <command>` for details. Chinese commands work too: `/全员看他 @张三`.", "发送 `/帮助 命令` 查看说明。也可使用英文命令，如 `/spotlight @Alice`。"}
	msgHelpGroup     = Text{"- %s: %s", "- %s：%s"}
	msgHelpAlso      = Text{"Also: %s", "其他写法：%s"}
	msgHelpExample   = Text{"Example: `%s`", "示例：`%s`"}
	msgHelpUnknown   = Text{"There is no `%s` command.", "没有 `%s` 这个命令。"}
)

// helpGroups is what /help shows: the everyday commands, grouped, in
// few enough lines for a phone screen. `/help all` lists every command.
var helpGroups = []struct {
	title    Text
	commands []string // Definition names
}{
	{Text{"Meeting", "会议"}, []string{"meeting start", "meeting use", "meeting status", "meeting panel", "meeting end", "meeting schedule"}},
	{Text{"Spotlight", "全员看他"}, []string{"spotlight", "spotlight off"}},
	{Text{"Co-hosts", "联席主持人"}, []string{"cohost add", "cohost remove"}},
	{Text{"Mute", "静音"}, []string{"mute all", "unmute all", "mute", "unmute"}},
	{Text{"People", "参会人"}, []string{"who", "invite", "remove", "lock"}},
	{Text{"More", "更多"}, []string{"record start", "notes start", "meeting log", "undo"}},
}

// helpAllWords ask /help for every command.
var helpAllWords = []string{"all", "全部"}

// help is /help [command], generated from the definitions.
func help(_ context.Context, c *Call) (Reply, error) {
	// @texts are ignored: in richText "help@Bot" keeps the bot's label.
	rest := strings.Join(c.Parsed.Args, " ")
	switch {
	case rest == "":
		return Reply{Text: c.reg.helpShort(c.Lang), Outcome: OK}, nil
	case c.takeWord(helpAllWords...) && len(c.Parsed.Args) == 0:
		return Reply{Text: c.reg.helpAll(c.Lang), Outcome: OK}, nil
	}
	p := c.reg.lex.parse(rest)
	if d, ok := c.reg.byName[p.Command]; ok {
		return Reply{Text: c.reg.helpOne(d, c.Lang), Outcome: OK}, nil
	}
	if _, ok := c.reg.groups[p.Command]; ok {
		return Reply{Text: c.reg.groupUsage(p.Command, p.Word, c.Lang), Outcome: OK}, nil
	}
	text := msgHelpUnknown.In(c.Lang, strings.ReplaceAll(rest, "`", "")) + "\n\n" + c.reg.helpShort(c.Lang)
	return Reply{Text: text, Outcome: Rejected}, nil
}

// helpShort is /help: the title, one line per group of everyday commands
// and how to learn more.
func (r *Registry) helpShort(lang Lang) string {
	lines := []string{msgHelpTitle.In(lang)}
	for _, g := range helpGroups {
		var forms []string
		for _, name := range g.commands {
			if d, ok := r.byName[name]; ok {
				forms = append(forms, code(d.synopsis(lang)))
			}
		}
		if len(forms) > 0 {
			lines = append(lines, msgHelpGroup.In(lang, g.title.In(lang), joinItems(lang, forms)))
		}
	}
	return strings.Join(append(lines, msgHelpFooter.In(lang)), "\n")
}

// helpAll lists every command with its usage and description.
func (r *Registry) helpAll(lang Lang) string {
	lines := []string{msgHelpAllTitle.In(lang)}
	for _, d := range r.defs {
		lines = append(lines, fmt.Sprintf("- `%s` — %s", d.Usage.In(lang), d.Description.In(lang)))
	}
	return strings.Join(append(lines, "", msgHelpAllFooter.In(lang)), "\n")
}

// helpOne explains one command: usage, description, other spellings,
// examples.
func (r *Registry) helpOne(d *Definition, lang Lang) string {
	lines := []string{"`" + d.Usage.In(lang) + "`", d.Description.In(lang)}
	forms := make([]string, 0, len(d.Aliases)+1)
	for _, a := range append([]string{d.Name}, d.Aliases...) {
		forms = append(forms, "`/"+a+"`")
	}
	lines = append(lines, msgHelpAlso.In(lang, joinItems(lang, forms)))
	for _, ex := range d.Examples {
		lines = append(lines, msgHelpExample.In(lang, ex.In(lang)))
	}
	return strings.Join(lines, "\n")
}

// synopsis is the usage without its optional parts (an English usage
// marks them [so]; a Chinese one has none): "/cohost add @user".
func (d *Definition) synopsis(lang Lang) string {
	u := d.Usage.In(lang)
	if i := strings.Index(u, " ["); i > 0 {
		return u[:i]
	}
	return u
}
