package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

func TestE2ESpotlightEnglishAndChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "Alice")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)

	reply = h.group(host, "/聚焦 @张三", zhang)
	assert.Contains(t, reply, "张三")
	assert.Equal(t, h.unionID(zhang), h.meeting(h.weekly).Focus)

	h.group(host, "/全员看他 @李四", li)
	assert.Equal(t, h.unionID(li), h.meeting(h.weekly).Focus)

	reply = h.group(host, "/取消聚焦")
	assert.Empty(t, h.meeting(h.weekly).Focus)
	assert.Regexp(t, `\p{Han}`, reply, "a Chinese command gets a Chinese reply")

	h.group(host, "/spotlight @Bob", bob)
	h.group(host, "/spotlight off")
	assert.Empty(t, h.meeting(h.weekly).Focus)
}

func TestE2EFullWidthAndStrippedMentionText(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "／ＳＰＯＴＬＩＧＨＴ　＠Alice", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)

	// DingTalk may remove "@Name" from text.content, leaving the target only in atUsers.
	h.say(dingtalktest.ChatMessage{From: host, Text: "/聚焦 @张三", Mentions: []string{zhang}, StripMentionText: true})
	assert.Equal(t, h.unionID(zhang), h.meeting(h.weekly).Focus)

	h.say(dingtalktest.ChatMessage{From: host, Text: "/cohost add @Bob @Dave", Mentions: []string{bob, dave}, StripMentionText: true})
	assert.True(t, h.member(h.weekly, bob).CoHost)
	assert.True(t, h.member(h.weekly, dave).CoHost)

	// richText keeps every visible mention, the bot's own included.
	h.say(dingtalktest.ChatMessage{From: host, Text: "/spotlight @Alice", Mentions: []string{alice}, MsgType: "richText"})
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
}

