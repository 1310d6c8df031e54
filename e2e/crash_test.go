package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/store"
)

// crashChildEnv, when set, turns TestChildBot into a bot process configured
// from the environment, for TestE2EKillDuringBurst to kill -9.
const crashChildEnv = "MEETBOT_CRASH_CHILD"

// TestChildBot runs the real bot until it is killed (child side of
// TestE2EKillDuringBurst).
func TestChildBot(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("run by TestE2EKillDuringBurst only")
	}
	cfg, err := config.Load()
	require.NoError(t, err)
	require.NoError(t, app.Run(context.Background(), cfg, zerolog.New(os.Stderr)))
}

// startChildBot starts a bot process on h's emulator and store. env is
// added to the environment it inherits (a later entry wins); the
// variables named in unset are left out of it.
func startChildBot(t *testing.T, h *harness, env []string, unset ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildBot$", "-test.count=1")
	inherited := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(unset, name)
	})
	cmd.Env = append(inherited, crashChildEnv+"=1",
		"DINGTALK_CLIENT_ID="+h.cfg.ClientID, "DINGTALK_CLIENT_SECRET="+h.cfg.ClientSecret,
		"DINGTALK_API_URL="+h.cfg.APIURL, "DINGTALK_OAPI_URL="+h.cfg.OAPIURL,
		"MEETBOT_STORE="+h.cfg.Store, "MEETBOT_HTTP_ADDR=127.0.0.1:0", "MEETBOT_API_QPS=0", "LOG_LEVEL=info")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = h.logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// TestE2EKillDuringBurst: kill -9 the bot process in the middle of a
// burst; the store opens again, every binding made before is intact, and
// the restarted bot carries on.
func TestE2EKillDuringBurst(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.stopBot() // the bots of this test are child processes
	h.waitNoConnections()
	child := startChildBot(t, h, nil)
	h.waitConnections(1)
	b := newBurst(h)
	b.bind()
	b.plan(faultBurst)
	replies := len(h.emu.Replies())

	b.push()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := h.emu.WaitReplies(ctx, replies+faultBurst/4)
	require.NoError(t, err)
	require.NoError(t, child.Process.Kill()) // SIGKILL: no shutdown code runs
	_ = child.Wait()

	st, err := store.Open(ctx, h.cfg.Store)
	require.NoError(t, err, "the store opens after kill -9")
	for _, c := range b.chats {
		raw, ok, err := st.Get(ctx, "bind:"+h.emu.Options().CorpID+":"+c.chat.ID)
		require.NoError(t, err)
		require.True(t, ok, "binding of %s", c.chat.Title)
		var bound struct {
			MeetingID string `json:"meetingId"`
		}
		require.NoError(t, json.Unmarshal(raw, &bound), "binding of %s is intact", c.chat.Title)
		assert.Equal(t, c.meeting, bound.MeetingID, "binding of %s", c.chat.Title)
	}
	require.NoError(t, st.Close())

	h.waitNoConnections()
	startChildBot(t, h, nil)
	c := b.chats[0]
	reply := h.say(dingtalktestMessage(c.host, c, "/spotlight @M", c.members[2]))
	assert.Contains(t, reply, "spotlighted")
	assert.Equal(t, h.unionID(c.members[2]), h.meeting(c.meeting).Focus)
}

// dingtalktestMessage is a message from in chat c mentioning who.
func dingtalktestMessage(from string, c burstChat, text string, who ...string) dingtalktest.ChatMessage {
	return dingtalktest.ChatMessage{From: from, Chat: c.chat, Text: text, Mentions: who}
}
