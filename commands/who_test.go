package commands

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWho(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	joined := time.Date(2025, 11, 20, 8, 30, 0, 0, time.UTC)
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		return []Member{
			{UnionID: "u-hana", Nick: "Hana", Host: true, Present: true, State: StateIn, JoinTime: joined},
			{UnionID: "u-cole", Nick: "Cole", CoHost: true, Present: true, State: StateIn},
			{UnionID: "u-alice", Nick: "Alice", Present: true, State: StateIn},
			{UnionID: "u-olga", Nick: "Olga", State: StateLeft, LeaveTime: joined.Add(15 * time.Minute)},
			{UnionID: "u-li", Nick: "李四", State: StateCalling},
		}, nil
	}
	rep := e.handle(req("alice", "/who"))
	assert.Equal(t, OK, rep.Outcome, "anyone may ask")
	assert.Equal(t, "In **周会 Weekly sync** now (3, times UTC):\n"+
		"- **Hana** · host · mic on · camera off · joined 08:30\n"+
		"- **Cole** · co-host · mic on · camera off\n"+
		"- **Alice** · mic off · camera on\n"+
		"Being called: **李四**.\n"+
		"Left: **Olga** (08:45).", rep.Text)
	assert.Empty(t, e.conf.controlCalls())

	e.conf.LiveFn = func(context.Context, []string) ([]LiveMeeting, error) { return nil, errors.New("busy") }
	rep = e.handle(req("hana", "/参会人"))
	assert.Contains(t, rep.Text, "**周会 Weekly sync**当前参会人（3 人，UTC）：\n- **Hana** · 主持人 · 08:30入会")
	assert.Contains(t, rep.Text, "（钉钉未返回麦克风和摄像头状态。）")
}