func TestE2ECoHostsAddAndRemoveInOneCall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight off") // binds the chat to the weekly meeting
	before := h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/*")

	reply := h.group(host, "/cohost add @Bob @Dave", bob, dave)
	assert.Contains(t, reply, "Bob")
	assert.Contains(t, reply, "Dave")
	assert.Equal(t, before+1, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/*"), "one call for all co-hosts")
	assert.True(t, h.member(h.weekly, bob).CoHost)
	assert.True(t, h.member(h.weekly, dave).CoHost)

	h.group(host, "/cohost remove @Bob", bob)
	assert.False(t, h.member(h.weekly, bob).CoHost)

	h.group(host, "/联席主持人 添加 @李四", li)
	assert.True(t, h.member(h.weekly, li).CoHost)
	h.group(host, "/取消联席主持人 @李四", li)
	assert.False(t, h.member(h.weekly, li).CoHost)
	h.group(host, "/设为联席主持人@张三", zhang)
	assert.True(t, h.member(h.weekly, zhang).CoHost)
	h.group(host, "/联席主持人 移除 @张三", zhang)
	assert.False(t, h.member(h.weekly, zhang).CoHost)
}

func TestE2EBareNameInADirectChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.dm(host, "/spotlight Alice")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
	h.dm(host, "/聚焦 张三")
	assert.Equal(t, h.unionID(zhang), h.meeting(h.weekly).Focus)
	h.dm(host, "/spotlight me")
	assert.Equal(t, h.unionID(host), h.meeting(h.weekly).Focus)

	reply := h.dm(host, "/spotlight Al") // Alice and Alan
	assert.Contains(t, reply, "Alice")
	assert.Contains(t, reply, "Alan")
	assert.Equal(t, h.unionID(host), h.meeting(h.weekly).Focus, "an ambiguous name changes nothing")
}

func TestE2EPeopleWhoCannotBeTargeted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.group(host, "/spotlight @Eve", eve) // in the org, not in the meeting
	assert.Contains(t, reply, "Eve")
	assert.Contains(t, reply, "hasn't joined yet")
	assert.Empty(t, h.meeting(h.weekly).Focus)

	reply = h.group(host, "/spotlight")
	assert.Contains(t, reply, "/spotlight @", "a missing mention shows the usage")

	reply = h.group(host, "/spotligt @Alice", alice)
	assert.Contains(t, reply, "/spotlight", "an unknown command suggests the closest one")
	assert.Empty(t, h.meeting(h.weekly).Focus)
}

func TestE2EWhoMay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight off") // bind Ops to the weekly meeting
	calls := h.controlCalls()

	reply := h.group(alice, "/spotlight @Bob", bob) // a plain member
	assert.Contains(t, reply, "Only the host or a co-host")
	assert.Equal(t, calls, h.controlCalls(), "an outsider reaches no control API")
	reply = h.group(eve, "/联席主持人 添加 @Eve", eve)
	assert.Contains(t, reply, "只有")
	assert.Equal(t, calls, h.controlCalls())

	h.group(carol, "/spotlight @Dave", dave) // co-host
	assert.Equal(t, h.unionID(dave), h.meeting(h.weekly).Focus)

	h.group(host, "/cohost add @Alice", alice) // now Alice may, at once
	h.group(alice, "/spotlight @Bob", bob)
	assert.Equal(t, h.unionID(bob), h.meeting(h.weekly).Focus)
}

func TestE2EAdminMayControlAnyMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ *dingtalktest.Options, c *config.Config) { c.Admins = []string{eve} })
	h.group(eve, "/meeting use 555 000 111")
	h.group(eve, "/spotlight @Alice", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.review).Focus)
}

func TestE2EWhichMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.dm(alice, "/spotlight off") // Alice hosts nothing
	assert.Contains(t, reply, "/meeting start")

	third := h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "Standup 站会", HostUserID: host, Members: []string{alice}, RoomCode: "111222333"})
	reply = h.dm(host, "/spotlight off") // host now hosts two meetings
	assert.Contains(t, reply, "周会 Weekly sync")
	assert.Contains(t, reply, "Standup 站会")
	assert.Contains(t, reply, "/meeting use 838 722 123")
	assert.Contains(t, reply, "/meeting use 111 222 333")

	h.dm(host, "/meeting use 111 222 333")
	h.dm(host, "/spotlight Alice")
	assert.Equal(t, h.unionID(alice), h.meeting(third).Focus)
	assert.Empty(t, h.meeting(h.weekly).Focus)
}

func TestE2EMeetingLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.group(eve, "/meeting start Retro")
	assert.Contains(t, reply, "Retro")
	id := h.boundMeeting(eve, "Retro")
	assert.Contains(t, reply, spaced(h.meeting(id).RoomCode))
	assert.Equal(t, h.unionID(eve), h.meeting(id).HostUnionID)

	reply = h.group(eve, "/meeting")
	assert.Contains(t, reply, "Retro")
	assert.Contains(t, reply, spaced(h.meeting(id).RoomCode))

	reply = h.group(alice, "/meeting end")
	assert.Equal(t, 2, h.meeting(id).Status, "only the host may end a meeting")
	assert.Contains(t, reply, "host")

	h.group(eve, "/meeting end")
	assert.Equal(t, 1, h.meeting(id).Status)
	reply = h.group(eve, "/meeting")
	assert.Contains(t, reply, "/meeting start", "the chat is unbound after the end")
}

func TestE2EChineseMeetingCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reply := h.dm(eve, "/会议 开始 复盘会")
	assert.Contains(t, reply, "复盘会")
	id := h.boundMeeting(eve, "复盘会")
	assert.Contains(t, h.dm(eve, "/会议"), "会议号：`"+spaced(h.meeting(id).RoomCode)+"`")
	h.dm(eve, "/会议 结束")
	assert.Equal(t, 1, h.meeting(id).Status)
	assert.Contains(t, h.dm(host, "/会议 绑定 838 722 123"), "周会 Weekly sync")
	assert.Contains(t, h.dm(host, "/帮助"), "/全员看他 @某人")
	assert.Contains(t, h.dm(host, "/help"), "/spotlight")
	assert.Contains(t, h.dm(host, "/help cohost"), "/cohost add")
}

func TestE2EEndedMeetingIsUnbound(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice)
	h.emu.EndMeeting(h.weekly)
	reply := h.group(host, "/spotlight @Bob", bob)
	assert.Contains(t, reply, "/meeting start", "the user is told the meeting ended and what to do")
	reply = h.group(host, "/spotlight @Bob", bob)
	assert.Contains(t, reply, "/meeting start", "and the chat no longer points at it")
}

func TestE2ESystemErrorOnceThenSuccess(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight off")
	h.emu.Fault(dingtalktest.Fault{Method: "POST", Path: "/v1.0/conference/videoConferences/*", Kind: "systemError", Count: 1})
	h.group(host, "/spotlight @Alice", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
	assert.Len(t, h.emu.Replies(), 2, "one reply per command, the retry is invisible")
}

func TestE2EDingTalkKeepsFailing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight off")
	h.emu.Fault(dingtalktest.Fault{Method: "POST", Path: "/v1.0/conference/videoConferences/*", Kind: "systemError"})
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "try again")
}

func TestE2ETokenExpiresBetweenCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice)
	fetches := h.emu.TokenFetches()
	h.emu.ExpireTokens()
	h.group(host, "/spotlight @Bob", bob)
	assert.Equal(t, h.unionID(bob), h.meeting(h.weekly).Focus)
	assert.Equal(t, fetches+1, h.emu.TokenFetches())
}

func TestE2ERestartKeepsBindings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting use 555000111") // host is not in the review meeting: refused
	h.group(bob, "/meeting use 555000111")  // Bob hosts it: Ops is now bound to the review
	h.stopBot()
	h.startBot()
	h.group(bob, "/spotlight @Alice", alice)
	assert.Equal(t, h.unionID(alice), h.meeting(h.review).Focus)
	assert.Empty(t, h.meeting(h.weekly).Focus)
}

func TestE2EFailingWebhookRepliesThroughTheRobotAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.emu.Fault(dingtalktest.Fault{Path: "/robot/sendBySession", Kind: "paramsError"})
	for _, chat := range []dingtalktest.Chat{opsGroup, {ID: "cidDMhost"}} {
		id := h.emu.Push(dingtalktest.ChatMessage{From: host, Chat: chat, Text: "/help"})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r, err := h.emu.WaitReply(ctx, id)
		cancel()
		require.NoError(t, err)
		assert.Contains(t, r.Text, "/spotlight")
		if chat.Group {
			assert.Equal(t, "group", r.Via)
		} else {
			assert.Equal(t, "oto", r.Via)
			assert.Equal(t, []string{host}, r.UserIDs)
		}
	}
}

func (h *harness) member(meetingID, userID string) dingtalktest.MemberState {
	h.t.Helper()
	for _, m := range h.meeting(meetingID).Members {
		if m.UnionID == h.unionID(userID) {
			return m
		}
	}
	h.t.Fatalf("%s is not in meeting %s", userID, meetingID)
	return dingtalktest.MemberState{}
}

// boundMeeting finds the meeting a /meeting start created, by host and title.
func (h *harness) boundMeeting(hostUserID, title string) string {
	h.t.Helper()
	for _, m := range h.emu.Meetings() {
		if m.Title == title && m.HostUnionID == h.unionID(hostUserID) {
			return m.ID
		}
	}
	h.t.Fatalf("no meeting %q hosted by %s", title, hostUserID)
	return ""
}

func TestE2ESenderOutsideTheOrganisationIsAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.emu.AddUser(dingtalktest.User{UserID: "victor01", Name: "Victor", External: true})
	calls := h.controlCalls()
	reply := h.group("victor01", "/spotlight @Alice", alice)
	assert.Contains(t, reply, "Only members of the organisation can control meetings", "an outsider gets a refusal, not silence")
	assert.Equal(t, calls, h.controlCalls())
	assert.Empty(t, h.meeting(h.weekly).Focus)
}
