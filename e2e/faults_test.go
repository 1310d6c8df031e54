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
	"github.com/meetbot/meetbot/internal/testkit"
)

// faultBurst is the size of the bursts the connection-fault tests push.
const faultBurst = 300

// TestE2EDropConnectionsMidBurst: the websocket dies abruptly in the middle
// of a burst. The bot reconnects (with backoff, logged), and every frame it
// had acked is carried out exactly once. Frames lost with the TCP
// connection are not acked, so the emulator redelivers them (DingTalk would
// not: those would be lost for good, which no client can prevent).
func TestE2EDropConnectionsMidBurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(64, 20000), withRedeliver(time.Second), withCommandTimeout(30*time.Second))
	b := newBurst(h)
	b.bind()
	b.reordered = true
	b.plan(faultBurst)
	skip, acks := len(h.emu.Calls()), len(h.emu.Acks())

	b.push()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := h.emu.WaitAcks(ctx, acks+faultBurst/3)
	require.NoError(t, err)
	h.emu.DropConnections()
	lost := b.waitRepliesOrLost(time.Minute)
	h.stopBot()

	// A frame the emulator was writing at the instant of the drop is lost
	// before the bot could read it (as with DingTalk). The bot must never
	// have seen it: it logs every message it accepts, by msgId.
	logs := h.logs.String()
	assert.LessOrEqual(t, len(lost), 3, "frames lost in the drop")
	for _, c := range lost {
		assert.NotContains(t, logs, c.msgID, "a message the bot accepted was never answered")
		b.forget(c)
	}
	b.checkOneReplyEach()
	attempts, ok := b.controlCallsSince(skip)
	assert.Equal(t, len(b.cmds), attempts, "one control call per command")
	// A redelivered frame comes after later messages of its chat, so only
	// the set of calls per meeting is checked, not their order.
	b.checkCalls(b.cmds, ok)
	assert.Contains(t, h.logs.String(), "stream connection lost; reconnecting")
}

// TestE2ESystemDisconnect: the gateway asks the bot to reconnect in the
// middle of a burst, with redelivery off. The bot opens a new connection at
// once and keeps reading the old one until the gateway closes it, so every
// message pushed before and after is carried out exactly once.
func TestE2ESystemDisconnect(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(64, 20000), withCommandTimeout(30*time.Second), func(o *dingtalktest.Options, _ *config.Config) {
		o.DisconnectGrace = 200 * time.Millisecond
	})
	b := newBurst(h)
	b.bind()
	b.plan(faultBurst)
	skip := len(h.emu.Calls())

	for i, c := range b.cmds {
		if i == faultBurst/2 {
			require.NotEmpty(t, h.emu.Disconnect("gateway upgrade"))
		}
		c.msgID = h.emu.Push(c.msg)
	}
	b.waitReplies(burstTimeout)
	h.stopBot()

	b.checkOneReplyEach()
	attempts, ok := b.controlCallsSince(skip)
	assert.Equal(t, faultBurst, attempts, "one control call per command")
	b.checkOrder(b.cmds, ok)
	assert.Contains(t, h.logs.String(), "stream gateway asked to reconnect")
}

// TestE2EGatewayUnreachableAtStart: while the gateway fails, the bot keeps
// retrying with backoff, logs each attempt, and /readyz says it is not
// connected; once the gateway answers, the bot connects and is ready.
func TestE2EGatewayUnreachableAtStart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.stopBot()
	h.waitNoConnections()
	h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/gateway/connections/open", Kind: "gateway"})
	r := h.launch(h.cfg)

	testkit.WaitFor(t, 20*time.Second, "two failed connection attempts logged", func() bool {
		return strings.Contains(h.logs.String(), `"attempt":2,`) &&
			strings.Contains(h.logs.String(), "cannot reach the DingTalk stream gateway")
	})
	code, body := health(t, r.app, "/readyz")
	assert.Equal(t, 503, code)
	assert.Contains(t, body, "stream: not connected")
	code, _ = health(t, r.app, "/healthz")
	assert.Equal(t, 200, code, "alive while not ready")

	h.emu.ClearFaults()
	h.waitConnections(1)
	testkit.WaitFor(t, 10*time.Second, "/readyz 200 once connected", func() bool {
		code, _ := health(t, r.app, "/readyz")
		return code == 200
	})
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "spotlighted")
}
