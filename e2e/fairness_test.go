package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// floodFairness floods one chat with flood messages while another sends
// quiet ones, and counts the quiet chat's replies that were carried out
// and those refused as busy.
func floodFairness(t *testing.T, h *harness, flood, quiet int) (done, busy int) {
	t.Helper()
	h.group(host, "/meeting") // bind Ops to the weekly meeting
	other := dingtalktest.Chat{ID: "cidQuiet==", Title: "Quiet", Group: true}
	for range flood {
		h.emu.Push(dingtalktest.ChatMessage{From: host, Chat: opsGroup, Text: "/meeting"})
	}
	ids := make([]string, quiet)
	for i := range ids {
		ids[i] = h.emu.Push(dingtalktest.ChatMessage{From: bob, Chat: other, Text: "/help"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, id := range ids {
		r, err := h.emu.WaitReply(ctx, id)
		require.NoError(t, err)
		if strings.Contains(r.Text, "busy") {
			busy++
		} else {
			done++
		}
	}
	return done, busy
}

// TestE2EAFloodInOneChatNeverRefusesAnother: a chat sending far faster
// than the workers drain it fills only its own share of the queue.
func TestE2EAFloodInOneChatNeverRefusesAnother(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(2, 100), withChatQueue(40))
	done, busy := floodFairness(t, h, 400, 20)
	t.Logf("fairness: the quiet chat got %d answers and %d busy refusals while another chat flooded 400 messages", done, busy)
	assert.Equal(t, 20, done, "the quiet chat is never refused")
	assert.Zero(t, busy)
	assert.Positive(t, h.metric("meetbot_busy_refusals_total"), "the flooding chat is refused past its share")
}

// TestE2EFloodFairnessBaseline is the same run with the per-chat share as
// large as the whole queue, as before the share existed: the figure the
// closing note compares with. It only reports.
func TestE2EFloodFairnessBaseline(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(2, 100), withChatQueue(100))
	done, busy := floodFairness(t, h, 400, 20)
	t.Log(fmt.Sprintf("fairness baseline (no per-chat share): the quiet chat got %d answers and %d busy refusals", done, busy))
}
