package commands

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRemoveAsksThenTheSamePersonConfirms(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("cole", "/remove @Alice ban", "alice"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Remove **Alice** from **周会 Weekly sync** for good (they can't rejoin)? Send `/confirm` within 60 seconds to go ahead.", rep.Text)
	assert.Empty(t, e.conf.controlCalls(), "nothing is removed before the confirmation")

	e.advance(59 * time.Second)
	rep = e.handle(req("cole", "/confirm"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, "Removed **Alice** from the meeting; they can't rejoin.", rep.Text)
	assert.Equal(t, []string{"Kick m1 u-alice true"}, e.conf.controlCalls())

	rep = e.handle(req("cole", "/confirm"))
	assert.Equal(t, Rejected, rep.Outcome, "a confirmation is used once")
	assert.Equal(t, 1, e.conf.Count("Kick"))

	rep = e.handle(req("cole", "/undo"))
	assert.Equal(t, Rejected, rep.Outcome)
	assert.Equal(t, "Your last action in **周会 Weekly sync** (removed **Alice** from the meeting at 09:00 UTC) can't be undone: a removal can't be taken back — invite them again with `/invite @name`.", rep.Text)
	assert.Equal(t, 1, e.conf.Count("Kick"))
}

func TestRemoveInChinese(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rep := e.handle(req("hana", "/移出会议 @张三", "zhang"))
	assert.Equal(t, "确定将**张三**移出**周会 Weekly sync**吗？请在 60 秒内发送 `/确认`。", rep.Text)
	rep = e.handle(req("hana", "/确认"))
	assert.Equal(t, "已将**张三**移出会议。", rep.Text)
	assert.Equal(t, []string{"Kick m1 u-zhang false"}, e.conf.controlCalls())
}

func TestRemoveRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		steps   []Request
		outcome Outcome
		text    string
	}{
		{"confirmation too late", []Request{req("hana", "/remove @Alice", "alice"), {}, req("hana", "/confirm")}, Rejected,
			"Removing **Alice** was not confirmed within 60 seconds, so nothing was done — send `/remove` again."},
		{"confirmed by someone else", []Request{req("hana", "/remove @Alice", "alice"), req("cole", "/confirm")}, Refused,
			"Only **Hana**, who asked to remove **Alice**, can confirm it."},
		{"nothing to confirm", []Request{req("hana", "/confirm")}, Rejected,
			"There is nothing to confirm — `/confirm` carries out a `/remove` you sent here in the last 60 seconds."},
		{"yourself", []Request{req("cole", "/remove me")}, Rejected,
			"You can't remove yourself — leave the meeting in DingTalk, or end it for everyone with `/meeting end`."},
		{"the host, by a co-host", []Request{req("cole", "/remove @Hana", "hana")}, Refused,
			"**Hana** is the host of **周会 Weekly sync**: nobody can remove the host."},
		{"not in the meeting", []Request{req("hana", "/remove @Bob", "bob")}, Rejected,
			"**Bob** hasn't joined yet — ask them to join, then try again."},
		{"a member may not", []Request{req("alice", "/remove @Olga", "olga")}, Refused,
			"Only the host or a co-host of **周会 Weekly sync** can remove people from it."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			var rep Reply
			for _, r := range tt.steps {
				if r.Text == "" {
					e.advance(61 * time.Second)
					continue
				}
				rep = e.handle(r)
			}
			assert.Equal(t, tt.outcome, rep.Outcome, rep.Text)
			assert.Equal(t, tt.text, rep.Text)
			assert.Zero(t, e.conf.Count("Kick"), "nobody removed")
		})
	}
}

// TestRemoveOnTheCardTakesTwoPresses: the first press of a row's Remove
// asks; the second, within a minute, removes, and the row disappears. A
// double click (within a second) is not a confirmation.
func TestRemoveOnTheCardTakesTwoPresses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withCards)
	card := e.panel("/meeting panel")
	remove := map[string]string{CardParamAction: CardRemove, CardParamUnionID: "u-olga"}
	rep := e.press(card, "cole", remove)
	require.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "Press “Remove” on Olga's row again within 60 seconds to remove them.", rep.Card.Private["cole"]["result"])
	assert.Zero(t, e.conf.Count("Kick"))
	e.press(card, "cole", remove)
	assert.Zero(t, e.conf.Count("Kick"), "a double click does not confirm")

	e.advance(2 * time.Second)
	rep = e.press(card, "hana", remove)
	assert.Zero(t, e.conf.Count("Kick"), "another person's press asks them again")
	e.advance(2 * time.Second)
	rep = e.press(card, "hana", remove)
	require.Equal(t, OK, rep.Outcome)
	assert.Equal(t, "Removed Olga from the meeting.", rep.Card.Private["hana"]["result"])
	assert.Equal(t, []string{"Kick m1 u-olga false"}, e.conf.controlCalls())
	assert.NotContains(t, rep.Card.Params["members"], "u-olga", "the row disappears")
}
