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
		assert.Equal(t, "**Alice** is now spotlighted.", rep.Text)
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
		assert.Contains(t, rep.Text, "This chat has no meeting bound, and you are not the host or a co-host of any meeting in progress.")
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
		assert.Equal(t, "You are the host or a co-host of several meetings in progress — pick the one to control here:\n"+
			"- **周会 Weekly sync**: `/meeting use 838 722 123`\n- **Retro**: `/meeting use 555 666 777`", rep.Text)
		assert.Empty(t, e.conf.controlCalls())
		assert.Equal(t, "", e.boundTo())
		rep = e.handle(req("hana", "/聚焦", "alice"))
		assert.Equal(t, "你是多个进行中会议的主持人或联席主持人，请选择要在本群控制的会议：\n"+
			"- **周会 Weekly sync**：`/绑定会议 838 722 123`\n- **Retro**：`/绑定会议 555 666 777`", rep.Text)
	})
	t.Run("none", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.unbind()
		rep := e.handle(req("cole", "/聚焦", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.Equal(t, "本群没有绑定会议，你也不是任何进行中会议的主持人或联席主持人。发送 `/发起会议` 发起会议，或发送 `/绑定会议 会议号` 绑定已有会议。", rep.Text)
		en := e.handle(req("cole", "/spotlight", "alice"))
		assert.True(t, strings.HasPrefix(en.Text, "This chat has no meeting bound, and you are not the host or a co-host of any meeting in progress."), en.Text)
		// 本群 is a group's word: a 1:1 chat is 这里.
		dm := req("cole", "/聚焦", "alice")
		dm.ChatKind = Direct
		rep = e.handle(dm)
		assert.True(t, strings.HasPrefix(rep.Text, "这里没有绑定会议，你也不是"), rep.Text)
		assert.NotContains(t, rep.Text, "本群")
	})
	t.Run("ended meeting is unbound", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.conf.FocusFn = func(context.Context, string, string) error { return ErrMeetingGone }
		rep := e.handle(req("hana", "/spotlight", "alice"))
		assert.Equal(t, Rejected, rep.Outcome)
		assert.True(t, strings.HasPrefix(rep.Text, "**周会 Weekly sync** has ended; 7 attended.\n"), rep.Text)
		assert.True(t, strings.HasSuffix(rep.Text, "\nStart a new one with `/meeting start` or bind another with `/meeting use <Meeting ID>`."), rep.Text)
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
