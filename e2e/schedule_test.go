package e2e

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/internal/app"
)

// Booking from chat end to end: the booking reaches DingTalk with its
// settings; listing, moving and cancelling; and the booked meeting taking
// over its chat when it starts.

var cancelLine = regexp.MustCompile("`/(?:meeting cancel|取消预约) ([0-9]+)`")

// book books from the Ops group and returns the schedule's id in the
// emulator and its room code.
func (h *harness) book(from, text string, mentions ...string) (string, string) {
	h.t.Helper()
	reply := h.text(from, text, mentions...)
	m := cancelLine.FindStringSubmatch(reply)
	require.NotNil(h.t, m, "no cancel line in %q", reply)
	for _, s := range h.emu.Schedules() {
		if strings.ReplaceAll(s.RoomCode, " ", "") == m[1] {
			return s.ID, m[1]
		}
	}
	h.t.Fatalf("booked %s, but the emulator has no such schedule", m[1])
	return "", ""
}

func TestE2EScheduleBothLanguages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id, code := h.book(host, "/meeting schedule tomorrow 10:00 for 30m Weekly planning cohosts @Carol mute-on-join record notes lock waiting-room", carol)
	s, ok := h.emu.Schedule(id)
	require.True(t, ok)
	assert.Equal(t, "Weekly planning", s.Title)
	assert.Equal(t, h.unionID(host), s.CreatorUnionID)
	assert.Equal(t, 30*time.Minute, s.End.Sub(s.Start))
	beijing, _ := time.LoadLocation("Asia/Shanghai")
	assert.Equal(t, "10:00", s.Start.In(beijing).Format("15:04"), "read in MEETBOT_TIMEZONE's default, Beijing")
	var set map[string]any
	require.NoError(t, json.Unmarshal(s.SettingsJSON, &set))
	assert.Equal(t, []any{h.unionID(carol)}, set["cohostUnionIds"])
	assert.EqualValues(t, -1, set["muteOnJoin"])
	assert.EqualValues(t, 1, set["lockRoom"])
	assert.EqualValues(t, 1, set["moziConfVirtualExtraSetting"].(map[string]any)["waitingRoom"])
	assert.EqualValues(t, 1, set["moziConfOpenRecordSetting"].(map[string]any)["recordAutoStart"])
	assert.Equal(t, true, set["aiAgentSummarySetting"].(map[string]any)["enableAiAgentStatus"])

	zhID, zhCode := h.book(li, "/会议 预约 后天下午3点半 1小时 复盘会")
	list := h.text(dave, "/会议 预约列表")
	assert.Contains(t, list, "本群预约的会议（北京时间）：")
	assert.Contains(t, list, "**Weekly planning**")
	assert.Contains(t, list, "**复盘会**")

	assert.Contains(t, h.text(carol, "/meeting cancel "+code), "Only **Wei Lin 林伟**, who booked **Weekly planning**, or an admin can change it.")
	assert.Contains(t, h.text(li, "/会议 改期 "+zhCode+" 周五上午10点"), "已将**复盘会**改到")
	moved, _ := h.emu.Schedule(zhID)
	assert.Equal(t, "10:00", moved.Start.In(beijing).Format("15:04"))
	assert.Equal(t, time.Friday, moved.Start.In(beijing).Weekday())

	assert.Contains(t, h.text(host, "/meeting cancel "+code), "Cancelled **Weekly planning**")
	s, _ = h.emu.Schedule(id)
	assert.True(t, s.Cancelled)
	assert.NotContains(t, h.text(dave, "/meeting schedules"), "Weekly planning")

	assert.Contains(t, h.text(host, "/meeting schedule yesterday 10:00 Retro"), "I can't read a time")
	assert.Contains(t, h.text(host, "/会议 预约 今天凌晨1点 复盘"), "已经过去了")
}

// TestE2EBookedMeetingTakesOverItsChat: when the booked meeting starts,
// its chat is bound to it and told once, whichever of two replicas looks.
func TestE2EBookedMeetingTakesOverItsChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withRedis(redisURL(t)), watchEvery(time.Hour))
	first := h.app
	second := h.startBotWith().app
	h.waitConnections(2)
	id, _ := h.book(eve, "/meeting schedule in 10m Launch review")
	rounds := func() {
		for _, a := range []*app.App{first, second} {
			_, err := a.WatchRound(context.Background())
			require.NoError(t, err)
		}
	}
	rounds()
	assert.Empty(t, h.robotPosts(opsGroup.ID), "10 minutes ahead: no reminder yet")
	h.advance(6 * time.Minute)
	rounds()
	require.Len(t, h.robotPosts(opsGroup.ID), 1)
	assert.Contains(t, h.robotPosts(opsGroup.ID)[0], "**Launch review** starts at", "reminded once, 5 minutes ahead")

	_, err := h.emu.StartSchedule(id)
	require.NoError(t, err)
	rounds()
	rounds()
	posts := h.robotPosts(opsGroup.ID)
	started := 0
	for _, p := range posts {
		if strings.Contains(p, "has started — this chat controls it now") {
			started++
		}
	}
	assert.Equal(t, 1, started, "announced once: %q", posts)
	assert.Contains(t, h.text(eve, "/meeting"), "Launch review", "the chat is bound to it")
}

// TestE2EBookedMeetingAnnouncedOnceAcrossARestart: the announcement is
// claimed in the store, so a restarted bot does not repeat it.
func TestE2EBookedMeetingAnnouncedOnceAcrossARestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, watchEvery(time.Hour))
	id, _ := h.book(eve, "/会议 预约 10分钟后 发布评审")
	_, err := h.emu.StartSchedule(id)
	require.NoError(t, err)
	_, err = h.app.WatchRound(context.Background())
	require.NoError(t, err)
	h.stopBot()
	h.startBot()
	_, err = h.app.WatchRound(context.Background())
	require.NoError(t, err)
	posts := h.robotPosts(opsGroup.ID)
	require.Len(t, posts, 1, "%q", posts)
	assert.Contains(t, posts[0], "**发布评审**已开始，现在可在本群控制。")
}
