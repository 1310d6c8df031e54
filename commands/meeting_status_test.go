package commands

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeetingStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("olga", "/meeting"))
	assert.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "meeting.status", rep.Command)
	assert.Equal(t, "**周会 Weekly sync**\nMeeting ID: `838 722 123`\nHost: **Hana**\nCo-hosts: **Cole**\nSpotlight: none set through me\nJoin: https://meet.example/j/m1", rep.Text)

	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "zhang")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	rep = e.handle(req("olga", "/会议"))
	assert.Equal(t, "**周会 Weekly sync**\n会议号：`838 722 123`\n主持人：**Hana**\n联席主持人：**Cole**、**Alice**\n全员看他：**张三**（UTC 09:00 通过机器人设置）\n入会链接：https://meet.example/j/m1", rep.Text)
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
