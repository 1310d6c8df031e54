package commands

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSetting(t *testing.T) {
	t.Parallel()
	f, tr := false, true
	tests := []struct {
		args []string
		want Policy
		ok   bool
	}{
		{[]string{"screen-share", "off"}, Policy{ScreenShare: &f}, true},
		{[]string{"Screen-Share", "ON"}, Policy{ScreenShare: &tr}, true},
		{[]string{"self-unmute", "off"}, Policy{SelfUnmute: &f}, true},
		{[]string{"unmute", "no"}, Policy{SelfUnmute: &f}, true},
		{[]string{"internal-only", "on"}, Policy{InternalOnly: &tr}, true},
		{[]string{"屏幕共享", "关"}, Policy{ScreenShare: &f}, true},
		{[]string{"屏幕共享关闭"}, Policy{ScreenShare: &f}, true},
		{[]string{"自行解除静音", "开"}, Policy{SelfUnmute: &tr}, true},
		{[]string{"仅内部成员", "开启"}, Policy{InternalOnly: &tr}, true},
		{[]string{"仅内部成员入会", "关"}, Policy{InternalOnly: &f}, true},
		{[]string{"screen-share"}, Policy{}, false},
		{[]string{"screen-share", "maybe"}, Policy{}, false},
		{[]string{"teleport", "on"}, Policy{}, false},
		{nil, Policy{}, false},
	}
	for _, tt := range tests {
		got, _, ok := parseSetting(tt.args)
		assert.Equal(t, tt.ok, ok, "%q", tt.args)
		assert.True(t, got.equal(tt.want), "%q: %s", tt.args, policyString(got))
	}
}

func TestMeetingPolicy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/meeting policy"))
	assert.Equal(t, "Settings of **周会 Weekly sync**, as set through meetbot (DingTalk does not report them): self-unmute on, screen sharing on, internal members only off, not locked. Change one: `/meeting policy screen-share off`.", rep.Text)
	assert.Empty(t, e.conf.controlCalls(), "showing calls nothing")

	rep = e.handle(req("cole", "/meeting policy screen-share off"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Set screen sharing off.", rep.Text)
	assert.Equal(t, []string{"SetPolicy m1 screenShare=false"}, e.conf.controlCalls(), "only the changed field")

	rep = e.handle(req("hana", "/会议 设置"))
	assert.Contains(t, rep.Text, "屏幕共享 关")

	rep = e.handle(req("cole", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Contains(t, rep.Text, "Now screen sharing on again.")
	assert.Equal(t, "SetPolicy m1 screenShare=true", e.conf.controlCalls()[1])

	rep = e.handle(req("hana", "/meeting policy sideways"))
	assert.Equal(t, Rejected, rep.Outcome)
	rep = e.handle(req("alice", "/meeting policy screen-share off"))
	assert.Equal(t, Refused, rep.Outcome)
	assert.Len(t, e.conf.controlCalls(), 2)

	rep = e.handle(req("hana", "/meeting log"))
	assert.Contains(t, rep.Text, "**Cole** set screen sharing off — done")
}

func TestClassroomRestoresWhatWasBefore(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/meeting policy screen-share off")).Outcome)
	rep := e.handle(req("hana", "/classroom on"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	rep = e.handle(req("hana", "/课堂模式 关"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "已关闭课堂模式：自行解除静音 开、屏幕共享 关、全员静音 关。", rep.Text)
	assert.Equal(t, []string{
		"SetPolicy m1 screenShare=false",
		"SetPolicy m1 muteAll=true selfUnmute=false screenShare=false",
		"SetPolicy m1 muteAll=false selfUnmute=true screenShare=false",
	}, e.conf.controlCalls())

	rep = e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "SetPolicy m1 muteAll=true selfUnmute=false screenShare=false", e.since(3)[0], "undo of off is on")
	rep = e.handle(req("hana", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "SetPolicy m1 muteAll=false selfUnmute=true screenShare=false", e.since(4)[0], "undo of on is off")
}

func TestClassroomOnTheCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	rep := e.press(card, "cole", map[string]string{CardParamAction: CardClassroomOn})
	require.Equal(t, OK, rep.Outcome)
	assert.Equal(t, CardClassroomOff, rep.Card.Params["classroomAction"])
	assert.Equal(t, "true", rep.Card.Params["muted"])
}
