package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// controlRoutes matches every meeting-control call.
const controlRoutes = "/v1.0/conference/videoConferences/*"

// apiFaultBurst runs a burst while DingTalk misbehaves as fault says, and
// checks that every command still succeeded exactly once, in order, with
// one reply each.
func apiFaultBurst(t *testing.T, h *harness, during func()) *burst {
	t.Helper()
	b := newBurst(h)
	b.bind()
	b.plan(faultBurst)
	skip := len(h.emu.Calls())
	during()
	b.push()
	b.waitReplies(burstTimeout)
	h.stopBot()

	for i, r := range b.checkOneReplyEach() {
		if !assert.True(t, succeeded(r), "command %d %q: %q", i, b.cmds[i].msg.Text, r) {
			break
		}
	}
	_, ok := b.controlCallsSince(skip)
	b.checkOrder(b.cmds, ok)
	return b
}

// TestE2ESystemErrorsInABurst: 10% of control calls fail with systemError (each
// request at most once, so the outcome does not hang on chance);
// the client's retries absorb them and users see one success reply each.
func TestE2ESystemErrorsInABurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(64, 20000), withCommandTimeout(30*time.Second))
	apiFaultBurst(t, h, func() {
		h.emu.Fault(dingtalktest.Fault{Path: controlRoutes, Kind: "systemError", Rate: 0.1, Once: true})
	})
}

// TestE2EQPSLimitAnswersInABurst: DingTalk answers some calls with its
// QPS-limit error; the bot backs off and succeeds.
func TestE2EQPSLimitAnswersInABurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(64, 20000), withCommandTimeout(30*time.Second))
	apiFaultBurst(t, h, func() {
		h.emu.Fault(dingtalktest.Fault{Path: controlRoutes, Kind: "qps", Rate: 0.05, Once: true})
	})
}

// TestE2ETokenExpiresMidBurst: the access token expires while commands are
// in flight; the bot fetches exactly one new token and nobody sees an
// error.
func TestE2ETokenExpiresMidBurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withQueue(64, 20000), withCommandTimeout(30*time.Second))
	var before int
	apiFaultBurst(t, h, func() {
		before = h.emu.TokenFetches()
		h.emu.ExpireTokens()
	})
	assert.Equal(t, before+1, h.emu.TokenFetches(), "one token fetch for the whole burst")
}

// TestE2EFailingCallEndsWithinTimeout: a control call that keeps failing
// ends with a clear reply, within the command's timeout.
func TestE2EFailingCallEndsWithinTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 3 * time.Second
	h := newHarness(t, withCommandTimeout(timeout))
	h.group(host, "/spotlight off") // bind
	h.emu.Fault(dingtalktest.Fault{Path: controlRoutes, Kind: "systemError"})
	began := time.Now()
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Less(t, time.Since(began), timeout+time.Second)
	assert.Contains(t, reply, "DingTalk is busy right now — try again")
	assert.Empty(t, h.meeting(h.weekly).Focus)
}
