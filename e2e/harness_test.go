package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/internal/testkit"
)

// The end-to-end tests run the real bot — store, DingTalk client, commands,
// the real stream SDK over a real websocket — against the DingTalk emulator.

// People and chats of the test organisation.
const (
	host  = "host01"  // Wei Lin 林伟, host of the weekly meeting
	alice = "alice01" // member
	bob   = "bob01"   // member; host of the design review
	carol = "carol01" // co-host of the weekly meeting
	dave  = "dave01"  // member
	alan  = "alan01"  // member; "Al" is ambiguous between Alice and Alan
	zhang = "zhang01" // 张三, member
	li    = "li01"    // 李四, member
	eve   = "eve01"   // in the org, in no meeting
)

var opsGroup = dingtalktest.Chat{ID: "cidOpsGroup==", Title: "Ops", Group: true}

type harness struct {
	t       *testing.T
	emu     *dingtalktest.Server
	cfg     config.Config
	logs    *testkit.LogBuffer
	weekly  string // conferenceId of 周会 Weekly sync, hosted by host
	review  string // conferenceId of Design review, hosted by bob
	stopBot func()
	app     *app.App      // the running bot started by startBot
	clock   testkit.Clock // the commands clock; tests move it with advance
}

type option func(*dingtalktest.Options, *config.Config)

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	var eo dingtalktest.Options
	cfg := config.Config{
		Store: filepath.Join(t.TempDir(), "meetbot.db"), HTTPAddr: "127.0.0.1:0",
		APIQPS: 0, CommandTimeout: 5 * time.Second, Workers: 8, Queue: 1000, LogLevel: "debug", LogFormat: "json",
		RemindBefore: 5 * time.Minute, TimeZone: "Asia/Shanghai",
	}
	for _, o := range opts {
		o(&eo, &cfg)
	}
	emu := testkit.Emulator(t, eo)
	h := &harness{t: t, emu: emu, logs: &testkit.LogBuffer{}}
	cfg.ClientID, cfg.ClientSecret = emu.Options().ClientID, emu.Options().ClientSecret
	cfg.APIURL, cfg.OAPIURL = emu.URL(), emu.URL()
	h.cfg = cfg
	h.seed()
	h.startBot()
	t.Cleanup(h.checkNoSecretsLogged)
	return h
}

func (h *harness) seed() {
	for _, u := range []dingtalktest.User{
		{UserID: host, Name: "Wei Lin 林伟"}, {UserID: alice, Name: "Alice"}, {UserID: bob, Name: "Bob"},
		{UserID: carol, Name: "Carol"}, {UserID: dave, Name: "Dave"}, {UserID: alan, Name: "Alan"},
		{UserID: zhang, Name: "张三"}, {UserID: li, Name: "李四"}, {UserID: eve, Name: "Eve"},
	} {
		h.emu.AddUser(u)
	}
	h.weekly = h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "周会 Weekly sync", HostUserID: host,
		Members: []string{alice, bob, carol, dave, alan, zhang, li}, CoHosts: []string{carol}, RoomCode: "838722123"})
	h.review = h.emu.AddMeeting(dingtalktest.MeetingSpec{Title: "Design review", HostUserID: bob,
		Members: []string{alice, carol}, RoomCode: "555000111"})
}

// startBot runs the bot until the test ends or stopBot is called, and waits
// until its stream is connected.
func (h *harness) startBot() { h.startBotWith() }

// startBotWith is startBot with opts added to the bot's start options.
func (h *harness) startBotWith(opts ...app.Option) *replica {
	h.t.Helper()
	r := h.launch(h.cfg, opts...)
	h.app, h.stopBot = r.app, func() { r.stop() }
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	require.NoError(h.t, h.emu.WaitConnected(wctx, 1))
	// The emulator counts the connection as soon as it accepts it; the bot
	// marks itself connected once its dial returns, a moment later.
	testkit.WaitFor(h.t, 10*time.Second, "the bot to see its stream connected", h.app.Connected)
	return r
}

// spaced is a 9-digit meeting number as replies show it: "838 722 123".
func spaced(code string) string {
	if len(code) != 9 {
		return code
	}
	return code[:3] + " " + code[3:6] + " " + code[6:]
}

