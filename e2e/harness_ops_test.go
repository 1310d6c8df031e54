package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/internal/testkit"
)

// This file extends the e2e harness for the reliability tests (issue 6):
// extra bot instances (replicas, restarts), harness options, the health
// endpoints and size knobs for the burst tests.

// replica is one running bot process (in-process: the app and its stream).
type replica struct {
	app  *app.App
	stop func() // cancels the bot and waits until it has shut down; idempotent
}

// launch starts a bot with cfg, logging into the harness's log buffer, and
// returns without waiting for its stream to connect. It is stopped when
// the test ends.
func (h *harness) launch(cfg config.Config) *replica {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := zerolog.New(h.logs).Level(zerolog.DebugLevel)
	a, err := app.Start(ctx, cfg, log, append([]app.Option{app.WithClock(h.clock.Now)}, h.startOpts...)...)
	require.NoError(h.t, err)
	done := make(chan error, 1)
	go func() { done <- a.Wait(ctx) }()
	var once sync.Once
	r := &replica{app: a, stop: func() {
		once.Do(func() {
			cancel()
			require.NoError(h.t, <-done)
		})
	}}
	h.t.Cleanup(r.stop)
	return r
}

// waitConnections waits until the emulator has n live stream connections.
func (h *harness) waitConnections(n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(h.t, h.emu.WaitConnected(ctx, n), "%d stream connections", n)
}

// withQPS sets the bot's client-side limit per DingTalk API (0 = none).
func withQPS(qps int) option {
	return func(_ *dingtalktest.Options, c *config.Config) { c.APIQPS = qps }
}

// withServerQPS makes the emulator answer QPS-limit errors past qps calls
// per second per API, as DingTalk does.
func withServerQPS(qps int) option {
	return func(o *dingtalktest.Options, _ *config.Config) { o.QPSLimit = qps }
}

// withRedeliver makes the emulator push a frame again when its ack has
// not arrived within ackTimeout: a short timeout plays acks lost on the way.
func withRedeliver(ackTimeout time.Duration) option {
	return func(o *dingtalktest.Options, _ *config.Config) { o.Redeliver, o.AckTimeout = true, ackTimeout }
}

// withCommandTimeout sets MEETBOT_COMMAND_TIMEOUT.
func withCommandTimeout(d time.Duration) option {
	return func(_ *dingtalktest.Options, c *config.Config) { c.CommandTimeout = d }
}

// withQueue sets MEETBOT_WORKERS and MEETBOT_QUEUE.
func withQueue(workers, queue int) option {
	return func(_ *dingtalktest.Options, c *config.Config) { c.Workers, c.Queue = workers, queue }
}

// redisURL is the Redis the replica tests use, or "" to skip them.
func redisURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("MEETBOT_TEST_REDIS")
	if u == "" {
		t.Skip("MEETBOT_TEST_REDIS is unset: skipping the Redis replica test " +
			"(set it, e.g. MEETBOT_TEST_REDIS=redis://127.0.0.1:6379/15; .ci/run does)")
	}
	return u
}

// withRedis stores state in Redis at url. Every test gets its own corpId,
// and every key the bot writes carries the corpId, so parallel tests (and
// earlier runs) sharing the database never see each other's state.
func withRedis(url string) option {
	corp := fmt.Sprintf("dingcorp%d", time.Now().UnixNano())
	return func(o *dingtalktest.Options, c *config.Config) { c.Store, o.CorpID = url, corp }
}

// envInt reads a positive size knob from the environment, or def.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	require.NoError(t, err, "%s=%q", name, v)
	require.Positive(t, n, "%s=%q", name, v)
	return n
}

// health GETs path on a bot's health server and returns status and body.
func health(t *testing.T, a *app.App, path string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+a.HealthAddr()+path, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// waitNoConnections waits until the emulator has noticed that every
// stopped bot's connection is closed, so no push goes to a dead one.
func (h *harness) waitNoConnections() {
	h.t.Helper()
	testkit.WaitFor(h.t, 10*time.Second, "no stream connection left", func() bool { return h.emu.Connections() == 0 })
}
