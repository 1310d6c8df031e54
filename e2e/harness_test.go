package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	// startOpts are added to the bot's start options (launch).
	startOpts []app.Option
}

type option func(*dingtalktest.Options, *config.Config)

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	var eo dingtalktest.Options
	cfg := config.Config{
		Store: filepath.Join(t.TempDir(), "meetbot.db"), HTTPAddr: "127.0.0.1:0",
		APIQPS: 0, CommandTimeout: 5 * time.Second, Workers: 8, Queue: 1000, LogLevel: "debug", LogFormat: "json",
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
func (h *harness) startBot() {
	h.t.Helper()
	r := h.launch(h.cfg)
	h.app, h.stopBot = r.app, r.stop
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	require.NoError(h.t, h.emu.WaitConnected(wctx, 1))
	// The emulator counts the connection as soon as it accepts it; the bot
	// marks itself connected once its dial returns, a moment later.
	testkit.WaitFor(h.t, 10*time.Second, "the bot to see its stream connected", h.app.Connected)
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

// controlCalls counts the calls that change a meeting.
func (h *harness) controlCalls() int {
	n := 0
	for _, suffix := range []string{"/focus", "/coHosts/set", "/allMembers/mute", "/lock"} {
		for _, c := range h.emu.Calls() {
			if strings.HasPrefix(c.Path, "/v1.0/conference/videoConferences/") && strings.HasSuffix(c.Path, suffix) {
				n++
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