// say pushes a message and returns the bot's reply text.
func (h *harness) say(m dingtalktest.ChatMessage) string {
	h.t.Helper()
	if m.Chat.ID == "" {
		m.Chat = opsGroup
	}
	id := h.emu.Push(m)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := h.emu.WaitReply(ctx, id)
	require.NoError(h.t, err, "no reply to %q", m.Text)
	return r.Text
}

// group sends text in the Ops group as from, mentioning the given users.
func (h *harness) group(from, text string, mentions ...string) string {
	h.t.Helper()
	return h.say(dingtalktest.ChatMessage{From: from, Text: text, Mentions: mentions})
}

// dm sends text in from's 1:1 chat with the bot.
func (h *harness) dm(from, text string) string {
	h.t.Helper()
	return h.say(dingtalktest.ChatMessage{From: from, Text: text, Chat: dingtalktest.Chat{ID: "cidDM" + from}})
}

func (h *harness) meeting(id string) dingtalktest.MeetingState {
	h.t.Helper()
	m, ok := h.emu.Meeting(id)
	require.True(h.t, ok)
	return m
}

func (h *harness) unionID(userID string) string {
	u, ok := h.emu.User(userID)
	require.True(h.t, ok)
	return u.UnionID
}

// controlCalls counts the calls that change a meeting: its controls and
// its settings (PUT videoConferences/{id}).
func (h *harness) controlCalls() int {
	const prefix = "/v1.0/conference/videoConferences/"
	n := 0
	for _, c := range h.emu.Calls() {
		rest, ok := strings.CutPrefix(c.Path, prefix)
		switch {
		case !ok:
		case c.Method == http.MethodPut && !strings.Contains(rest, "/"):
			n++
		default:
			for _, suffix := range []string{"/focus", "/coHosts/set", "/allMembers/mute", "/lock", "/members/mute",
				"/members/kick", "/users/invite"} {
				if strings.HasSuffix(rest, suffix) {
					n++
				}
			}
		}
	}
	return n
}

// checkNoSecretsLogged fails the test if the client secret or an access
// token header ever reached the bot's log.
func (h *harness) checkNoSecretsLogged() {
	logs := h.logs.String()
	assert.NotContains(h.t, logs, h.cfg.ClientSecret, "client secret in the logs")
	for _, tok := range h.emu.IssuedTokens() {
		assert.NotContains(h.t, logs, tok, "an access token the emulator issued is in the logs")
	}
	assert.NotContains(h.t, logs, "x-acs-dingtalk-access-token", "token header in the logs")
	assert.NotContains(h.t, strings.ReplaceAll(logs, "access_token=REDACTED", ""), "access_token=", "token in the logs")
}

// replica is one running bot process (in-process: the app and its stream).
type replica struct {
	app     *app.App
	stop    func()       // cancels the bot, waits until it has shut down and requires it clean; idempotent
	stopErr func() error // cancels the bot and returns its Wait error, for shutdown tests
}

// launch starts a bot with cfg and the harness's options plus opts,
// logging into the harness's log buffer, and returns without waiting for
// its stream to connect. It is stopped when the test ends, and must then
// shut down cleanly unless the test stopped it with stopErr.
func (h *harness) launch(cfg config.Config, opts ...app.Option) *replica {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := zerolog.New(h.logs).Level(zerolog.DebugLevel)
	a, err := app.Start(ctx, cfg, log, append([]app.Option{app.WithClock(h.clock.Now)}, opts...)...)
	require.NoError(h.t, err)
	done := make(chan error, 1)
	go func() { done <- a.Wait(ctx) }()
	var once sync.Once
	var werr error
	checked := false
	r := &replica{app: a}
	r.stopErr = func() error {
		once.Do(func() { cancel(); werr = <-done })
		return werr
	}
	r.stop = func() {
		if !checked {
			checked = true
			require.NoError(h.t, r.stopErr())
		}
	}
	h.t.Cleanup(func() { r.stop() })
	return r
}

