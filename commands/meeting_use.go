package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// This file holds /meeting use, and the rules for taking a chat from the
// meeting it controls (shared with /meeting start).

// Text for /meeting use.
var (
	msgBound         = Text{"This chat now controls %s.", "本群已绑定会议%s。"}
	msgUseRefused    = Text{"This chat controls %s, which is still running: only its host or a co-host can switch the chat to another meeting.", "本群绑定的会议%s仍在进行，只有其主持人或联席主持人才能将本群改绑到其他会议。"}
	msgBoundOver     = Text{"This chat now controls %s instead of %s (switching does not end it).", "本群已改为控制会议%s，不再控制%s（原会议不会因此结束）。"}
	msgNoSuchRoom    = Text{"No ongoing meeting has Meeting ID `%s` — check the number and try again.", "没有会议号为 `%s` 的进行中会议，请核对后重试。"}
	msgNoSuchConf    = Text{"No ongoing meeting has the conference id `%s` — check it, or use the Meeting ID: `/meeting use <Meeting ID>`.", "找不到编号为 `%s` 的进行中会议，请核对，或改用会议号：`/绑定会议 会议号`。"}
	msgNoSuchConfAny = Text{"No ongoing meeting has that conference id — check it, or use the Meeting ID: `/meeting use <Meeting ID>`.", "找不到该编号的进行中会议，请核对，或改用会议号：`/绑定会议 会议号`。"}
	msgSeveralRoom   = Text{"Several meetings use Meeting ID `%s` — pick one:\n%s", "会议号 `%s` 对应多个会议，请选择一个：\n%s"}
)

// verbBind is the refusal verb of /meeting use: "Only the host or a co-host
// of X can bind it to a chat."
var verbBind = Text{"bind it to this chat", "将其绑定到本群"}

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
	if err := c.mayBind(ctx, m, sender); err != nil {
		return Reply{}, err
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
	text := c.text(msgBound, meetingName(c.Lang, m.Title))
	if rebound {
		text = c.text(msgBoundOver, c.twoNames(m, prev)...)
	}
	return Reply{Text: text + c.meetingLines(m), Outcome: OK}, nil
}

// mayBind lets an admin, or meeting m's host or a co-host, bind it to the
// chat, and refuses anyone else.
func (c *Call) mayBind(ctx context.Context, m Meeting, sender Person) error {
	if c.isAdmin(sender) {
		return nil
	}
	b := binding{MeetingID: m.ID, Title: m.Title, RoomCode: m.RoomCode}
	ok, err := c.hasRole(ctx, b, sender.UnionID, func(m Member) bool { return m.Host || m.CoHost })
	if err != nil || ok {
		return err
	}
	return c.refuse(msgNotAllowed, meetingName(c.Lang, m.Title), c.text(verbBind))
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
		return Meeting{}, c.reject(msgNoSuchRoom, spacedCode(code))
	case 1:
		return live[0], nil
	}
	for i := range live {
		live[i].RoomCode = "" // make the choices use the conference ids
	}
	return Meeting{}, c.reject(msgSeveralRoom, spacedCode(code), c.meetingChoices(live))
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
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
		now += c.codeSuffix(firstNonEmpty(spacedCode(m.RoomCode), m.ID))
		before += c.codeSuffix(firstNonEmpty(spacedCode(prev.RoomCode), prev.MeetingID))
	}
	return []any{now, before}
}

func (c *Call) codeSuffix(ref string) string {
	if c.Lang == Chinese {
		return "（" + ref + "）"
	}
	return " (" + ref + ")"
}
