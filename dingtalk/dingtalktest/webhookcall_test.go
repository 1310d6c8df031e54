package dingtalktest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookMsgID(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []Call
	s := setup(t, Options{OnCall: func(c Call) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, c)
	}})
	id, hook := pushAndHook(t, s, ChatMessage{From: "alice", Chat: Chat{Title: "Ops", Group: true}, Text: "/status"})
	do(t, s, "POST", hook, "", map[string]any{"msgtype": "text", "text": map[string]string{"content": "hi"}})
	do(t, s, "POST", hook, "", map[string]any{"msgtype": "text"}) // 40035: not a reply
	do(t, s, "POST", "/robot/sendBySession?session=nope", "", map[string]any{"msgtype": "text", "text": map[string]string{"content": "x"}})

	mu.Lock()
	defer mu.Unlock()
	var got []string
	hooks := 0
	for _, c := range seen {
		if c.Path == "/robot/sendBySession" {
			hooks++
		}
		msgID, ok := s.WebhookMsgID(c)
		if ok {
			got = append(got, msgID)
		}
	}
	require.Equal(t, 3, hooks)
	assert.Equal(t, []string{id}, got)
	_, ok := s.WebhookMsgID(Call{Path: "/v1.0/robot/groupMessages/send", Status: 200})
	assert.False(t, ok)
}

func TestSessionParam(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ query, want string }{
		{"session=abc", "abc"},
		{"x=1&session=a%2Bb", "a+b"},
		{"x=1", ""},
		{"session=%zz", ""},
		{"", ""},
	} {
		assert.Equal(t, tc.want, sessionParam(tc.query), tc.query)
	}
}
