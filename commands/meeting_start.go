package commands

import (
	"context"
	"fmt"
	"strings"
)

// This file holds /meeting start.

// Text for /meeting start.
var (
	msgDefaultTitle = Text{"%s's meeting", "%s的会议"}
	msgStarted      = Text{"Started %s — this chat now controls it.", "已发起会议%s，可在本群控制。"}
	msgStartUnbound = Text{"Started %s, but I couldn't bind it to this chat — send `/meeting use %s` to control it from here.", "已发起会议%s，但未能绑定本群，请发送 `/绑定会议 %s` 后再控制。"}
	msgStartedOver  = Text{"Started %s — this chat now controls it instead of %s (switching does not end it).", "已发起会议%s，本群改为控制该会议，不再控制%s（原会议不会因此结束）。"}
	msgStartedKept  = Text{"Started %s for you. This chat stays with %s: only its host or a co-host can switch it.", "已为你发起会议%s。本群仍绑定%s：只有其主持人或联席主持人才能改绑。"}
)

// maxTitleRunes caps a meeting title typed in chat.
const maxTitleRunes = 60

// meetingStart is /meeting start [title]: anyone may start a meeting they
// host. It is bound to this chat unless the chat controls another live
// meeting that the sender may not take it from (mayRebind): then the
// meeting is started all the same and the reply says the chat stays.
func meetingStart(ctx context.Context, c *Call) (Reply, error) {
	sender, err := c.sender(ctx)
	if err != nil {
		return Reply{}, err
	}
	prev, rebound := c.replaced(ctx, "")
	if rebound {
		may, err := c.mayRebind(ctx, prev, sender)
		if err != nil {
			return Reply{}, err
		}
		rebound = may
		if !may {
			return c.startUnbound(ctx, sender, prev)
		}
	}
	m, err := c.reg.conf.Create(ctx, sender.UnionID, c.title(ctx, sender))
	if err != nil {
		return Reply{}, fmt.Errorf("create meeting: %w", err)
	}
	if m.Title == "" {
		m.Title = c.title(ctx, sender)
	}
	details := c.meetingLines(m)
	if _, err := c.reg.bind(ctx, c.Request, sender, m); err != nil {
		ref := firstNonEmpty(m.RoomCode, m.ID)
		text := c.text(msgStartUnbound, meetingName(c.Lang, m.Title), ref) + details
		return Reply{Text: text, Outcome: Failed, Err: err}, nil
	}
	c.reg.st.seedMembers(memberKey(c.Request.CorpID, m.ID),
		[]Member{{UnionID: sender.UnionID, Nick: sender.Name, Host: true}})
	text := c.text(msgStarted, meetingName(c.Lang, m.Title))
	if rebound && prev.MeetingID != m.ID {
		text = c.text(msgStartedOver, c.twoNames(m, prev)...)
	}
	return Reply{Text: text + details, Outcome: OK}, nil
}

// startUnbound starts the sender's meeting without binding it: the chat
// stays with prev, which the sender may not take it from.
func (c *Call) startUnbound(ctx context.Context, sender Person, prev binding) (Reply, error) {
	m, err := c.reg.conf.Create(ctx, sender.UnionID, c.title(ctx, sender))
	if err != nil {
		return Reply{}, fmt.Errorf("create meeting: %w", err)
	}
	m.Title = firstNonEmpty(m.Title, c.title(ctx, sender))
	noteMeeting(ctx, m.ID)
	text := c.text(msgStartedKept, c.twoNames(m, prev)...)
	return Reply{Text: text + c.meetingLines(m), Outcome: OK}, nil
}

// title is the typed title, or "<name>'s meeting".
func (c *Call) title(ctx context.Context, sender Person) string {
	if t := []rune(strings.Join(c.Parsed.Args, " ")); len(t) > 0 {
		return string(t[:min(len(t), maxTitleRunes)])
	}
	name := sender.Name
	if name == "" && sender.UserID != "" {
		if p, err := c.reg.st.person(ctx, c.Request.CorpID, sender.UserID); err == nil {
			name = p.Name
		}
	}
	if name == "" {
		return msgPlainTitle.In(c.Lang)
	}
	return msgDefaultTitle.In(c.Lang, name)
}

// meetingLines are the room code and join link lines of a reply.
func (c *Call) meetingLines(m Meeting) string {
	var b strings.Builder
	if m.RoomCode != "" {
		b.WriteString("\n" + msgRoomLine.In(c.Lang, spacedCode(m.RoomCode)))
	}
	if m.JoinURL != "" {
		b.WriteString("\n" + msgJoinLine.In(c.Lang, m.JoinURL))
	}
	return b.String()
}
