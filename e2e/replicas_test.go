package e2e

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// TestE2EReplicasShareBindings: two replicas on one Redis (a server or a
// cluster) behave as one bot. A chat bound through one replica is controlled through the other;
// the sender hosts two meetings, so without the shared binding the second
// replica would have to ask which one.
func TestE2EReplicasShareBindings(t *testing.T) {
	t.Parallel()
	forEachRedis(t, testReplicasShareBindings)
}

func testReplicasShareBindings(t *testing.T, dsn string) {
	h := newHarness(t, withRedis(dsn))
	h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "Second meeting", HostUserID: host, Members: []string{alice}})
	require.Contains(t, h.group(host, "/meeting use 838722123"), "周会")
	h.stopBot()
	h.waitNoConnections()

	b := h.launch(h.cfg)
	h.waitConnections(1)
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "spotlighted")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)

	// Both replicas up; the emulator picks one connection at random per push.
	h.launch(h.cfg)
	h.waitConnections(2)
	for _, who := range []string{bob, dave, li, zhang} {
		h.group(host, "/spotlight @X", who)
		assert.Equal(t, h.unionID(who), h.meeting(h.weekly).Focus)
	}
	b.stop()
}

// TestE2EReplicasHandleADuplicateOnce: the same message pushed many times
// lands on both replicas; it runs once and is answered once.
func TestE2EReplicasHandleADuplicateOnce(t *testing.T) {
	t.Parallel()
	forEachRedis(t, testReplicasHandleADuplicateOnce)
}

func testReplicasHandleADuplicateOnce(t *testing.T, dsn string) {
	h := newHarness(t, withRedis(dsn))
	h.group(host, "/spotlight off") // bind
	second := h.launch(h.cfg)
	h.waitConnections(2)
	before, replies, acks := h.controlCalls(), len(h.emu.Replies()), len(h.emu.Acks())

	const copies = 12
	msg := dingtalktest.ChatMessage{From: host, Chat: opsGroup, Text: "/spotlight @Alice", Mentions: []string{alice}, MsgID: "msgDuplicateAcrossReplicas"}
	for range copies {
		h.emu.Push(msg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := h.emu.WaitAcks(ctx, acks+copies)
	require.NoError(t, err)
	second.stop()
	h.stopBot() // both drained: every copy was looked at

	assert.Equal(t, before+1, h.controlCalls(), "one control call")
	assert.Len(t, h.emu.Replies(), replies+1, "one reply")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus)
}

// TestE2EReplicaLosesRedis: a replica whose Redis goes away answers "try
// again" instead of guessing, reports not ready, and works again when
// Redis is back, without a restart. One server only: a proxy cannot stand
// in front of a cluster, whose nodes tell clients their own addresses.
func TestE2EReplicaLosesRedis(t *testing.T) {
	t.Parallel()
	raw := redisURL(t)
	h := newHarness(t, withRedis(raw))
	h.group(host, "/spotlight off") // bind through the first replica
	h.stopBot()
	h.waitNoConnections()

	u, err := url.Parse(raw)
	require.NoError(t, err)
	proxy := testkit.NewProxy(t, u.Host)
	cfg := h.cfg
	u.Host = proxy.Addr()
	cfg.Store = u.String()
	r := h.launch(cfg)
	h.waitConnections(1)
	assert.Contains(t, h.group(host, "/spotlight @Alice", alice), "spotlighted")

	proxy.Stop()
	reply := h.group(host, "/spotlight @Bob", bob)
	assert.Contains(t, reply, "try again")
	assert.Equal(t, h.unionID(alice), h.meeting(h.weekly).Focus, "nothing done while Redis is away")
	code, body := health(t, r.app, "/readyz")
	assert.Equal(t, 503, code)
	assert.Contains(t, body, "store:")

	proxy.Start()
	testkit.WaitFor(t, 20*time.Second, "/readyz 200 once Redis is back", func() bool {
		code, _ := health(t, r.app, "/readyz")
		return code == 200
	})
	assert.Contains(t, h.group(host, "/spotlight @Bob", bob), "spotlighted")
	assert.Equal(t, h.unionID(bob), h.meeting(h.weekly).Focus)
}
