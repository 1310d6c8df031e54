package commands

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMeetingUse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sender, text string
		outcome            Outcome
		reply              string
		bound              string
	}{
		{"room code with spaces", "hana", "/meeting use 838 722 123", OK,
			"This chat now controls **周会 Weekly sync**.\nMeeting ID: `838 722 123`\nJoin: https://meet.example/j/m1", m1},
		{"chinese, co-host", "cole", "/会议 绑定 838722123", OK,
			"本群已绑定会议**周会 Weekly sync**。\n会议号：`838 722 123`\n入会链接：https://meet.example/j/m1", m1},
		{"conference id, admin", "root", "/meeting use m1", OK,
			"This chat now controls **周会 Weekly sync**.\nMeeting ID: `838 722 123`\nJoin: https://meet.example/j/m1", m1},
		{"participant refused", "olga", "/meeting use 838722123", Refused,
			"Only the host or a co-host of **周会 Weekly sync** can bind it to this chat.", ""},
		{"unknown code", "hana", "/meeting use 999 000 111", Rejected,
			"No ongoing meeting has Meeting ID `999 000 111` — check the number and try again.", ""},
		{"unknown id", "hana", "/meeting use nope", Rejected,
			"No ongoing meeting has the conference id `nope` — check it, or use the Meeting ID: `/meeting use <Meeting ID>`.", ""},
		{"missing code", "hana", "/会议 绑定", Rejected,
			"用法：`/绑定会议 会议号`\n示例：`/绑定会议 838 722 123`", ""},
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
	assert.Equal(t, "Several meetings use Meeting ID `838 722 123` — pick one:\n"+
		"- **周会 Weekly sync**: `/meeting use m1`\n- **Retro**: `/meeting use m2`", rep.Text)
}
