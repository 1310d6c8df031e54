package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// Every host control end to end: typed in both languages, and pressed on
// the card, against the emulator's meeting state.

func TestE2EMutePeople(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.text(host, "/mute @Alice @Dave @Eve", alice, dave, eve)
	assert.Equal(t, "Muted **Alice** and **Dave**. Not joined yet: **Eve**.", reply)
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, alice).Mic)
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, dave).Mic)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, bob).Mic)

	reply = h.text(carol, "/静音 @林伟", host)
	assert.Equal(t, "**Wei Lin 林伟**是主持人，只有主持人本人可以这样操作。", reply)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, host).Mic, "a co-host does not mute the host")

	reply = h.text(carol, "/解除静音 @Alice", alice)
	assert.Equal(t, "已解除**Alice**的静音。", reply)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, alice).Mic)

	calls := h.controlCalls()
	assert.Contains(t, h.group(dave, "/mute @Bob", bob), "Only the host or a co-host")
	assert.Equal(t, calls, h.controlCalls(), "no control call for a member")

	assert.Contains(t, h.group(carol, "/undo"), "Now mute is back on for **Alice**.")
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, alice).Mic)
}

// TestE2EMuteFailsForTheSecondOfThree: DingTalk refuses the second of
// three mute calls; the first and third are muted and the reply says so.
func TestE2EMuteFailsForTheSecondOfThree(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		emu  *dingtalktest.Server
		seen int
	)
	h := newHarness(t, func(eo *dingtalktest.Options, _ *config.Config) {
		eo.OnCall = func(c dingtalktest.Call) {
			mu.Lock()
			defer mu.Unlock()
			if strings.HasSuffix(c.Path, "/members/mute") {
				if seen++; seen == 1 { // the first went through: refuse the next one
					emu.Fault(dingtalktest.Fault{Path: c.Path, Kind: "paramsError", Count: 1})
				}
			}
		}
	})
	mu.Lock()
	emu = h.emu
	mu.Unlock()
	reply := h.text(host, "/mute @Alice @Bob @Dave", alice, bob, dave)
	assert.Contains(t, reply, "Muted **Alice**")
	assert.Contains(t, reply, "DingTalk did not take **Bob** — try again in a moment.")
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, alice).Mic)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, bob).Mic)
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, dave).Mic, "the third call is made")
	assert.Equal(t, "Muted **Alice** and **Dave**. DingTalk did not take **Bob** — try again in a moment.", reply)
}

func TestE2EMuteAllExceptAndMuteOpen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.text(host, "/mute all except @Alice", alice)
	assert.Equal(t, "Muted everyone except **Alice**.", reply)
	assert.True(t, h.meeting(h.weekly).MutedAll)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, alice).Mic)
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, dave).Mic)

	require.NoError(t, h.emu.SetMic(h.weekly, dave, true), "people may unmute themselves")
	reply = h.text(carol, "/静音 开麦的人")
	assert.Equal(t, "已将开着麦克风的**Alice**、**Dave**静音。", reply, "the host and co-hosts keep theirs")
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, dave).Mic)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, host).Mic)

	reply = h.text(carol, "/mute open")
	assert.Equal(t, "Nobody in **周会 Weekly sync** has the microphone on, apart from the host and co-hosts.", reply)
	assert.Contains(t, h.group(host, "/全员静音 除了 @张三", zhang), "**张三**除外")
}

func TestE2ERemoveAsksFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.group(carol, "/remove @Dave ban", dave)
	assert.Contains(t, reply, "Send `/confirm` within 60 seconds")
	assert.Equal(t, 3, h.member(h.weekly, dave).AttendStatus, "nothing happens before the confirmation")

	assert.Equal(t, "Only **Carol**, who asked to remove **Dave**, can confirm it.", h.text(host, "/confirm"))
	assert.Equal(t, 3, h.member(h.weekly, dave).AttendStatus)

	assert.Equal(t, "Removed **Dave** from the meeting; they can't rejoin.", h.text(carol, "/confirm"))
	assert.Equal(t, 5, h.member(h.weekly, dave).AttendStatus)
	assert.ErrorIs(t, h.emu.Join(h.weekly, dave), dingtalktest.ErrBanned)
	assert.Contains(t, h.group(carol, "/undo"), "can't be undone: a removal can't be taken back")

	reply = h.group(host, "/移出会议 @张三", zhang)
	assert.Contains(t, reply, "请在 60 秒内发送 `/确认`")
	h.advance(61 * time.Second)
	assert.Contains(t, h.group(host, "/确认"), "未在 60 秒内确认，已取消")
	assert.Equal(t, 3, h.member(h.weekly, zhang).AttendStatus)

	assert.Equal(t, "**Wei Lin 林伟** is the host of **周会 Weekly sync**: nobody can remove the host.",
		h.text(carol, "/remove @Wei", host))
	assert.Contains(t, h.group(alice, "/remove @Bob", bob), "Only the host or a co-host")
}

