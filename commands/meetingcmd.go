package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Text for the /meeting commands.
var (
	msgDefaultTitle  = Text{"%s's meeting", "%s的会议"}
	msgPlainTitle    = Text{"Meeting", "会议"}
	msgStarted       = Text{"Started %s — this chat now controls it.", "已发起会议 %s，本群已绑定该会议。"}
	msgStartUnbound  = Text{"Started %s, but I couldn't bind it to this chat — send `/meeting use %s` to control it from here.", "已发起会议 %s，但未能绑定本群，请发送 `/会议 绑定 %s` 后再控制。"}
	msgRoomLine      = Text{"Room code: `%s`", "会议号：`%s`"}
	msgJoinLine      = Text{"Join: %s", "入会链接：%s"}
	msgBound         = Text{"This chat now controls %s.", "本群已绑定会议 %s。"}
	msgStartedOver   = Text{"Started %s — this chat now controls it instead of %s, which keeps running.", "已发起会议 %s，本群改为控制该会议，不再控制 %s（原会议不会因此结束）。"}
	msgStartedKept   = Text{"Started %s for you. This chat stays with %s: only its host or a co-host can switch it.", "已为你发起会议 %s。本群仍绑定 %s：只有其主持人或联席主持人才能改绑。"}
	msgUseRefused    = Text{"This chat controls %s, which is still running: only its host or a co-host can switch the chat to another meeting.", "本群绑定的会议 %s 仍在进行，只有其主持人或联席主持人才能将本群改绑到其他会议。"}
	msgBoundOver     = Text{"This chat now controls %s instead of %s, which keeps running.", "本群已改为控制会议 %s，不再控制 %s（原会议不会因此结束）。"}
	msgEndedOK       = Text{"Ended %s.", "已结束会议 %s。"}
	msgNoSuchRoom    = Text{"No ongoing meeting has room code `%s` — check the number and try again.", "没有会议号为 `%s` 的进行中会议，请核对后重试。"}
	msgNoSuchConf    = Text{"No ongoing meeting has the id `%s` — check it, or use the room code: `/meeting use <room code>`.", "找不到 ID 为 `%s` 的进行中会议，请核对，或使用会议号：`/会议 绑定 <会议号>`。"}
	msgNoSuchConfAny = Text{"No ongoing meeting has that id — check it, or use the room code: `/meeting use <room code>`.", "找不到该 ID 的进行中会议，请核对，或使用会议号：`/会议 绑定 <会议号>`。"}
	msgSeveralRoom   = Text{"Several meetings use room code `%s` — pick one:\n%s", "会议号 `%s` 对应多个会议，请选择一个：\n%s"}
	msgHostLine      = Text{"Host: %s", "主持人：%s"}
	msgCoHostsLine   = Text{"Co-hosts: %s", "联席主持人：%s"}
	msgFocusLine     = Text{"Spotlight: %s", "全员聚焦：%s"}
	msgNone          = Text{"none", "无"}
	msgOff           = Text{"off", "未开启"}
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
		text := msgStartUnbound.In(c.Lang, meetingName(c.Lang, m.Title), ref) + details
		return Reply{Text: text, Outcome: Failed, Err: err}, nil
	}
	c.reg.st.seedMembers(memberKey(c.Request.CorpID, m.ID),
		[]Member{{UnionID: sender.UnionID, Nick: sender.Name, Host: true}})
	text := msgStarted.In(c.Lang, meetingName(c.Lang, m.Title))
	if rebound && prev.MeetingID != m.ID {
		text = msgStartedOver.In(c.Lang, c.twoNames(m, prev)...)
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
	text := msgStartedKept.In(c.Lang, c.twoNames(m, prev)...)
	return Reply{Text: text + c.meetingLines(m), Outcome: OK}, nil
}

// mayRebind reports whether sender may take the chat from the live meeting
// of binding prev: an admin, that meeting's host or a co-host (checked
// against a fresh list before saying no), or anyone once it has ended.
// Nobody else can switch a host's chat away from the meeting it runs.
func (c *Call) mayRebind(ctx context.Context, prev binding, sender Person) (bool, error) {
	if c.isAdmin(sender) {
		return true, nil
	}
	for _, force := range []bool{false, true} {
		list, fetched, err := c.reg.st.memberList(ctx, c.Request.CorpID, prev.MeetingID, force)
		if err != nil {
			break // perhaps over: the info decides
		}
		if i := indexMember(list, sender.UnionID); i >= 0 && (list[i].Host || list[i].CoHost) {
			return true, nil
		}
		if fetched {
			break
		}
	}
	m, err := c.reg.conf.Info(ctx, prev.MeetingID)
	switch {
	case errors.Is(err, ErrMeetingGone) || err == nil && m.Ended:
		return true, nil
	case err != nil:
		return false, fmt.Errorf("info of the bound meeting: %w", err)
	}
	return false, nil
}

