package commands

import (
	"context"
	"strings"
)

// This file holds /meeting panel and the markdown form of the control
// card (PanelText).

// Text for /meeting panel.
var (
	msgPanelTitle   = Text{"%s — controls", "%s · 会控"}
	msgPanelMembers = Text{"Members:", "参会人："}
	msgPanelAll     = Text{"Everyone: %s", "全员：%s"}
	msgPanelMember  = Text{"- %s — %s", "- %s：%s"}
	msgPanelEnded   = Text{"This meeting has ended.", "会议已结束。"}
)

// Typed forms of the card's buttons, for the markdown panel.
var (
	panelSpotlight = Text{"/spotlight @%s", "/全员看他 @%s"}
	panelSpotOff   = Text{"/spotlight off", "/取消全员看他"}
	panelAddCo     = Text{"/cohost add @%s", "/设为联席主持人 @%s"}
	panelRemoveCo  = Text{"/cohost remove @%s", "/取消联席主持人 @%s"}
	panelMuteAll   = Text{"/mute all", "/全员静音"}
	panelUnmuteAll = Text{"/unmute all", "/解除全员静音"}
	panelEnd       = Text{"/meeting end", "/结束会议"}
	panelPeople    = Text{"/mute @name", "/静音 @某人"}
	panelRemove    = Text{"/remove @name", "/移出会议 @某人"}
	panelLock      = Text{"/lock", "/锁定会议"}
	panelUnlock    = Text{"/unlock", "/解锁会议"}
	panelClassOn   = Text{"/classroom on", "/开启课堂模式"}
	panelClassOff  = Text{"/classroom off", "/关闭课堂模式"}
)

// meetingPanel is /meeting panel: the control card (delivered by
// withCard), or its markdown form when no card template is configured.
// Like /meeting status, anyone in the chat may ask for it; the buttons
// check who presses them.
func meetingPanel(ctx context.Context, c *Call) (Reply, error) {
	_, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	if c.reg.cards || c.Request.Action != nil {
		// withCard delivers the card; a Refresh click updates it.
		return Reply{Outcome: OK, MeetingID: b.MeetingID}, nil
	}
	m, err := c.reg.conf.Info(ctx, b.MeetingID)
	if err == nil && m.Ended {
		err = ErrMeetingGone
	}
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	v, err := c.reg.cardView(ctx, c.Request.CorpID, m, c.Lang, false)
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	return Reply{Text: PanelText(v), Outcome: OK, MeetingID: b.MeetingID}, nil
}

// PanelText is the markdown the bot sends instead of the control card
// when no card template is configured: the card's content, with the
// command to type for each of its buttons. It is pure.
func PanelText(v CardView) string {
	l := v.Lang
	p := CardParams(v)
	lines := []string{msgPanelTitle.In(l, bold(p["title"]))}
	if v.Ended {
		return strings.Join(append(lines, msgPanelEnded.In(l)), "\n")
	}
	if v.Meeting.RoomCode != "" {
		lines = append(lines, msgRoomLine.In(l, spacedCode(v.Meeting.RoomCode)))
	}
	if v.Meeting.JoinURL != "" {
		lines = append(lines, msgJoinLine.In(l, v.Meeting.JoinURL))
	}
	lines = append(lines, p["hostLine"], p["spotlightLine"], p["coHostsLine"])
	for _, k := range []string{"mutedLine", "lockedLine", "classroomLine", "recordingLine"} {
		if p[k] != "" {
			lines = append(lines, p[k])
		}
	}
	shown, more := orderMembers(v.Members)
	lines = append(lines, "", msgPanelMembers.In(l))
	for _, m := range cardMembers(v, shown) {
		lines = append(lines, panelMemberLine(l, m))
	}
	if more > 0 {
		lines = append(lines, cardMore.In(l, more))
	}
	lock, class := panelLock, panelClassOn
	if v.Locked {
		lock = panelUnlock
	}
	if v.Classroom {
		class = panelClassOff
	}
	all := []string{code(panelMuteAll.In(l)), code(panelUnmuteAll.In(l)), code(panelPeople.In(l)), code(panelRemove.In(l)),
		code(lock.In(l)), code(class.In(l)), code(panelEnd.In(l))}
	return strings.Join(append(lines, "", msgPanelAll.In(l, panelJoin(l, all))), "\n")
}

// panelMemberLine is one member with the commands for its buttons.
func panelMemberLine(l Lang, m cardMember) string {
	nick := m.Nick // already Inert: cardMembers made it so
	var cmds []string
	switch {
	case m.Spotlighted:
		cmds = append(cmds, code(panelSpotOff.In(l)))
	case m.CanSpotlight:
		cmds = append(cmds, code(panelSpotlight.In(l, nick)))
	}
	switch {
	case m.CanCoHost && m.CoHostAction == CardCoHostRemove:
		cmds = append(cmds, code(panelRemoveCo.In(l, nick)))
	case m.CanCoHost:
		cmds = append(cmds, code(panelAddCo.In(l, nick)))
	}
	if len(cmds) == 0 {
		return "- " + m.Label
	}
	return msgPanelMember.In(l, m.Label, panelJoin(l, cmds))
}

// panelJoin lists commands: "a · b" in English, "a、b" in Chinese.
func panelJoin(l Lang, cmds []string) string {
	if l == Chinese {
		return strings.Join(cmds, "、")
	}
	return strings.Join(cmds, " · ")
}

func code(s string) string { return "`" + s + "`" }
