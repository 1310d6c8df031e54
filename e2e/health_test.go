package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

// TestE2EHealth: /healthz answers while the process lives; /readyz only
// while the stream is connected, the store answers and a token can be had.
func TestE2EHealth(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	code, body := health(t, h.app, "/healthz")
	assert.Equal(t, 200, code)
	assert.Equal(t, "ok\n", body)
	code, body = health(t, h.app, "/readyz")
	assert.Equal(t, 200, code)
	assert.Equal(t, "ready\n", body)

	// The connection drops and the gateway refuses new ones: not ready.
	h.emu.Fault(dingtalktest.Fault{Path: "/v1.0/gateway/connections/open", Kind: "systemError"})
	h.emu.DropConnections()
	testkit.WaitFor(t, 10*time.Second, "/readyz 503 while disconnected", func() bool {
		code, body := health(t, h.app, "/readyz")
		return code == 503 && body == "stream: not connected\n"
	})
	code, _ = health(t, h.app, "/healthz")
	assert.Equal(t, 200, code)

	h.emu.ClearFaults()
	testkit.WaitFor(t, 20*time.Second, "/readyz 200 after reconnecting", func() bool {
		code, _ := health(t, h.app, "/readyz")
		return code == 200
	})
}
