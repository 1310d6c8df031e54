package commands

import (
	"context"
	"strings"
)

// This file holds /who: who is in the meeting now, with role, microphone,
// camera and when they joined; who is being called; who left. Anyone who
// may see the meeting's status may ask. It costs the member list (cached)
// and one batch query for microphones and cameras.

// Text for /who.
var (
	msgWhoHeader  = Text{"In %s now (%d, times %s):", "%s当前参会人（%d 人，%s）："}
	msgWhoNobody  = Text{"Nobody is in %s right now.", "%s当前没有参会人。"}
	msgWhoCalling = Text{"Being called: %s.", "正在呼叫：%s。"}
	msgWhoLeft    = Text{"Left: %s.", "已离开：%s。"}
	msgWhoNoLive  = Text{"(DingTalk did not say whose microphone or camera is on.)", "（钉钉未返回麦克风和摄像头状态。）"}
	msgMicOn      = Text{"mic on", "麦克风开"}
	msgMicOff     = Text{"mic off", "麦克风关"}
	msgCamOn      = Text{"camera on", "摄像头开"}
	msgCamOff     = Text{"camera off", "摄像头关"}
	msgJoinedAt   = Text{"joined %s", "%s入会"}
	msgLeftAt     = Text{"%s (%s)", "%s（%s）"}
)

// whoShown is how many people in the meeting /who lists by name.
const whoShown = 50

// who is /who.
func who(ctx context.Context, c *Call) (Reply, error) {
	_, b, err := c.senderMeeting(ctx)
	if err != nil {
		return Reply{}, err
	}
	corp := c.Request.CorpID
	list, _, err := c.reg.st.memberList(ctx, corp, b.MeetingID, true)
	if err != nil {
		return Reply{}, c.checkGone(ctx, b, err)
	}
	devices, liveErr := c.reg.devices(ctx, corp, b.MeetingID, list)
	ordered := rankMembers(list)
	name := meetingName(c.Lang, b.Title)
	var in []string
	var calling, left []string
	more := 0
	for _, m := range ordered {
		switch {
		case m.Present && len(in) < whoShown:
			in = append(in, c.whoLine(m, devices, liveErr == nil))
		case m.Present:
			more++
		case m.State == StateCalling:
			calling = append(calling, bold(m.Nick))
		case m.State == StateLeft || m.State == StateRemoved:
			if m.LeaveTime.IsZero() {
				left = append(left, bold(m.Nick))
			} else {
				left = append(left, msgLeftAt.In(c.Lang, bold(m.Nick), c.clock(m.LeaveTime)))
			}
		}
	}
	lines := []string{msgWhoHeader.In(c.Lang, name, len(in)+more, c.reg.zone(c.Lang, c.reg.now()))}
	if len(in) == 0 {
		lines = []string{msgWhoNobody.In(c.Lang, name)}
	}
	lines = append(lines, in...)
	if more > 0 {
		lines = append(lines, cardMore.In(c.Lang, more))
	}
	if len(calling) > 0 {
		lines = append(lines, msgWhoCalling.In(c.Lang, joinList(c.Lang, calling)))
	}
	if len(left) > 0 {
		lines = append(lines, msgWhoLeft.In(c.Lang, joinList(c.Lang, left)))
	}
	if liveErr != nil && len(in) > 0 {
		lines = append(lines, msgWhoNoLive.In(c.Lang))
	}
	return Reply{Text: strings.Join(lines, "\n"), Outcome: OK, MeetingID: b.MeetingID}, nil
}

// whoLine is one person in the meeting: "- **Alice** · co-host · mic on · camera off · joined 14:02".
func (c *Call) whoLine(m Member, devices map[string]LiveUser, known bool) string {
	parts := []string{bold(m.Nick)}
	switch {
	case m.Host:
		parts = append(parts, cardRoleHost.In(c.Lang))
	case m.CoHost:
		parts = append(parts, cardRoleCoHost.In(c.Lang))
	}
	if u, ok := devices[m.UnionID]; ok && known {
		parts = append(parts, pick(u.Mic, msgMicOn, msgMicOff).In(c.Lang), pick(u.Camera, msgCamOn, msgCamOff).In(c.Lang))
	}
	if !m.JoinTime.IsZero() {
		parts = append(parts, msgJoinedAt.In(c.Lang, c.clock(m.JoinTime)))
	}
	return "- " + strings.Join(parts, " · ")
}

// pick is a when b, else c.
func pick(b bool, a, c Text) Text {
	if b {
		return a
	}
	return c
}

// devices is what DingTalk says of each member's microphone and camera,
// by unionId. A user the batch query names by userId is matched through
// the contacts, else by nick.
func (r *Registry) devices(ctx context.Context, corp, meetingID string, list []Member) (map[string]LiveUser, error) {
	live, err := r.conf.Live(ctx, []string{meetingID})
	if err != nil {
		return nil, err
	}
	i := indexLive(live, meetingID)
	if i < 0 {
		return nil, errNotLive
	}
	out := make(map[string]LiveUser, len(live[i].Users))
	for _, u := range live[i].Users {
		if p, _, ok := r.liveMember(ctx, corp, list, u); ok {
			out[p.UnionID] = u
			continue
		}
		for _, m := range list {
			if m.Nick != "" && m.Nick == u.Nick {
				out[m.UnionID] = u
			}
		}
	}
	return out, nil
}
