package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeetingStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, title, reply string
	}{
		{"/meeting start", "Hana's meeting", "Started **Hana's meeting** — this chat now controls it.\nMeeting ID: `111 222 333`\nJoin: https://meet.example/j/new"},
		{"/会议 开始", "Hana的会议", "已发起会议**Hana的会议**，可在本群控制。\n会议号：`111 222 333`\n入会链接：https://meet.example/j/new"},
		{"/meeting start Weekly Sync", "Weekly Sync", "Started **Weekly Sync** — this chat now controls it.\nMeeting ID: `111 222 333`\nJoin: https://meet.example/j/new"},
		{"/会议 开始 周会", "周会", "已发起会议**周会**，可在本群控制。\n会议号：`111 222 333`\n入会链接：https://meet.example/j/new"},
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