func TestE2EInvite(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.text(carol, "/invite @Eve @Alice", eve, alice)
	assert.Equal(t, "Invited **Eve** — DingTalk rings them now. Already joined: **Alice**.", reply)
	assert.Equal(t, 2, h.member(h.weekly, eve).AttendStatus, "ringing")
	require.NoError(t, h.emu.Join(h.weekly, eve))
	assert.Equal(t, "**Alice**已入会。", h.text(host, "/邀请入会 @Alice", alice))
	assert.Contains(t, h.group(carol, "/撤销"), "邀请发出后无法收回")
}

func TestE2ELockPolicyAndClassroom(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	assert.Contains(t, h.group(carol, "/lock"), "Locked the meeting")
	assert.True(t, h.meeting(h.weekly).Locked)
	assert.ErrorIs(t, h.emu.Join(h.weekly, eve), dingtalktest.ErrMeetingLocked)
	assert.Contains(t, h.group(carol, "/undo"), "Now the meeting is unlocked.")
	assert.False(t, h.meeting(h.weekly).Locked)
	assert.Contains(t, h.group(host, "/锁定会议"), "已锁定")
	assert.Contains(t, h.group(host, "/解锁会议"), "已解锁")

	assert.Equal(t, "已修改会议设置：屏幕共享 关。", h.text(host, "/会议 设置 屏幕共享 关"))
	assert.True(t, h.meeting(h.weekly).ForbiddenShareScreen)
	assert.Contains(t, h.group(alice, "/meeting policy"), "screen sharing off", "anyone may read it")

	assert.Contains(t, h.group(carol, "/classroom on"), "Classroom mode is on")
	m := h.meeting(h.weekly)
	assert.True(t, m.MutedAll)
	assert.False(t, m.AllowUnmuteSelf)
	assert.True(t, m.ForbiddenShareScreen)
	assert.ErrorIs(t, h.emu.SetMic(h.weekly, dave, true), dingtalktest.ErrUnmuteForbidden)

	assert.Contains(t, h.group(carol, "/课堂模式 关"), "已关闭课堂模式")
	m = h.meeting(h.weekly)
	assert.False(t, m.MutedAll)
	assert.True(t, m.AllowUnmuteSelf)
	assert.True(t, m.ForbiddenShareScreen, "the setting from before classroom mode stays")
	require.NoError(t, h.emu.SetMic(h.weekly, dave, true))

	calls := h.controlCalls()
	assert.Contains(t, h.group(dave, "/classroom on"), "Only the host or a co-host")
	assert.Contains(t, h.group(dave, "/lock"), "Only the host or a co-host")
	assert.Equal(t, calls, h.controlCalls())
}

func TestE2EWho(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	require.NoError(t, h.emu.SetCamera(h.weekly, alice, false))
	require.NoError(t, h.emu.Leave(h.weekly, li))
	h.group(host, "/meeting") // binds the chat to the host's meeting
	reply := h.group(dave, "/who")
	assert.Contains(t, reply, "In **周会 Weekly sync** now (7, times UTC+8):")
	assert.Contains(t, reply, "- **Wei Lin 林伟** · host · mic on · camera on · joined ")
	assert.Contains(t, reply, "- **Alice** · mic on · camera off · joined ")
	assert.Contains(t, reply, "Left: **李四** (")
	assert.Contains(t, h.group(dave, "/参会人"), "当前参会人（7 人，北京时间）")
}

func TestE2EControlsOnTheCard(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	card := h.panel(host, "/meeting panel")

	card = h.press(carol, card.OutTrackID, "Mute", dave)
	assert.Equal(t, dingtalktest.MediaOff, h.member(h.weekly, dave).Mic)
	card = h.press(carol, card.OutTrackID, "Unmute", dave)
	assert.Equal(t, dingtalktest.MediaOn, h.member(h.weekly, dave).Mic)

	card = h.press(carol, card.OutTrackID, "Remove", dave)
	assert.Contains(t, card.PrivateData[carol]["result"], "again within 60 seconds")
	assert.Equal(t, 3, h.member(h.weekly, dave).AttendStatus)
	card = h.press(carol, card.OutTrackID, "Refresh", "")
	card = h.press(carol, card.OutTrackID, "Remove", dave)
	assert.Equal(t, "Removed Dave from the meeting.", card.PrivateData[carol]["result"])
	assert.Equal(t, 5, h.member(h.weekly, dave).AttendStatus)
	_, shown := h.button(card, carol, "Mute", dave)
	assert.False(t, shown, "the removed member's row is gone")

	card = h.press(host, card.OutTrackID, "Lock", "")
	assert.True(t, h.meeting(h.weekly).Locked)
	card = h.press(host, card.OutTrackID, "Unlock", "")
	assert.False(t, h.meeting(h.weekly).Locked)
	card = h.press(host, card.OutTrackID, "Classroom mode", "")
	assert.False(t, h.meeting(h.weekly).AllowUnmuteSelf)
	card = h.press(host, card.OutTrackID, "End classroom mode", "")
	assert.True(t, h.meeting(h.weekly).AllowUnmuteSelf)

	calls := h.controlCalls()
	h.press(dave, card.OutTrackID, "Lock", "")
	assert.Equal(t, calls, h.controlCalls(), "no control call for a member's press")
}

// text is group without the @mention of the sender that group replies
// start with.
func (h *harness) text(from, text string, mentions ...string) string {
	h.t.Helper()
	return strings.TrimPrefix(h.group(from, text, mentions...), "@"+from+" ")
}
