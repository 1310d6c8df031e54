package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInvite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		req     Request
		outcome Outcome
		text    string
		calls   []string
	}{
		{"one call for everyone, on behalf of the sender", req("cole", "/invite @Bob @Alice", "bob", "alice"), OK,
			"Invited **Bob** — DingTalk rings them now. Already joined: **Alice**.",
			[]string{"Invite m1 u-cole u-bob/Bob"}},
		{"chinese", req("hana", "/邀请入会 @Bob", "bob"), OK, "已邀请**Bob**入会，钉钉正在呼叫。",
			[]string{"Invite m1 u-hana u-bob/Bob"}},
		{"everyone already in", req("hana", "/invite @Alice", "alice"), Rejected, "Already joined: **Alice**.", nil},
		{"a member may not", req("alice", "/invite @Bob", "bob"), Refused,
			"Only the host or a co-host of **周会 Weekly sync** can invite people into it.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(tt.req)
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			assert.Equal(t, tt.text, rep.Text)
			assert.Equal(t, tt.calls, e.conf.controlCalls())
		})
	}
}

func TestInviteCannotBeUndone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.handle(req("hana", "/invite @Bob", "bob"))
	rep := e.handle(req("hana", "/撤销"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Contains(t, rep.Text, "无法撤销：邀请发出后无法收回，对方接听或拒绝后即停止呼叫。")
	assert.Equal(t, 1, len(e.conf.controlCalls()))
}
