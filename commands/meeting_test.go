package commands

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWhichMeeting(t *testing.T) {
	t.Parallel()
	t.Run("bound chat makes no Info or Ongoing call", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
		assert.Zero(t, e.conf.Count("Info")+e.conf.Count("Ongoing"))
	})
	t.Run("one ongoing meeting is used and bound", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.unbind()
		rep := e.handle(req("hana", "/spotlight", "alice"))
		assert.Equal(t, "**Alice** is now spotlighted in **周会 Weekly sync**.", rep.Text)
		assert.Equal(t, m1, e.boundTo())
		assert.Equal(t, []string{"Ongoing u-hana", "Info m1", "Members m1", "Focus m1 u-alice"}, e.conf.Calls())
	})
	t.Run("participant-only meetings do not count", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.unbind()
		e.conf.OngoingFn = func(context.Context, string) ([]Participation, error) {
			return []Participation{{MeetingID: m1}}, nil
		}
		rep := e.handle(req("olga", "/spotlight", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Contains(t, rep.Text, "You have no ongoing meeting to control.")
	})
	t.Run("several ongoing meetings are listed", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.unbind()
		e.conf.OngoingFn = func(context.Context, string) ([]Participation, error) {
			return []Participation{{MeetingID: m1, Host: true}, {MeetingID: "m2", CoHost: true}, {MeetingID: "gone", Host: true}}, nil
		}
		rep := e.handle(req("hana", "/spotlight", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, "You are in charge of several meetings — pick one for this chat:\n"+
			"- **周会 Weekly sync**: `/meeting use 838722123`\n- **Retro**: `/meeting use 555666777`", rep.Text)
		assert.Empty(t, e.conf.controlCalls())
		assert.Equal(t, "", e.boundTo())
		rep = e.handle(req("hana", "/聚焦", "alice"))
		assert.Equal(t, "你正在主持多个会议，请为本群选择一个：\n"+
			"- **周会 Weekly sync**：`/会议 绑定 838722123`\n- **Retro**：`/会议 绑定 555666777`", rep.Text)
	})
	t.Run("none", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.unbind()
		rep := e.handle(req("cole", "/聚焦", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, "你当前没有进行中的会议。用 `/会议 开始` 发起一个，或用 `/会议 绑定 <会议号>` 绑定已有会议。", rep.Text)
	})
	t.Run("ended meeting is unbound", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.conf.FocusFn = func(context.Context, string, string) error { return ErrMeetingGone }
		rep := e.handle(req("hana", "/spotlight", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, "**周会 Weekly sync** has ended. Start a new one with `/meeting start` or bind another with `/meeting use <room code>`.", rep.Text)
		assert.Equal(t, "", e.boundTo())
	})
	t.Run("ended meeting found by the member list", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.conf.MembersFn = func(context.Context, string) ([]Member, error) { return nil, ErrMeetingGone }
		rep := e.handle(req("hana", "/会议"))
		rep = e.handle(req("hana", "/取消聚焦"))
		assert.Equal(t, "**周会 Weekly sync** 已结束。用 `/会议 开始` 发起新会议，或用 `/会议 绑定 <会议号>` 绑定其他会议。", rep.Text)
		assert.Equal(t, "", e.boundTo())
		assert.Empty(t, e.conf.controlCalls())
	})
}

func TestMeetingStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, title, reply string
	}{
		{"/meeting start", "Hana's meeting", "Started **Hana's meeting** — this chat now controls it.\nRoom code: `111222333`\nJoin: https://meet.example/j/new"},
		{"/会议 开始", "Hana的会议", "已发起会议 **Hana的会议**，本群已绑定该会议。\n会议号：`111222333`\n入会链接：https://meet.example/j/new"},
		{"/meeting start Weekly Sync", "Weekly Sync", "Started **Weekly Sync** — this chat now controls it.\nRoom code: `111222333`\nJoin: https://meet.example/j/new"},
		{"/会议 开始 周会", "周会", "已发起会议 **周会**，本群已绑定该会议。\n会议号：`111222333`\n入会链接：https://meet.example/j/new"},
	}
	for _, tt := range tests {
		e := newEnv(t)
		e.unbind()
		rep := e.handle(req("hana", tt.text))
		assert.Equal(t, OK, rep.Outcome)
		assert.Equal(t, "meeting.start", rep.Command)
		assert.Equal(t, tt.reply, rep.Text)
		assert.Equal(t, []string{"Create u-hana " + tt.title}, e.conf.controlCalls())
		assert.Equal(t, "m-new", e.boundTo())
	}
}

func TestMeetingStartThenControlNeedsNoMemberFetch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.unbind()
	r := req("hana", "/meeting start")
	r.Sender.UnionID = "u-hana"
	require.Equal(t, OK, e.handle(r).Outcome)
	r.Text = "/spotlight me"
	require.Equal(t, OK, e.handle(r).Outcome)
	assert.Equal(t, []string{"Create u-hana Hana's meeting", "Focus m-new u-hana"}, e.conf.Calls())
}

