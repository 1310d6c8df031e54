package commands

import (
	"context"
	"fmt"
	"strings"
)

// Text for /help.
var (
	msgHelpTitle   = Text{"**meetbot** — control your DingTalk meeting from chat:", "**meetbot** — 在群聊中控制钉钉会议："}
	msgHelpFooter  = Text{"Send `/help <command>` for details. Chinese commands work too: `/聚焦 @张三`.", "发送 `/帮助 <命令>` 查看详情。也可使用英文命令，如 `/spotlight @Alice`。"}
	msgHelpAlso    = Text{"Also: %s", "其他写法：%s"}
	msgHelpExample = Text{"Example: `%s`", "示例：`%s`"}
	msgHelpUnknown = Text{"There is no `%s` command.", "没有 `%s` 这个命令。"}
)

// help is /help [command], generated from the definitions.
func help(_ context.Context, c *Call) (Reply, error) {
	// @texts are ignored: in richText "help@Bot" keeps the bot's label.
	rest := strings.Join(c.Parsed.Args, " ")
	if rest == "" {
		return Reply{Text: c.reg.helpAll(c.Lang), Outcome: OK}, nil
	}
	p := c.reg.lex.parse(rest)
	if d, ok := c.reg.byName[p.Command]; ok {
		return Reply{Text: c.reg.helpOne(d, c.Lang), Outcome: OK}, nil
	}
	if _, ok := c.reg.groups[p.Command]; ok {
		return Reply{Text: c.reg.groupUsage(p.Command, p.Word, c.Lang), Outcome: OK}, nil
	}
	text := msgHelpUnknown.In(c.Lang, strings.ReplaceAll(rest, "`", "")) + "\n\n" + c.reg.helpAll(c.Lang)
	return Reply{Text: text, Outcome: Rejected}, nil
}

// helpAll lists every command with its usage and description.
func (r *Registry) helpAll(lang Lang) string {
	lines := []string{msgHelpTitle.In(lang)}
	for _, d := range r.defs {
		lines = append(lines, fmt.Sprintf("- `%s` — %s", d.Usage.In(lang), d.Description.In(lang)))
	}
	return strings.Join(append(lines, "", msgHelpFooter.In(lang)), "\n")
}

// helpOne explains one command: usage, description, other spellings,
// examples.
func (r *Registry) helpOne(d *Definition, lang Lang) string {
	lines := []string{"`" + d.Usage.In(lang) + "`", d.Description.In(lang)}
	forms := make([]string, 0, len(d.Aliases)+1)
	for _, a := range append([]string{d.Name}, d.Aliases...) {
		forms = append(forms, "`/"+a+"`")
	}
	lines = append(lines, msgHelpAlso.In(lang, strings.Join(forms, ", ")))
	for _, ex := range d.Examples {
		lines = append(lines, msgHelpExample.In(lang, ex.In(lang)))
	}
	return strings.Join(lines, "\n")
}
