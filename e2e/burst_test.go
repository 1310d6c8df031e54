package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Burst sizes come from the environment so CI runs a smaller burst and the
// full one runs on demand:
//
//	MEETBOT_BURST=5000 MEETBOT_BURST_LIMITED=5000 go test -run 'TestE2EBurst' -v .
const (
	defaultBurst        = 1000 // commands, MEETBOT_BURST
	defaultLimitedBurst = 300  // commands at the default 20 QPS, MEETBOT_BURST_LIMITED
)

// burstTimeout bounds how long a burst may take to be answered.
const burstTimeout = 5 * time.Minute

// TestE2EBurstNoQPSLimit: with MEETBOT_API_QPS=0 every command of a burst
// over 50 chats gets exactly one control call and one reply, and within a
// chat the calls happen in message order.
func TestE2EBurstNoQPSLimit(t *testing.T) {
	t.Parallel()
	n := envInt(t, "MEETBOT_BURST", defaultBurst)
	h := newHarness(t, withQPS(0), withQueue(64, 20000), withCommandTimeout(30*time.Second))
	b := newBurst(h)
	b.bind()
	b.plan(n)
	skip := len(h.emu.Calls())

	began := time.Now()
	b.push()
	b.waitReplies(burstTimeout)
	took := time.Since(began)
	h.stopBot() // drains the queue: any extra reply would be sent by now

	replies := b.checkOneReplyEach()
	for i, r := range replies {
		if !assert.True(t, succeeded(r), "command %d %q: %q", i, b.cmds[i].msg.Text, r) {
			break
		}
	}
	attempts, ok := b.controlCallsSince(skip)
	assert.Equal(t, n, attempts, "one control call per command")
	b.checkOrder(b.cmds, ok)
	t.Logf("burst of %d commands over %d chats, QPS 0: answered in %s (%.0f commands/s), %d replies, %d control calls",
		n, burstChats, took.Round(time.Millisecond), float64(n)/took.Seconds(), len(replies), attempts)
}

// TestE2EBurstDefaultQPS: with the default 20 QPS per API, on the client
// and on DingTalk's side, every command still gets exactly one reply —
// done, or an honest "busy, try again" — and the commands carried out
// take effect in message order. At this rate some replies go through the
// robot API (the session webhook is rate-limited too), so replies are
// counted per chat rather than per message.
func TestE2EBurstDefaultQPS(t *testing.T) {
	t.Parallel()
	n := envInt(t, "MEETBOT_BURST_LIMITED", defaultLimitedBurst)
	h := newHarness(t, withQPS(20), withServerQPS(20), withQueue(64, 20000), withCommandTimeout(3*time.Second))
	b := newBurst(h)
	b.bind()
	b.plan(n)
	skip, skipReplies := len(h.emu.Calls()), len(h.emu.Replies())

	began := time.Now()
	b.push()
	b.waitReplies(burstTimeout)
	took := time.Since(began)
	h.stopBot()

	done, busy, slow, dup := b.checkRepliesPerChat(skipReplies)
	attempts, ok := b.controlCallsSince(skip)
	// Every command reported done took effect (a done reply sent twice
	// counts once); one told "DingTalk is slow, try again" may have too,
	// if DingTalk answered just after its timeout.
	assert.GreaterOrEqual(t, len(ok)+dup, done, "a successful control call for each command reported done")
	assert.LessOrEqual(t, len(ok), done+slow, "no effect for a command refused as busy")
	b.checkInOrder(ok)
	t.Logf("burst of %d commands over %d chats, 20 QPS: answered in %s, %d replies (%d done, %d busy of which %d slow, %d sent twice), %d control calls (%d ok)",
		n, burstChats, took.Round(time.Millisecond), done+busy, done, busy, slow, dup, attempts, len(ok))
}

// TestE2EBurstRedeliveredFramesRunOnce: with redelivery on and acks that
// arrive too late (the emulator redelivers frames it believes unacked, to
// any connection), no command runs twice and no reply is sent twice.
func TestE2EBurstRedeliveredFramesRunOnce(t *testing.T) {
	t.Parallel()
	n := envInt(t, "MEETBOT_BURST", defaultBurst)
	h := newHarness(t, withQPS(0), withQueue(64, 20000), withRedeliver(time.Millisecond),
		withCommandTimeout(30*time.Second))
	b := newBurst(h)
	b.bind()
	b.plan(n)
	skip := len(h.emu.Calls())
	acksBefore := len(h.emu.Acks())

	b.push()
	b.waitReplies(burstTimeout)
	h.stopBot()

	redelivered := len(h.emu.Acks()) - acksBefore - n
	require.Positive(t, redelivered, "the emulator redelivered some frames (acks 'lost')")
	replies := b.checkOneReplyEach()
	attempts, ok := b.controlCallsSince(skip)
	assert.Equal(t, n, attempts, "no command ran twice")
	b.checkOrder(b.cmds, ok)
	t.Logf("burst of %d commands with %d redelivered frames: %d replies, %d control calls", n, redelivered, len(replies), attempts)
}

// isBusy reports whether a reply is an honest "busy, try again".
func isBusy(reply string) bool {
	return containsAny(reply, "busy", "slow to answer", "try again")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