func TestMeetingUse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sender, text string
		outcome            Outcome
		reply              string
		bound              string
	}{
		{"room code with spaces", "hana", "/meeting use 838 722 123", OK,
			"This chat now controls **周会 Weekly sync**.\nRoom code: `838722123`\nJoin: https://meet.example/j/m1", m1},
		{"chinese, co-host", "cole", "/会议 绑定 838722123", OK,
			"本群已绑定会议 **周会 Weekly sync**。\n会议号：`838722123`\n入会链接：https://meet.example/j/m1", m1},
		{"conference id, admin", "root", "/meeting use m1", OK,
			"This chat now controls **周会 Weekly sync**.\nRoom code: `838722123`\nJoin: https://meet.example/j/m1", m1},
		{"participant refused", "olga", "/meeting use 838722123", Refused,
			"Only the host or a co-host of **周会 Weekly sync** can bind it to a chat.", ""},
		{"unknown code", "hana", "/meeting use 999 000 111", Rejected,
			"No ongoing meeting has room code `999000111` — check the number and try again.", ""},
		{"unknown id", "hana", "/meeting use nope", Rejected,
			"No ongoing meeting has the id `nope` — check it, or use the room code: `/meeting use <room code>`.", ""},
		{"missing code", "hana", "/会议 绑定", Rejected,
			"用法：`/会议 绑定 <会议号>`\n示例：`/会议 绑定 838 722 123`", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.unbind()
			rep := e.handle(req(tt.sender, tt.text))
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, tt.reply, rep.Text)
			assert.Equal(t, "meeting.use", rep.Command)
			assert.Equal(t, tt.bound, e.boundTo())
		})
	}
}

func TestMeetingUseSeveralForOneCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.ByRoomCodeFn = func(context.Context, string) ([]Meeting, error) {
		return []Meeting{m1Meeting, {ID: "m2", Title: "Retro", RoomCode: m1Code}, {ID: "old", Ended: true}}, nil
	}
	rep := e.handle(req("hana", "/meeting use 838722123"))
	assert.Equal(t, "Several meetings use room code `838722123` — pick one:\n"+
		"- **周会 Weekly sync**: `/meeting use m1`\n- **Retro**: `/meeting use m2`", rep.Text)
}

func TestMeetingStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("olga", "/meeting"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "meeting.status", rep.Command)
	assert.Equal(t, "**周会 Weekly sync**\nRoom code: `838722123`\nHost: **Hana**\nCo-hosts: **Cole**\nSpotlight: none set through me\nJoin: https://meet.example/j/m1", rep.Text)

	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	rep = e.handle(req("olga", "/会议"))
	assert.Equal(t, "**周会 Weekly sync**\n会议号：`838722123`\n主持人：**Hana**\n联席主持人：**Cole**、**Alice**\n全员聚焦：**张三**（09:00 通过机器人设置）\n入会链接：https://meet.example/j/m1", rep.Text)
}

func TestMeetingStatusOfEndedMeetingUnbinds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.InfoFn = func(context.Context, string) (Meeting, error) {
		m := m1Meeting
		m.Ended = true
		return m, nil
	}
	rep := e.handle(req("hana", "/meeting status"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Contains(t, rep.Text, "has ended")
	assert.Equal(t, "", e.boundTo())
}

func TestMeetingUnknownSubcommand(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/meeting strat"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Contains(t, rep.Text, "`/meeting` needs one of:\n- `/meeting start [title]`")
	assert.Empty(t, e.conf.Calls())
}

func TestMeetingEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sender, text string
		outcome            Outcome
		reply              string
		close              string
	}{
		{"host", "hana", "/meeting end", OK, "Ended **周会 Weekly sync**.", "Close m1 u-hana"},
		{"host chinese", "hana", "/会议 结束", OK, "已结束会议 **周会 Weekly sync**。", "Close m1 u-hana"},
		{"admin on behalf of the host", "root", "/meeting end", OK, "Ended **周会 Weekly sync**.", "Close m1 u-hana"},
		{"co-host refused", "cole", "/meeting end", Refused, "Only the host of **周会 Weekly sync** can end it.", ""},
		{"co-host refused chinese", "cole", "/会议 结束", Refused, "只有主持人才能结束 **周会 Weekly sync**。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(req(tt.sender, tt.text))
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, tt.reply, rep.Text)
			var want []string
			if tt.close != "" {
				want = []string{tt.close}
			}
			assert.Equal(t, want, e.conf.controlCalls())
			if tt.outcome == OK {
				assert.Equal(t, "", e.boundTo())
			} else {
				assert.Equal(t, m1, e.boundTo())
			}
		})
	}
}
