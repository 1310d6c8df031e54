package commands

import (
	"context"
	"strings"
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
		assert.Equal(t, []string{"Ongoing u-hana", "Info m1", "Focus m1 u-alice"}, e.conf.Calls(),
			"the cold path: two lookups; users/lists said Hana hosts it, so no member list")
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
		assert.True(t, strings.HasPrefix(rep.Text, "**周会 Weekly sync** has ended; 7 attended.\n"), rep.Text)
		assert.True(t, strings.HasSuffix(rep.Text, "\nStart a new one with `/meeting start` or bind another with `/meeting use <room code>`."), rep.Text)
		assert.Equal(t, "", e.boundTo())
	})
	t.Run("ended meeting found by the member list", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.conf.MembersFn = func(context.Context, string) ([]Member, error) { return nil, ErrMeetingGone }
		rep := e.handle(req("hana", "/取消聚焦"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Contains(t, rep.Text, "**周会 Weekly sync**已结束")
		assert.Equal(t, "", e.boundTo())
		assert.Empty(t, e.conf.controlCalls())
	})
}
