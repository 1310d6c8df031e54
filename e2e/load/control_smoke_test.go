package load

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// TestControlEcho runs the control echo in this process against the
// emulator, so it keeps working between benchmark runs: every message is
// acked, and answered with exactly one focus call and one reply.
func TestControlEcho(t *testing.T) {
	t.Parallel()
	emu := testkit.Emulator(t, dingtalktest.Options{})
	chats := seedLoad(emu, 3)
	w := readWorld(t, writeWorld(t, emu, chats))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	o := emu.Options()
	c, err := startControl(ctx, childConfig{url: emu.URL(), clientID: o.ClientID, clientSecret: o.ClientSecret,
		workers: 4, queue: 100}, w)
	require.NoError(t, err)
	defer c.stop()
	require.NoError(t, emu.WaitConnected(ctx, 1))

	const perChat = 6 // one cycle: spotlight, off, co-host add, spotlight, off, co-host remove
	var ids []string
	for k := range perChat {
		for _, lc := range chats {
			ids = append(ids, emu.Push(lc.commandAt(k, "")))
		}
	}
	for _, id := range ids {
		_, err := emu.WaitReply(ctx, id)
		require.NoError(t, err)
	}
	acks, err := emu.WaitAcks(ctx, len(ids))
	require.NoError(t, err)
	assert.Len(t, acks, len(ids))
	// A reply is seen before the call is in the log: wait for the log.
	testkit.WaitFor(t, 10*time.Second, "every call logged", func() bool { return len(emu.Calls()) >= 2+2*len(ids) })
	cl := newClassifier()
	calls := emu.Calls()
	assert.Equal(t, map[string]int{purposeToken: 1, purposeStream: 1, purposeControl: len(ids), purposeReply: len(ids)},
		cl.count(calls))
	for _, call := range calls {
		assert.Equal(t, 200, call.Status, "%s %s: %s", call.Method, call.Path, call.Code)
	}
	for _, lc := range chats {
		m, ok := emu.Meeting(lc.meeting)
		require.True(t, ok)
		assert.Contains(t, []string{w.Unions[lc.x], w.Unions[lc.y]}, m.Focus, "workers run in any order")
	}
}
