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
	"github.com/meetbot/meetbot/internal/app"
)

// sigtermWithBacklog binds the Ops chat, makes every spotlight slow, sends
// n of them and stops the bot once the first is answered and all n are
// acknowledged (queued). It returns the replies by msgId and wait's error.
func sigtermWithBacklog(t *testing.T, h *harness, n int, prepare func()) (map[string]string, []string, error) {
	t.Helper()
	stop := h.restart(app.WithGrace(1500 * time.Millisecond))
	h.group(host, "/meeting")
	h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/conference/videoConferences/*", Latency: 50 * time.Millisecond})
	acks := len(h.emu.Acks())
	ids := make([]string, n)
	for i := range ids {
		ids[i] = h.emu.Push(dingtalktest.ChatMessage{From: host, Chat: opsGroup, Text: "/spotlight @Alice", Mentions: []string{alice}})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := h.emu.WaitReply(ctx, ids[0])
	require.NoError(t, err)
	// Under -race on a small machine the first reply can come before the
	// last frames are delivered; a message never received is DingTalk's to
	// deliver again, not the drain's to answer.
	_, err = h.emu.WaitAcks(ctx, acks+n)
	require.NoError(t, err)
	prepare()
	werr := stop()
	got := map[string]string{}
	robot := 0
	for _, r := range h.emu.Replies() {
		if r.MsgID == "" && r.ChatID == opsGroup.ID {
			robot++ // the webhook was slow: the reply went through the robot API
			got[fmt.Sprintf("robot-%d", robot)] = r.Text
			continue
		}
		got[r.MsgID] = r.Text
	}
	return got, ids, werr
}

// TestE2ESigtermWithABacklogAnswersEveryCommand: stopping with commands
// queued runs what fits in the grace and tells the sender of each other
// one, in its language, to send it again. Nothing acknowledged is left
// unanswered, and the process exits 0.
func TestE2ESigtermWithABacklogAnswersEveryCommand(t *testing.T) {
	t.Parallel()
	n := envInt(t, "MEETBOT_SIGTERM_BACKLOG", 300)
	h := newHarness(t, withQueue(2, n+100), withChatQueue(n+100))
	got, ids, err := sigtermWithBacklog(t, h, n, func() {})
	require.NoError(t, err, "every command was carried out or answered")
	done, told, unattributed := 0, 0, 0
	for _, id := range ids {
		switch text := got[id]; {
		case strings.Contains(text, "is now spotlighted"):
			done++
		case strings.Contains(text, "please send it again"):
			told++
		default:
			unattributed++
		}
	}
	// A reply that went through the robot API (its webhook too slow under
	// load) carries no msgId: count those of the chat instead.
	for key, text := range got {
		if strings.HasPrefix(key, "robot-") && containsAny(text, "is now spotlighted", "please send it again") {
			unattributed--
		}
	}
	assert.LessOrEqual(t, unattributed, 0, "commands with no answer at all")
	t.Logf("SIGTERM with %d queued: %d carried out, %d told to send again, %d lost", n, done, told, max(unattributed, 0))
	assert.Positive(t, told, "the grace is too short for all: some were told")
	assert.Contains(t, h.logs.String(), `"told_to_resend":`)
	assert.Contains(t, h.logs.String(), `"chats":["cidOpsGroup=="]`)
}

// TestE2ESigtermThatLosesCommandsExitsNonZero: when the "send it again"
// replies cannot be sent either, the drain lost commands: wait fails, so
// the process exits non-zero and a supervisor can tell.
func TestE2ESigtermThatLosesCommandsExitsNonZero(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(2, 1000), withChatQueue(1000))
	_, _, err := sigtermWithBacklog(t, h, 300, func() {
		h.emu.Fault(dingtalktest.Fault{Path: "/robot/*", Kind: "close"})
		h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/robot/*", Kind: "close"})
	})
	require.ErrorIs(t, err, app.ErrCommandsLost)
	assert.Contains(t, h.logs.String(), `"lost":`)
}
