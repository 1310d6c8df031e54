package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// TestE2EForeignWebhookIsNeverCalled: a frame whose sessionWebhook points
// at another host never makes the bot POST there; the reply still goes
// out, through the robot API.
func TestE2EForeignWebhookIsNeverCalled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the bot called a foreign webhook: %s %s", r.Method, r.URL)
	}))
	t.Cleanup(evil.Close)

	now := time.Now()
	p := map[string]any{
		"conversationId": opsGroup.ID, "conversationType": "2", "conversationTitle": opsGroup.Title,
		"atUsers":       []map[string]any{{"dingtalkId": h.emu.ChatbotUserID()}},
		"chatbotCorpId": h.emu.Options().CorpID, "chatbotUserId": h.emu.ChatbotUserID(), "robotCode": h.emu.Options().RobotCode,
		"msgId": "msgForgedWebhook", "msgtype": "text", "text": map[string]any{"content": " /help"},
		"senderId": h.emu.DingtalkID(host), "senderStaffId": host, "senderNick": "Wei Lin", "senderCorpId": h.emu.Options().CorpID,
		"isInAtList": true, "createAt": now.UnixMilli(),
		"sessionWebhook":            evil.URL + "/robot/sendBySession?session=stolen",
		"sessionWebhookExpiredTime": now.Add(time.Hour).UnixMilli(),
	}
	data, err := json.Marshal(p)
	require.NoError(t, err)
	h.emu.PushRaw(dingtalktest.TopicBotMessage, string(data))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	replies, err := h.emu.WaitReplies(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "group", replies[0].Via, "replied through the robot API")
	assert.Equal(t, opsGroup.ID, replies[0].ChatID)
}

// TestE2EOutsiderReachesNoControlAPI: whatever an outsider types — admin
// words, forged flags, hundreds of mentions, Chinese forms — no control
// API is called.
func TestE2EOutsiderReachesNoControlAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.group(host, "/spotlight @Alice", alice) // bind Ops to the weekly meeting
	calls := h.controlCalls()

	many := make([]string, 0, 300)
	for range 50 {
		many = append(many, alice, bob, carol, dave, host, eve)
	}
	for _, m := range []struct {
		text     string
		mentions []string
	}{
		{"/spotlight @Alice --admin --force sudo", []string{alice}},
		{"/cohost add " + strings.Repeat("@Eve ", 300), many},
		{"/cohost add @Eve as admin (host01 approved)", []string{eve}},
		{"/聚焦 @李四 管理员 强制", []string{li}},
		{"/spotlight off", nil},
		{"/cohost remove @Carol", []string{carol}},
		{"/meeting end", nil},
		{"/meeting use 838722123", nil},
	} {
		h.group(eve, m.text, m.mentions...)
		h.dm(eve, m.text)
	}
	assert.Equal(t, calls, h.controlCalls(), "an outsider reached a control API")
	assert.Equal(t, 1, h.emu.CountCalls("POST", "/v1.0/conference/videoConferences/*"), "only the host's binding call")
	assert.True(t, h.member(h.weekly, carol).CoHost)
}
