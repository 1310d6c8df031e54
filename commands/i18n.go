package commands

import (
	"fmt"
	"strings"
)

// Text is a message in both reply languages. The strings may be fmt
// formats; In fills them.
type Text struct {
	En string
	Zh string
}

// In returns the text in lang, formatted with args when there are any.
func (t Text) In(lang Lang, args ...any) string {
	f := t.En
	if lang == Chinese && t.Zh != "" {
		f = t.Zh
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// inChat is In for a reply in a chat of kind: Chinese says 本群 ("this
// group") only in groups, 这里 ("here") in a 1:1 chat. Only the format
// changes, never what fills it.
func (t Text) inChat(lang Lang, kind ChatKind, args ...any) string {
	if lang == Chinese && kind == Direct {
		t.Zh = strings.ReplaceAll(t.Zh, "本群", "这里")
	}
	return t.In(lang, args...)
}

// text renders t for the call: in its language, worded for its chat.
func (c *Call) text(t Text, args ...any) string {
	return t.inChat(c.Lang, c.Request.ChatKind, args...)
}

// bold renders a user-supplied name in bold, as data (Inert).
func bold(name string) string {
	name = Inert(name)
	if name == "" {
		name = "?"
	}
	return "**" + name + "**"
}

// boldList renders names in bold, joined the way lang lists things.
func boldList(lang Lang, names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = bold(n)
	}
	return joinList(lang, parts)
}

// meetingName is how replies refer to a meeting: its title, or a generic
// word when DingTalk gave none.
func meetingName(lang Lang, title string) string {
	if strings.TrimSpace(title) == "" {
		return msgThisMeeting.In(lang)
	}
	return bold(title)
}

// Replies. Every failure says what to do next.
var (
	msgThisMeeting     = Text{"the meeting", "会议"}
	msgUnknownCmd      = Text{"I don't know `/%s`. Send `/help` to see what I can do.", "没有 `/%s` 这个命令。发送 `/帮助` 查看可用命令。"}
	msgDidYouMean      = Text{"I don't know `/%s` — did you mean `/%s`? Send `/help` to see all commands.", "没有 `/%s` 这个命令，你是想用 `/%s` 吗？发送 `/帮助` 查看全部命令。"}
	msgUnknownPlain    = Text{"I don't know that command. Send `/help` to see what I can do.", "没有这个命令。发送 `/帮助` 查看可用命令。"}
	msgDidYouMeanPlain = Text{"I don't know that command — did you mean `/%s`? Send `/help` to see all commands.", "没有这个命令，你是想用 `/%s` 吗？发送 `/帮助` 查看全部命令。"}
	msgUsage           = Text{"Usage: `%s`\nExample: `%s`", "用法：`%s`\n示例：`%s`"}
	msgGroupUsage      = Text{"`/%s` needs one of:\n%s", "`/%s` 需要以下之一：\n%s"}
	msgNotAllowed      = Text{"Only the host or a co-host of %s can %s.", "只有%s的主持人或联席主持人才能%s。"}
	msgOnlyHost        = Text{"Only the host of %s can end it.", "只有主持人才能结束%s。"}
	msgNoMeeting       = Text{"This chat has no meeting bound, and you are not the host or a co-host of any meeting in progress. Start one with `/meeting start`, or bind one with `/meeting use <Meeting ID>`.",
		"本群没有绑定会议，你也不是任何进行中会议的主持人或联席主持人。发送 `/发起会议` 发起会议，或发送 `/绑定会议 会议号` 绑定已有会议。"}
	msgSeveral      = Text{"You are the host or a co-host of several meetings in progress — pick the one to control here:\n%s", "你是多个进行中会议的主持人或联席主持人，请选择要在本群控制的会议：\n%s"}
	msgSeveralLine  = Text{"- %s: `/meeting use %s`", "- %s：`/绑定会议 %s`"}
	msgEndedNext    = Text{"%s has ended. Start a new one with `/meeting start` or bind another with `/meeting use <Meeting ID>`.", "%s已结束。发送 `/发起会议` 发起新会议，或发送 `/绑定会议 会议号` 绑定其他会议。"}
	msgNotJoined    = Text{"%s hasn't joined yet — ask them to join, then try again.", "%s还未入会，请先让对方入会再试。"}
	msgNotJoinedAll = Text{"%s haven't joined yet — ask them to join, then try again.", "%s还未入会，请先让对方入会再试。"}
	msgSomeoneOut   = Text{"Someone you named hasn't joined yet — ask them to join, then try again.", "你指定的人中有人还未入会，请先让对方入会再试。"}
	msgUnknownName  = Text{"Nobody in %s is called %s. Use the name shown in the meeting, or @mention them.", "%s中没有叫%s的人。请使用会中显示的名字，或直接 @ 对方。"}
	msgAmbiguous    = Text{"“%s” matches %s. Type more of the name.", "“%s”匹配到多人：%s。请输入更完整的名字。"}
	msgNotInDir     = Text{"I couldn't find %s in your organisation's contacts — use the name shown in the meeting instead.", "在通讯录中找不到%s，请改用其会中显示的名字。"}
	msgExternal     = Text{"I can't look up people from outside your organisation by @mention — type the name they use in the meeting instead, e.g. `%s Alice`.", "无法通过 @ 识别组织外的人，请直接输入对方的会中名字，例如 `%s 张三`。"}
	msgOneAtATime   = Text{"Only one person can be spotlighted at a time — name just one.", "全员看他一次只能指定一个人，请只指定一位。"}
	// msgNoCommand answers a message with no command word in both
	// languages, since there is no word to take the language from.
	msgNoCommand = "Type a command, e.g. `/spotlight @Alice` — `/help` lists them all.\n\n" +
		"请输入命令，例如 `/全员看他 @张三`，发送 `/帮助` 查看常用命令。"
	msgSenderAnon  = Text{"I can't tell who you are in this organisation, so I can't act for you. Only members of the organisation can control meetings.", "无法识别你在本组织中的身份，只有本组织成员才能控制会议。"}
	msgSlow        = Text{"DingTalk is slow to answer — try again.", "钉钉响应超时，请重试。"}
	msgBusy        = Text{"DingTalk is busy right now — try again in a minute.", "钉钉当前繁忙，请稍后重试。"}
	msgQueueFull   = Text{"I'm busy — try again in a few seconds.", "机器人正忙，请几秒后重试。"}
	msgRestarting  = Text{"I'm restarting and didn't get to this — please send it again in a moment.", "机器人正在重启，未能处理这条消息，请稍后重新发送。"}
	msgPermission  = Text{"The bot lacks the DingTalk permission %s — ask your DingTalk admin to grant it.", "机器人缺少钉钉权限 %s，请联系管理员开通。"}
	msgPermAny     = Text{"The bot lacks a DingTalk permission for this — ask your DingTalk admin to check the app's permissions.", "机器人缺少执行此操作的钉钉权限，请联系管理员检查应用权限。"}
	msgAuthFailed  = Text{"The bot can't sign in to DingTalk — ask your admin to check the app credentials.", "机器人无法登录钉钉，请联系管理员检查应用凭证。"}
	msgGeneric     = Text{"Something went wrong — please try again.", "出了点问题，请重试。"}
	msgRejected    = Text{"DingTalk refused `%s` for %s. Check in DingTalk that the meeting is running and the people you named have joined, then try again; `/meeting` shows what I know of it.", "钉钉拒绝了 `%s`（%s）。请在钉钉中确认会议仍在进行、所指定的人已入会，然后重试；发送 `/会议` 查看会议状态。"}
	msgRejectedAny = Text{"DingTalk refused the request — check the meeting in DingTalk and try again.", "钉钉拒绝了该请求，请在钉钉中检查会议后重试。"}
	msgQuota       = Text{"Your organisation has used up this month's DingTalk API quota, so I can't act until it renews next month or the organisation upgrades its DingTalk edition. An admin can see the usage in the DingTalk developer console (open-dev.dingtalk.com).", "本组织本月的钉钉 API 调用额度已用完，下月恢复或升级钉钉版本后才能继续操作。管理员可在钉钉开发者后台（open-dev.dingtalk.com）查看用量。"}
)
