package dingtalktest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pushAndHook pushes a message to a raw client and returns its msgId and
// the webhook path.
func pushAndHook(t *testing.T, s *Server, m ChatMessage) (string, string) {
	t.Helper()
	ws := rawClient(t, s)
	id := s.Push(m)
	f := readFrame(t, ws)
	var p chatPayload
	require.NoError(t, jsonUnmarshal(f.Data, &p))
	return id, strings.TrimPrefix(p.SessionWebhook, s.URL())
}

func TestWebhookReply(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	id, hook := pushAndHook(t, s, ChatMessage{From: "alice", Chat: Chat{Title: "Ops", Group: true}, Text: "/status"})
	r := do(t, s, "POST", hook, "", map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"title": "Meeting", "text": "### ok"}, "at": map[string]any{"atUserIds": []string{"alice"}}})
	assert.Equal(t, map[string]any{"errcode": float64(0), "errmsg": "ok"}, r.body)
	rep, err := s.WaitReply(ctxT(t), id)
	require.NoError(t, err)
	assert.Equal(t, "webhook", rep.Via)
	assert.Equal(t, id, rep.MsgID)
	assert.Equal(t, "markdown", rep.MsgType)
	assert.Equal(t, "Meeting", rep.Title)
	assert.Equal(t, "### ok", rep.Text)
	assert.Equal(t, []string{"alice"}, rep.AtUserIDs)
	assert.True(t, strings.HasPrefix(rep.ChatID, "cid"))

	bad := do(t, s, "POST", hook, "", map[string]any{"msgtype": "text"})
	assert.Equal(t, http.StatusOK, bad.status)
	assert.Equal(t, float64(40035), bad.body["errcode"])

	s.ExpireWebhooks()
	gone := do(t, s, "POST", hook, "", map[string]any{"msgtype": "text", "text": map[string]string{"content": "x"}})
	assert.Equal(t, float64(300001), gone.body["errcode"])
	assert.Len(t, s.Replies(), 1)
}

func TestRobotSends(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	tok := token(t, s)
	before := do(t, s, "POST", "/v1.0/robot/groupMessages/send", tok, map[string]string{"robotCode": "dingemulatorapp",
		"openConversationId": "cidOps==", "msgKey": "sampleText", "msgParam": `{"content":"early"}`})
	require.Equal(t, http.StatusOK, before.status, string(before.raw))
	groupMsg := s.Push(ChatMessage{From: "alice", Chat: Chat{ID: "cidOps==", Group: true}, Text: "/status"})
	otoMsg := s.Push(ChatMessage{From: "bob", Text: "/status"})

	r := do(t, s, "POST", "/v1.0/robot/groupMessages/send", tok, map[string]string{"robotCode": "dingemulatorapp",
		"openConversationId": "cidOps==", "msgKey": "sampleMarkdown", "msgParam": `{"title":"T","text":"**on**"}`})
	assert.NotEmpty(t, r.str("processQueryKey"))
	rep, err := s.WaitReply(ctxT(t), groupMsg)
	require.NoError(t, err)
	assert.Equal(t, Reply{ChatID: "cidOps==", Via: "group", MsgType: "markdown", MsgKey: "sampleMarkdown", Title: "T", Text: "**on**", Raw: rep.Raw}, rep)

	r = do(t, s, "POST", "/v1.0/robot/oToMessages/batchSend", tok, map[string]any{"robotCode": "dingemulatorapp",
		"userIds": []string{"bob", "zed"}, "msgKey": "sampleText", "msgParam": `{"content":"hi"}`})
	assert.Equal(t, []any{"zed"}, r.body["invalidStaffIdList"])
	rep, err = s.WaitReply(ctxT(t), otoMsg)
	require.NoError(t, err)
	assert.Equal(t, "oto", rep.Via)
	assert.Equal(t, "hi", rep.Text)

	tests := []struct {
		name string
		body map[string]any
	}{
		{"wrong robot", map[string]any{"robotCode": "x", "openConversationId": "c", "msgKey": "sampleText", "msgParam": `{"content":"a"}`}},
		{"unknown key", map[string]any{"robotCode": "dingemulatorapp", "openConversationId": "c", "msgKey": "sampleActionCard1", "msgParam": `{}`}},
		{"param not a string", map[string]any{"robotCode": "dingemulatorapp", "openConversationId": "c", "msgKey": "sampleText", "msgParam": map[string]string{"content": "a"}}},
		{"no conversation", map[string]any{"robotCode": "dingemulatorapp", "msgKey": "sampleText", "msgParam": `{"content":"a"}`}},
	}
	for _, tc := range tests {
		r := do(t, s, "POST", "/v1.0/robot/groupMessages/send", tok, tc.body)
		assert.Equal(t, http.StatusBadRequest, r.status, tc.name)
	}
}

func TestWaitReplyTimesOut(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	id := s.Push(ChatMessage{From: "bob", Text: "x"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := s.WaitReply(ctx, id)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	_, err = s.WaitReplies(ctx, 1)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
