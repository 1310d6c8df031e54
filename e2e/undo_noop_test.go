package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// /undo never makes the meeting worse: a co-host action that changed
// nobody is neither sent to DingTalk nor undone, and mute all on a
// meeting already muted (by the bot's record) leaves no undo step that
// would unmute it.
func TestE2EUndoTakesBackOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice) // binds the chat to the weekly meeting
	require.True(t, h.member(h.weekly, carol).CoHost, "Carol co-hosts the weekly meeting")
	calls := h.controlCalls()

	reply := h.group(host, "/cohost add @Carol", carol)
	assert.Contains(t, reply, "**Carol** is already a co-host.")
	assert.Equal(t, calls, h.controlCalls(), "nothing to change: no call")
	reply = h.group(host, "/undo")
	// The no-op is not the last action: the spotlight before it is.
	assert.Contains(t, reply, "Undone: spotlighted **Alice** (at ")
	assert.True(t, h.member(h.weekly, carol).CoHost, "the undo left Carol's role alone")

	reply = h.group(host, "/联席主持人 移除 @Alice", alice)
	assert.Contains(t, reply, "**Alice**不是联席主持人。")
	reply = h.group(host, "/cohost add @Carol @Dave", carol, dave)
	assert.Contains(t, reply, "Made **Dave** co-host. **Carol** is already a co-host.")
	reply = h.group(host, "/undo")
	assert.Contains(t, reply, "Now **Dave** can no longer co-host.")
	assert.False(t, h.member(h.weekly, dave).CoHost)
	assert.False(t, h.member(h.weekly, alice).CoHost)
	assert.True(t, h.member(h.weekly, carol).CoHost)

	h.group(host, "/mute all")
	calls = h.controlCalls()
	h.group(host, "/mute all")
	assert.Equal(t, calls+1, h.controlCalls(), "DingTalk may differ from the record: the call is made")
	reply = h.group(host, "/撤销")
	assert.Contains(t, reply, "没有可恢复的内容，无需撤销")
	assert.True(t, h.meeting(h.weekly).MutedAll, "still muted, as before the second mute")
}