// restart stops the harness's bot and starts another on the same
// configuration with opts added (a clock on the store, a store that
// fails, a short shutdown grace), waiting until it is connected. It
// returns the new bot's stopErr: the test looks at its error itself.
func (h *harness) restart(opts ...app.Option) (stop func() error) {
	h.t.Helper()
	h.stopBot()
	h.waitNoConnections()
	r := h.startBotWith(opts...)
	r.stop = func() { _ = r.stopErr() }
	return r.stopErr
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

// redisURL is the single Redis (MEETBOT_TEST_REDIS) the test uses; the
// test skips when it is unset.
func redisURL(t *testing.T) string {
	t.Helper()
	return testkit.RedisTargets[0].DSN(t)
}

// forEachRedis runs test once per test Redis deployment: one server
// (MEETBOT_TEST_REDIS) and a Redis Cluster (MEETBOT_TEST_REDIS_CLUSTER),
// as parallel subtests; each skips when its variable is unset.
func forEachRedis(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, target := range testkit.RedisTargets {
		t.Run(target.Name, func(t *testing.T) {
			t.Parallel()
			test(t, target.DSN(t))
		})
	}
}

// withRedis stores state in Redis at url. Every test gets its own corpId,
// and every key the bot writes carries the corpId, so parallel tests (and
// earlier runs) sharing the database never see each other's state.
func withRedis(url string) option {
	corp := fmt.Sprintf("dingcorp%d", time.Now().UnixNano())
	return func(o *dingtalktest.Options, c *config.Config) {
		// A Client ID of its own too: the meeting watcher's keys are the app's.
		c.Store, o.CorpID, o.ClientID = url, corp, "ding"+corp
	}
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

// advance moves the bot's commands clock forward by d.
func (h *harness) advance(d time.Duration) { h.clock.Advance(d) }

// scrape fetches /metrics from the running bot over HTTP.
func (h *harness) scrape() string {
	h.t.Helper()
	resp, err := http.Get("http://" + h.app.HealthAddr() + "/metrics")
	require.NoError(h.t, err)
	defer resp.Body.Close()
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	b, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return string(b)
}

// metric is the value of one series, e.g.
// `meetbot_commands_total{command="spotlight",outcome="ok"}`, or 0 when
// it is not exposed (yet).
func (h *harness) metric(series string) float64 {
	h.t.Helper()
	for _, line := range strings.Split(h.scrape(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			require.NoError(h.t, err, line)
			return f
		}
	}
	return 0
}

// eventually waits until cond holds, failing the test after 15 s.
func (h *harness) eventually(cond func() bool, what string) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline, not synchronising
	}
}

// waitMetric waits until series has the value want: the bot counts a
// command just after sending its reply.
func (h *harness) waitMetric(series string, want float64) {
	h.t.Helper()
	h.eventually(func() bool { return h.metric(series) == want }, series+" = "+strconv.FormatFloat(want, 'g', -1, 64))
}

// auditRecords reads the weekly meeting's audit list from the bot's store.
func (h *harness) auditRecords() []map[string]any {
	h.t.Helper()
	require.NoError(h.t, h.app.Flush(context.Background()))
	raw, err := h.app.Store().Last(context.Background(), "audit:"+h.emu.Options().CorpID+":"+h.weekly, 100)
	require.NoError(h.t, err)
	out := make([]map[string]any, len(raw))
	for i, b := range raw {
		require.NoError(h.t, json.Unmarshal(b, &out[i]))
	}
	return out
}

// logLines counts the bot's log lines that contain every one of parts.
func (h *harness) logLines(parts ...string) int {
	n := 0
	for _, line := range strings.Split(h.logs.String(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			n++
		}
	}
	return n
}

// waitRepliesTo waits until message id has at least n replies, and
// returns their texts.
func (h *harness) waitRepliesTo(id string, n int) []string {
	h.t.Helper()
	var texts []string
	testkit.WaitFor(h.t, 10*time.Second, "the replies to "+id, func() bool {
		texts = texts[:0]
		for _, r := range h.emu.Replies() {
			if r.MsgID == id {
				texts = append(texts, r.Text)
			}
		}
		return len(texts) >= n
	})
	return texts
}

// withChatQueue sets MEETBOT_CHAT_QUEUE, the share of the queue one chat
// may fill.
func withChatQueue(n int) option {
	return func(_ *dingtalktest.Options, c *config.Config) { c.ChatQueue = n }
}

// focusBodies are the bodies of the focus calls made after the first skip calls.
func (h *harness) focusBodies(skip int) []string {
	var out []string
	for _, c := range h.emu.Calls()[skip:] {
		if strings.HasSuffix(c.Path, "/focus") {
			out = append(out, string(c.Body))
		}
	}
	return out
}
