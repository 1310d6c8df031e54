package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// A click on the card of a meeting that has ended, once the chat controls
// another meeting, answers that the meeting is over and leaves the chat's
// binding alone: the chat still controls the new meeting.
func TestE2EOldCardClickKeepsTheChatsNewMeeting(t *testing.T) {
	t.Parallel()
	h := newCardHarness(t)
	old := h.panel(host, "/meeting panel") // Ops controls the weekly meeting
	// The button as the host's client shows it now: the click below comes
	// from a client that has not redrawn the card since.
	spotlight, ok := h.button(old, host, "Spotlight", alice)
	require.True(t, ok)

	h.emu.EndMeeting(h.weekly)
	assert.Contains(t, h.group(bob, "/meeting use 555000111"), "Design review", "Bob rebinds Ops to his meeting")
	// The rebind retires the old card, then delivers the new meeting's.
	h.waitCards("the new meeting's card", func(cs []dingtalktest.CardInstance) bool { return len(cs) == 2 })

	h.emu.PushCardClick(dingtalktest.CardClick{UserID: host, OutTrackID: old.OutTrackID, ChatID: opsGroup.ID,
		Group: true, ActionID: spotlight.ID, Params: spotlight.Params})
	h.waitCards("the clicker told the meeting has ended", func([]dingtalktest.CardInstance) bool {
		c, _ := h.emu.Card(old.OutTrackID)
		return strings.Contains(c.PrivateData[host]["result"], "has ended")
	})
	card, _ := h.emu.Card(old.OutTrackID)
	assert.Equal(t, "true", card.Params["ended"])
	assert.Zero(t, h.controlCalls(), "no control call on an ended meeting")
	// The click also posts the end of the weekly meeting in Ops: wait for
	// it, so that it is not taken for the reply to the next message.
	testkit.WaitFor(t, 10*time.Second, "the end of the weekly meeting posted", func() bool {
		for _, r := range h.emu.Replies() {
			if strings.Contains(r.Text, "**周会 Weekly sync** has ended") {
				return true
			}
		}
		return false
	})

	// The host hosts no live meeting: only the chat's binding can answer.
	reply := h.group(host, "/meeting")
	assert.Contains(t, reply, "**Design review**", "Ops still controls Bob's meeting")
	assert.Contains(t, reply, "555 000 111")
}
