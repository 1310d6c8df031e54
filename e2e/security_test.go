package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// Nobody takes a chat from its host: a member of the group who may not
// control the live bound meeting can start a meeting of their own, but the
// chat stays with the host's meeting, and their /meeting use is refused.
func TestE2EAMemberCannotTakeTheHostsChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice) // binds Ops to the weekly meeting
	meetings := len(h.emu.Meetings())

	reply := h.group(dave, "/meeting start Dave's corner")
	assert.Contains(t, reply, "Started **Dave's corner** for you. This chat stays with **周会 Weekly sync**")
	assert.Len(t, h.emu.Meetings(), meetings+1, "Dave's meeting is created all the same")
	reply = h.group(bob, "/meeting use 555000111") // Bob hosts the design review
	assert.Contains(t, reply, "only its host or a co-host can switch the chat")
	reply = h.group(bob, "/会议 绑定 555000111")
	assert.Contains(t, reply, "只有其主持人或联席主持人才能将本群改绑")

	reply = h.group(host, "/spotlight @Zhang", zhang)
	assert.Contains(t, reply, "**张三** is now spotlighted", "the host still controls the chat's meeting")
	reply = h.group(carol, "/meeting use 555000111") // Carol co-hosts the weekly meeting and attends the review
	assert.Contains(t, reply, "Only the host or a co-host of **Design review** can bind it", "her rights over the old binding are not enough")
}

// An external participant's frame may carry senderUnionId (DingTalk sends
// it on some tenants): membership is still decided by the staffId, so they
// control nothing and bind nothing.
func TestE2EExternalSenderWithAUnionIDIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(o *dingtalktest.Options, _ *config.Config) { o.SendUnionIDs = true })
	h.emu.AddUser(dingtalktest.User{UserID: "victor01", Name: "Victor", External: true})
	h.group(host, "/spotlight @Alice", alice)
	calls := h.controlCalls()
	for _, text := range []string{"/spotlight @Bob", "/cohost add @Bob", "/meeting start", "/meeting use 838722123", "/mute all"} {
		reply := h.group("victor01", text, bob)
		assert.Contains(t, reply, "Only members of the organisation can control meetings", text)
	}
	assert.Equal(t, calls, h.controlCalls(), "an external sender reached a control API")
	assert.Equal(t, 0, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences"), "no meeting created for them")
}

// Display names are chosen by participants: through the real bot, a
// hostile name or meeting title never becomes a link, heading, HTML or a
// bidi trick in any reply, the text panel included.
func TestE2EHostileNamesAndTitlesStayInert(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const mallory = "mallory01"
	h.emu.AddUser(dingtalktest.User{UserID: mallory, Name: "[click](http://evil.example)\n# hi <font color=red>\u202eM"})
	evil := h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "![x](http://evil.example/x.png) <b>sync</b>",
		HostUserID: dave, Members: []string{mallory, alice}, RoomCode: "700800900"})
	chat := dingtalktest.Chat{ID: "cidEvil==", Title: "Evil", Group: true}
	say := func(text string, mentions ...string) string {
		return h.say(dingtalktest.ChatMessage{From: dave, Chat: chat, Text: text, Mentions: mentions})
	}
	replies := []string{
		say("/meeting use 700800900"), say("/spotlight @M", mallory), say("/meeting"), say("/meeting panel"),
		say("/meeting log"), say("/[x](http://evil.example/p)"), say("/meeting use [a](http://evil.example)"),
	}
	require.Equal(t, h.unionID(mallory), h.meeting(evil).Focus)
	for _, text := range replies {
		for _, bad := range []string{"](", "http://evil", "<font", "<b>", "\n#", "![", "\u202e"} {
			assert.NotContains(t, text, bad, "in %q", text)
		}
	}
}
