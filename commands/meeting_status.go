package commands

import (
	"context"
	"strings"
)

// This file holds /meeting (status).

// How replies and the control card describe a meeting.
var (
	msgPlainTitle  = Text{"Meeting", "会议"}
	msgRoomLine    = Text{"Meeting ID: `%s`", "会议号：`%s`"}
	msgJoinLine    = Text{"Join: %s", "入会链接：%s"}
	msgHostLine    = Text{"Host: %s", "主持人：%s"}
	msgCoHostsLine = Text{"Co-hosts: %s", "联席主持人：%s"}
	msgFocusLine   = Text{"Spotlight: %s", "全员看他：%s"}
	msgNone        = Text{"none", "无"}
	msgOff         = Text{"off", "未开启"}
)

// The spotlight as the bot knows it: DingTalk has no call to read it, so
// /meeting says only what was set through the bot.
var (
	msgFocusByBot   = Text{"%s (set through me at %s)", "%s（%s 通过机器人设置）"}
	msgFocusUnknown = Text{"none set through me", "未通过机器人设置"}
)

// meetingStatus is /meeting (or /meeting status): title, room code, host,
// co-hosts and who is spotlighted. A group word followed by an unknown
// subcommand ("/meeting strat") gets the group's usage instead.
func meetingStatus(ctx context.Context, c *Call) (Reply, error) {
	if len(c.Parsed.Args) > 0 && c.reg.isGroupWord(c.Parsed.Word) {
		return Reply{}, c.reject(Text{"%s", "%s"}, c.reg.groupUsage("meeting", c.Parsed.Word, c.Lang))
	}
	_, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	m, err := c.reg.conf.Info(ctx, b.MeetingID)
	if err == nil && m.Ended {
		err = ErrMeetingGone
	}
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	list, _, err := c.reg.st.memberList(ctx, c.Request.CorpID, b.MeetingID, false)
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	return Reply{Text: c.statusText(ctx, b, m, list), Outcome: OK}, nil
}

// statusText renders the status of meeting m.
func (c *Call) statusText(ctx context.Context, b binding, m Meeting, list []Member) string {
	host := m.HostName
	var cohosts []string
	for _, mem := range list {
		if mem.Host && host == "" {
			host = mem.Nick
		}
		if mem.CoHost && !mem.Host {
			cohosts = append(cohosts, mem.Nick)
		}
	}
	lines := []string{meetingName(c.Lang, firstNonEmpty(m.Title, b.Title))}
	if code := firstNonEmpty(m.RoomCode, b.RoomCode); code != "" {
		lines = append(lines, msgRoomLine.In(c.Lang, spacedCode(code)))
	}
	lines = append(lines, msgHostLine.In(c.Lang, orNone(c.Lang, host)))
	co := msgNone.In(c.Lang)
	if len(cohosts) > 0 {
		co = boldList(c.Lang, cohosts)
	}
	lines = append(lines, msgCoHostsLine.In(c.Lang, co))
	focus := msgFocusUnknown.In(c.Lang)
	if rec, ok := c.reg.focused(ctx, c.Request.CorpID, b.MeetingID); ok {
		focus = msgFocusByBot.In(c.Lang, bold(c.displayName(rec.Person)), c.clockZone(rec.At))
	}
	lines = append(lines, msgFocusLine.In(c.Lang, focus))
	lines = append(lines, c.mediaLines(m)...)
	if m.JoinURL != "" {
		lines = append(lines, msgJoinLine.In(c.Lang, m.JoinURL))
	}
	return strings.Join(lines, "\n")
}

func orNone(lang Lang, name string) string {
	if name == "" {
		return msgNone.In(lang)
	}
	return bold(name)
}
