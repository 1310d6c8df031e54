package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestE2EChineseAsDingTalkSaysIt: the words of DingTalk's own menus work
// as commands, and so does 、, which a Chinese input method types for
// the / key.
func TestE2EChineseAsDingTalkSaysIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	reply := h.group(host, "、全员看他 @张三", zhang)
	assert.Contains(t, reply, "已设置全员看他：**张三**。")
	assert.Equal(t, h.unionID(zhang), h.meeting(h.weekly).Focus)

	reply = h.group(host, "/取消全员看他")
	assert.Contains(t, reply, "已取消全员看他：**张三**。")
	assert.Empty(t, h.meeting(h.weekly).Focus)

	h.group(host, "/全员静音")
	require.True(t, h.meeting(h.weekly).MutedAll)
	reply = h.group(host, "/取消全员静音")
	assert.Contains(t, reply, "已解除全员静音。")
	assert.False(t, h.meeting(h.weekly).MutedAll)
	assert.Contains(t, h.group(alice, "/取消全员静音"), "才能解除全员静音", "refused in the command's own words")

	reply = h.group(host, "/撤回") // takes back the unmute
	assert.Contains(t, reply, "已撤销：解除全员静音（北京时间 ")
	assert.True(t, h.meeting(h.weekly).MutedAll)

	reply = h.group(host, "/结束会议")
	assert.Contains(t, reply, "已为所有人结束会议**周会 Weekly sync**。")
	assert.Equal(t, 1, h.meeting(h.weekly).Status)
	assert.Contains(t, h.group(host, "/会议"), "本群没有绑定会议", "the chat is unbound")
	assert.Contains(t, h.dm(host, "/会议"), "这里没有绑定会议", "a 1:1 chat is no group")
}

// logLineTime is the time of a /操作记录 line: "- 14:02 **…".
var logLineTime = regexp.MustCompile(`(?m)^- (\d\d:\d\d) `)

// TestE2EActionLogInBeijingTimeInAUTCContainer: the bot in a container
// whose clock is UTC (no TZ, no zone files: the Docker image) with
// MEETBOT_TIMEZONE unset shows /操作记录 in Beijing time, labelled so.
func TestE2EActionLogInBeijingTimeInAUTCContainer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.stopBot() // the bot of this test is a child process, configured from the environment
	h.waitNoConnections()
	startChildBot(t, h, []string{"TZ=UTC"}, "MEETBOT_TIMEZONE")
	h.waitConnections(1)

	beijing, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	before := time.Now()
	h.group(host, "/全员看他 @张三", zhang)
	log := h.group(alice, "/操作记录")
	after := time.Now()

	assert.Contains(t, log, "**周会 Weekly sync**最近 1 条操作记录（北京时间）：")
	m := logLineTime.FindStringSubmatch(log)
	require.NotNil(t, m, log)
	assert.Contains(t, []string{before.In(beijing).Format("15:04"), after.In(beijing).Format("15:04")}, m[1],
		"the time is Beijing time, not the container's UTC (%s)", before.UTC().Format("15:04"))
	assert.True(t, strings.HasSuffix(log, "**Wei Lin 林伟**让全员看**张三**（成功）"), log)

	en := h.group(alice, "/meeting log")
	assert.Contains(t, en, "The last action in **周会 Weekly sync** (time UTC+8):")
	assert.Contains(t, en, "- "+m[1]+" **Wei Lin 林伟** spotlighted **张三** — done")
}