// replaced returns the meeting the chat controls before it is bound to
// meeting id ("" for a meeting not created yet), if that is another
// meeting. It does not note the meeting for the log: the request is about
// the new one.
func (c *Call) replaced(ctx context.Context, id string) (binding, bool) {
	var b binding
	ok, err := c.reg.st.getJSON(ctx, bindKey(c.Request.CorpID, c.Request.ChatID), &b)
	if err != nil || !ok || b.MeetingID == "" || b.MeetingID == id {
		return binding{}, false
	}
	return b, true
}

// twoNames names meeting m and the meeting of binding prev, with their
// room codes when the titles alone do not tell them apart.
func (c *Call) twoNames(m Meeting, prev binding) []any {
	now, before := meetingName(c.Lang, m.Title), meetingName(c.Lang, prev.Title)
	if now == before {
		now += c.codeSuffix(firstNonEmpty(m.RoomCode, m.ID))
		before += c.codeSuffix(firstNonEmpty(prev.RoomCode, prev.MeetingID))
	}
	return []any{now, before}
}

func (c *Call) codeSuffix(ref string) string {
	if c.Lang == Chinese {
		return "（" + ref + "）"
	}
	return " (" + ref + ")"
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
		b.WriteString("\n" + msgRoomLine.In(c.Lang, m.RoomCode))
	}
	if m.JoinURL != "" {
		b.WriteString("\n" + msgJoinLine.In(c.Lang, m.JoinURL))
	}
	return b.String()
}

// meetingUse is /meeting use <room code | conference id>: the sender must
// be the meeting's host or co-host, or an admin.
func meetingUse(ctx context.Context, c *Call) (Reply, error) {
	ref := strings.ReplaceAll(strings.Join(c.Parsed.Args, ""), "`", "")
	if ref == "" {
		return Reply{}, c.usage()
	}
	sender, err := c.sender(ctx)
	if err != nil {
		return Reply{}, err
	}
	m, err := c.findMeeting(ctx, ref)
	if err != nil {
		return Reply{}, err
	}
	b := binding{MeetingID: m.ID, Title: m.Title, RoomCode: m.RoomCode}
	if !c.isAdmin(sender) {
		ok, err := c.hasRole(ctx, b, sender.UnionID, func(m Member) bool { return m.Host || m.CoHost })
		if err != nil {
			return Reply{}, err
		}
		if !ok {
			return Reply{}, c.refuse(msgNotAllowed, meetingName(c.Lang, m.Title), verbBind.In(c.Lang))
		}
	}
	prev, rebound := c.replaced(ctx, m.ID)
	if rebound {
		may, err := c.mayRebind(ctx, prev, sender)
		if err != nil {
			return Reply{}, err
		}
		if !may {
			return Reply{}, c.refuse(msgUseRefused, meetingName(c.Lang, prev.Title))
		}
	}
	if _, err := c.reg.bind(ctx, c.Request, sender, m); err != nil {
		return Reply{}, err
	}
	text := msgBound.In(c.Lang, meetingName(c.Lang, m.Title))
	if rebound {
		text = msgBoundOver.In(c.Lang, c.twoNames(m, prev)...)
	}
	return Reply{Text: text + c.meetingLines(m), Outcome: OK}, nil
}

// findMeeting looks a meeting up by room code (digits, spaces allowed) or
// conference id.
func (c *Call) findMeeting(ctx context.Context, ref string) (Meeting, error) {
	code := strings.NewReplacer(" ", "", "-", "").Replace(ref)
	if !isDigits(code) {
		if !isConferenceRef(ref) { // not an id: nothing to ask DingTalk, nothing to echo
			return Meeting{}, c.reject(msgNoSuchConfAny)
		}
		m, err := c.reg.conf.Info(ctx, ref)
		if errors.Is(err, ErrMeetingGone) || (err == nil && m.Ended) {
			return Meeting{}, c.reject(msgNoSuchConf, ref)
		}
		return m, err
	}
	all, err := c.reg.conf.ByRoomCode(ctx, code)
	if err != nil && !errors.Is(err, ErrMeetingGone) {
		return Meeting{}, fmt.Errorf("room code: %w", err)
	}
	var live []Meeting
	for _, m := range all {
		if !m.Ended && m.ID != "" {
			live = append(live, m)
		}
	}
	switch len(live) {
	case 0:
		return Meeting{}, c.reject(msgNoSuchRoom, code)
	case 1:
		return live[0], nil
	}
	for i := range live {
		live[i].RoomCode = "" // make the choices use the conference ids
	}
	return Meeting{}, c.reject(msgSeveralRoom, code, c.meetingChoices(live))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// isConferenceRef reports whether ref looks like a conference id: letters,
// digits, "-" and "_", at most 64 of them. Only such a ref is repeated in
// a reply.
func isConferenceRef(ref string) bool {
	if ref == "" || len(ref) > 64 {
		return false
	}
	for _, r := range ref {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
