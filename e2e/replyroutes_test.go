package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// A reply is not lost after the action: whatever way the session webhook
// fails, the reply goes out through the robot API, and a robot send
// refused with a 5xx is sent once more with the same content.
func TestE2EAReplyIsNotLostAfterTheAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		faults     []dingtalktest.Fault
		groupSends int // groupMessages/send calls expected
	}{
		{"webhook 504", []dingtalktest.Fault{{Path: "/robot/sendBySession", Kind: "gateway"}}, 1},
		{"webhook hangs up", []dingtalktest.Fault{{Path: "/robot/sendBySession", Kind: "close"}}, 1},
		{"webhook 504, then a robot 5xx once", []dingtalktest.Fault{
			{Path: "/robot/sendBySession", Kind: "gateway"},
			{Path: "/v1.0/robot/groupMessages/send", Kind: "systemError", Count: 1},
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.group(host, "/meeting") // bind
			for _, f := range tt.faults {
				h.emu.Fault(f)
			}
			reply := h.group(host, "/spotlight @Alice", alice)
			assert.Contains(t, reply, "**Alice** is now spotlighted", "the reply arrives after the action")
			assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
			// The emulator records a call just after its handler has taken
			// the reply, so the count can lag the reply by a moment.
			sends := func() int { return h.emu.CountCalls("POST", "/v1.0/robot/groupMessages/send") }
			testkit.WaitFor(t, 5*time.Second, "the robot sends to be recorded", func() bool { return sends() >= tt.groupSends })
			assert.Equal(t, tt.groupSends, sends())
			assert.Contains(t, reply, "@Wei Lin 林伟 ", "the robot API names the sender, never the raw userId")
		})
	}
}

// A 1:1 chat falls back to the robot's 1:1 send the same way.
func TestE2EADirectReplyFallsBackToTheOneToOneSend(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.emu.Fault(dingtalktest.Fault{Path: "/robot/sendBySession", Kind: "gateway"})
	reply := h.dm(host, "/help")
	assert.Contains(t, reply, "/spotlight")
	sends := func() int { return h.emu.CountCalls("POST", "/v1.0/robot/oToMessages/batchSend") }
	testkit.WaitFor(t, 5*time.Second, "the 1:1 send to be recorded", func() bool { return sends() >= 1 })
	assert.Equal(t, 1, sends())
}

// /meeting panel whose card cannot be delivered answers with the text
// panel and says why.
func TestE2EAPanelWhoseCardFailsIsSentAsText(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/card/instances/createAndDeliver", Kind: "paramsError"})
	id := h.emu.Push(dingtalktest.ChatMessage{From: host, Chat: opsGroup, Text: "/meeting panel"})
	replies := h.waitRepliesTo(id, 1)
	require.NotEmpty(t, replies)
	panel := replies[len(replies)-1]
	assert.Contains(t, panel, "I couldn't post the control card")
	assert.Contains(t, panel, "`/spotlight @Alice`")
	assert.Contains(t, panel, "`/mute all`")
}
