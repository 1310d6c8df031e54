package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

const focusEndpoint = `endpoint="POST /v1.0/conference/videoConferences/{conferenceId}/focus"`

func TestE2EMetricsMoveForSuccessFailureRetryAndReconnect(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	okSpot := `meetbot_commands_total{command="spotlight",outcome="ok"}`
	failedSpot := `meetbot_commands_total{command="spotlight",outcome="failed"}`
	okFocus := `meetbot_dingtalk_requests_total{code="",` + focusEndpoint + `,status="200"}`
	retries := `meetbot_dingtalk_retries_total{` + focusEndpoint + `}`
	assert.Equal(t, 1.0, h.metric("meetbot_stream_connects_total"))
	assert.GreaterOrEqual(t, h.metric(`meetbot_token_fetches_total{result="ok"}`), 1.0)

	h.group(host, "/spotlight @Alice", alice) // success
	h.waitMetric(okSpot, 1)
	assert.Equal(t, 1.0, h.metric(okFocus))
	assert.Equal(t, 0.0, h.metric(retries))
	h.waitMetric(`meetbot_command_duration_seconds_count{command="spotlight"}`, 1)

	focusPath := "/v1.0/conference/videoConferences/" + h.weekly + "/focus"
	h.emu.Fault(dingtalktest.Fault{Path: focusPath, Kind: "permission", Count: 1})
	h.group(host, "/spotlight @Bob", bob) // failure: not retryable
	h.waitMetric(failedSpot, 1)
	assert.Equal(t, 1.0, h.metric(`meetbot_dingtalk_requests_total{code="Forbidden.AccessDenied.AccessTokenPermissionDenied",`+focusEndpoint+`,status="403"}`))
	assert.Equal(t, 0.0, h.metric(retries))

	h.emu.Fault(dingtalktest.Fault{Path: focusPath, Kind: "systemError", Count: 1})
	h.group(host, "/spotlight @Bob", bob) // retried once, then done
	h.waitMetric(okSpot, 2)
	assert.Equal(t, 1.0, h.metric(retries))
	assert.Equal(t, 1.0, h.metric(`meetbot_dingtalk_requests_total{code="systemError",`+focusEndpoint+`,status="500"}`))
	assert.Equal(t, 2.0, h.metric(okFocus))

	h.emu.DropConnections() // the bot reconnects with backoff
	h.eventually(func() bool { return h.metric("meetbot_stream_connects_total") == 2 }, "a reconnect")
	assert.Equal(t, 1.0, h.metric("meetbot_stream_disconnects_total"))
	assert.Equal(t, 1.0, h.metric("meetbot_stream_reconnect_attempts_total"))
	h.group(host, "/spotlight off")
	h.waitMetric(`meetbot_commands_total{command="spotlight.off",outcome="ok"}`, 1)
	h.waitMetric("meetbot_queue_depth", 0)
}

func TestE2EMetricsCountDuplicates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	m := dingtalktest.ChatMessage{From: host, Text: "/meeting", MsgID: "dup-1", Chat: opsGroup}
	h.say(m)
	h.emu.Push(m)
	h.waitMetric("meetbot_dedupe_hits_total", 1)
	h.waitMetric(`meetbot_commands_total{command="meeting.status",outcome="ok"}`, 1)
	assert.Equal(t, 0.0, h.metric("meetbot_busy_refusals_total"))
}

func TestE2EUndoAndMeetingLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	h.group(host, "/spotlight @Alice", alice)
	calls := h.controlCalls()
	reply := h.group(carol, "/undo") // a co-host may not undo the host's action
	assert.Contains(t, reply, "only takes back your own actions")
	assert.Equal(t, calls, h.controlCalls())
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)

	reply = h.group(host, "/undo")
	assert.Contains(t, reply, "Undone: spotlighted **Alice** (at ")
	assert.Empty(t, h.meeting(h.weekly).Focus)

	h.group(host, "/聚焦 @张三", zhang)
	reply = h.group(host, "/撤销")
	assert.Contains(t, reply, "已撤销：让全员看**张三**（北京时间 ")
	assert.Empty(t, h.meeting(h.weekly).Focus)

	h.group(host, "/cohost add @Dave", dave)
	h.advance(11 * time.Minute)
	calls = h.controlCalls()
	reply = h.group(host, "/undo")
	assert.Contains(t, reply, "is more than 10 minutes old")
	reply = h.group(host, "/撤销")
	assert.Contains(t, reply, "已超过 10 分钟，无法撤销")
	assert.Equal(t, calls, h.controlCalls())
	assert.True(t, h.member(h.weekly, dave).CoHost)

	log := h.group(alice, "/meeting log")
	lines := strings.Split(log, "\n")
	require.Len(t, lines, 6, log)
	assert.Contains(t, lines[0], "Last 5 actions in **周会 Weekly sync**")
	assert.Contains(t, lines[1], "**Wei Lin 林伟** gave **Dave** the co-host role — done")
	assert.Contains(t, lines[2], "undo: turned the spotlight on **张三** off — done")
	assert.Contains(t, lines[5], "**Wei Lin 林伟** spotlighted **Alice** — done")
	zh := h.group(alice, "/会议 记录")
	assert.Contains(t, zh, "最近 5 条操作记录（北京时间）")
	assert.Contains(t, zh, "**Wei Lin 林伟**撤销：取消全员看**张三**（成功）")

	records := h.auditRecords()
	require.Len(t, records, 5, "one record per action")
	for _, r := range records {
		assert.NotEmpty(t, r["requestId"], "DingTalk's request id")
		assert.Equal(t, opsGroup.ID, r["chatId"])
		assert.Equal(t, "ok", r["outcome"])
		assert.Equal(t, host, r["by"].(map[string]any)["UserID"])
	}
	assert.Equal(t, records[4]["id"], records[3]["reverts"])
	// One "command done" line per message (10), with meeting and latency,
	// written just after the reply; one "audit" line per action (5).
	h.eventually(func() bool {
		return h.logLines(`"message":"command done"`, `"latency":`, `"meeting_id":"`+h.weekly+`"`) == 10
	},
		"10 command lines")
	assert.Equal(t, 5, h.logLines(`"message":"audit"`))
}
