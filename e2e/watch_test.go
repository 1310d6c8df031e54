package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
)

// The meeting watcher end to end: meetings ended from the emulator (as if
// from the DingTalk client), the closing message, the recording and the
// AI notes posted in the chat.

// watchEvery makes the bot watch its bound meetings every d.
func watchEvery(d time.Duration) option {
	return func(_ *dingtalktest.Options, c *config.Config) { c.WatchInterval = d }
}

// robotPosts are the messages the bot posted into chat without a message
// to reply to (robot API sends).
func (h *harness) robotPosts(chat string) []string {
	var out []string
	for _, r := range h.emu.Replies() {
		if r.MsgID == "" && r.ChatID == chat {
			out = append(out, r.Text)
		}
	}
	return out
}

// waitPosts waits until chat has n robot posts and returns them.
func (h *harness) waitPosts(chat string, n int) []string {
	h.t.Helper()
	h.eventually(func() bool { return len(h.robotPosts(chat)) >= n }, "the bot to post in "+chat)
	return h.robotPosts(chat)
}

func TestE2EWatcherAnnouncesTheEndOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(50*time.Millisecond))
	h.group(host, "/meeting")
	h.eventually(func() bool { return h.metric("meetbot_watch_meetings") == 1 }, "a round to see the meeting live")
	h.advance(30 * time.Minute)
	h.emu.AdvanceClock(30 * time.Minute)
	require.NoError(t, h.emu.Leave(h.weekly, dave))
	h.emu.EndMeeting(h.weekly)

	posts := h.waitPosts(opsGroup.ID, 1)
	closing := posts[0]
	assert.True(t, strings.HasPrefix(closing, "**周会 Weekly sync** has ended: "), closing)
	assert.Contains(t, closing, "8 attended.")
	assert.Contains(t, closing, "- **Wei Lin 林伟** 30 min")
	assert.Contains(t, h.group(host, "/meeting"), "This chat has no meeting bound", "the chat is unbound")

	// Later rounds find nothing to say, and call nothing for the ended meeting.
	calls := h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/query")
	h.eventually(func() bool {
		return h.metric(`meetbot_watch_rounds_total{result="ok"}`) >= 3
	}, "more watch rounds")
	assert.Len(t, h.robotPosts(opsGroup.ID), 1, "one closing message")
	assert.Equal(t, calls, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/query"),
		"no bound meeting, no calls")
}

// TestE2EWatcherCostsOneCallPerRound: 50 meetings bound in 50 chats of one
// organisation cost one batch call a round; with none bound, nothing.
func TestE2EWatcherCostsOneCallPerRound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(time.Hour)) // rounds are started by hand below
	for i := range 50 {
		id := h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "Room", HostUserID: eve, Members: []string{alice}})
		code := h.meeting(id).RoomCode
		reply := h.say(dingtalktest.ChatMessage{From: eve, Text: "/meeting use " + code,
			Chat: dingtalktest.Chat{ID: "cidRoom" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Group: true}})
		require.Contains(t, reply, "Room")
	}
	before := h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/query")
	rep, err := h.app.WatchRound(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 50, rep.Meetings)
	assert.Equal(t, 1, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/query")-before)
	assert.Zero(t, rep.Posted)

	empty := newHarness(t, watchEvery(time.Hour))
	calls := len(empty.emu.Calls())
	rep, err = empty.app.WatchRound(context.Background())
	require.NoError(t, err)
	assert.Zero(t, rep.Meetings)
	assert.Equal(t, calls, len(empty.emu.Calls()), "no bound meetings, no calls")
}

func TestE2EWatcherPostsTheRecordingAndNotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(50*time.Millisecond))
	assert.Contains(t, h.text(host, "/record start"), "Cloud recording started.")
	assert.Contains(t, h.text(host, "/闪记 开始"), "已开启闪记")
	assert.Contains(t, h.text(host, "/meeting"), "Cloud recording: on")
	h.emu.SetMinutesSummary(h.weekly, dingtalktest.MinutesSummary{Paragraph: "We agreed the Q3 budget.",
		Actions: []string{"Alice sends the plan"}, Keywords: []string{"budget", "Q3"}})
	h.emu.EndMeeting(h.weekly)

	posts := h.waitPosts(opsGroup.ID, 1)
	assert.Contains(t, posts[0], "The recording will be posted here when it is ready.")
	assert.Contains(t, posts[0], "The AI notes will be posted here when they are ready.")

	h.emu.FinishProcessing(h.weekly)
	h.advance(2 * time.Minute) // the watcher's first look is one interval after the end
	posts = h.waitPosts(opsGroup.ID, 3)
	all := strings.Join(posts, "\n---\n")
	assert.Contains(t, all, "The recording of **周会 Weekly sync** is ready: [play](https://")
	assert.Contains(t, all, "AI notes of **周会 Weekly sync**:\nWe agreed the Q3 budget.\nAction items:\n- Alice sends the plan\nKeywords: budget, Q3")
	h.eventually(func() bool { return h.metric(`meetbot_watch_rounds_total{result="ok"}`) >= 8 }, "more rounds")
	assert.Len(t, h.robotPosts(opsGroup.ID), 3, "each posted once")
}

func TestE2EWatcherGivesUpOnARecordingThatNeverComes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(50*time.Millisecond))
	h.group(host, "/record start")
	h.emu.StallProcessing(h.weekly)
	h.emu.EndMeeting(h.weekly)
	h.waitPosts(opsGroup.ID, 1)
	h.advance(3*time.Hour + time.Minute)
	posts := h.waitPosts(opsGroup.ID, 2)
	assert.Contains(t, posts[1], "was not ready within 3 hours, so I stopped looking")
}

func TestE2ERecordingIsTheHostsAlone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/meeting")
	assert.Equal(t, "DingTalk lets only the host of **周会 Weekly sync** start or stop its cloud recording — ask **Wei Lin 林伟** to send `/record start`.",
		h.text(carol, "/record start"))
	assert.Contains(t, h.text(dave, "/record start"), "Only the host or a co-host")
	assert.Zero(t, h.meeting(h.weekly).CloudRecordStatus)
}

func TestE2EWatcherWithTwoReplicasAnnouncesOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRedis(redisURL(t)), watchEvery(50*time.Millisecond))
	first := h.app
	second := h.startBotWith().app // a second replica on the same Redis
	h.waitConnections(2)
	h.group(host, "/meeting")
	h.emu.EndMeeting(h.weekly)
	h.waitPosts(opsGroup.ID, 1)
	for _, a := range []*app.App{first, second} { // each runs a round of its own, lease or not
		rep, err := a.WatchRound(context.Background())
		require.NoError(t, err)
		assert.Zero(t, rep.Posted)
	}
	assert.Len(t, h.robotPosts(opsGroup.ID), 1)
}

func TestE2EWatcherAcrossARestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(50*time.Millisecond))
	h.group(host, "/meeting")
	h.stopBot()
	h.emu.EndMeeting(h.weekly)
	h.startBot()
	posts := h.waitPosts(opsGroup.ID, 1)
	assert.Contains(t, posts[0], "has ended")
	h.stopBot()
	h.startBot()
	h.eventually(func() bool { return h.metric(`meetbot_watch_rounds_total{result="ok"}`) >= 3 }, "rounds after the second restart")
	assert.Len(t, h.robotPosts(opsGroup.ID), 1, "not announced again after a restart")
}
