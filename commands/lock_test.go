package commands

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockAndUndo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("cole", "/lock"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Locked the meeting: nobody else can join. `/unlock` opens it again.", rep.Text)
	rep = e.handle(req("cole", "/undo"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Contains(t, rep.Text, "Now the meeting is unlocked.")
	rep = e.handle(req("hana", "/锁定会议"))
	assert.Equal(t, "已锁定会议，其他人无法再加入。发送 `/解锁会议` 可解锁。", rep.Text)
	rep = e.handle(req("hana", "/解锁会议"))
	assert.Equal(t, "已解锁会议，其他人可以加入了。", rep.Text)
	assert.Equal(t, []string{"Lock m1 true", "Lock m1 false", "Lock m1 true", "Lock m1 false"}, e.conf.controlCalls())

	rep = e.handle(req("hana", "/meeting policy"))
	assert.Contains(t, rep.Text, "not locked")
}

// TestLockKeepsTheHostIn: a co-host cannot lock the meeting while its host
// is not in it; the host can.
func TestLockKeepsTheHostIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		list := m1Members()
		list[0].Present = false
		return list, nil
	}
	rep := e.handle(req("cole", "/lock"))
	assert.Equal(t, Refused, rep.Outcome)
	assert.Equal(t, "The host of **周会 Weekly sync** is not in the meeting: locking it now would keep them out. Ask them to join first.", rep.Text)
	assert.Empty(t, e.conf.controlCalls())
	rep = e.handle(req("cole", "/unlock"))
	assert.Equal(t, OK, rep.Outcome, "unlocking never keeps anyone out")
	rep = e.handle(req("alice", "/lock"))
	assert.Equal(t, Refused, rep.Outcome)
	assert.Equal(t, []string{"Lock m1 false"}, e.conf.controlCalls())
}

func TestLockOnTheCard(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	assert.Equal(t, CardLock, card.Params["lockAction"])
	rep := e.press(card, "hana", map[string]string{CardParamAction: CardLock})
	require.Equal(t, OK, rep.Outcome)
	assert.Equal(t, CardUnlock, rep.Card.Params["lockAction"])
	assert.Equal(t, "The meeting is locked.", rep.Card.Params["lockedLine"])
	rep = e.press(card, "hana", map[string]string{CardParamAction: CardUnlock})
	assert.Equal(t, CardLock, rep.Card.Params["lockAction"])
}
