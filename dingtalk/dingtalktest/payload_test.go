package dingtalktest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pushedPayload returns the decoded payload of m as a raw client receives it.
func pushedPayload(t *testing.T, opts Options, m ChatMessage) map[string]any {
	t.Helper()
	s := setup(t, opts)
	ws := rawClient(t, s)
	s.Push(m)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(readFrame(t, ws).Data), &p))
	return p
}

func TestChatPayloads(t *testing.T) {
	t.Parallel()
	group := Chat{ID: "cidG==", Title: "G", Group: true}
	tests := []struct {
		name  string
		opts  Options
		msg   ChatMessage
		check func(t *testing.T, p map[string]any)
	}{
		{"union ids", Options{SendUnionIDs: true}, ChatMessage{From: "alice", Chat: group, Text: "x", Mentions: []string{"bob"}},
			func(t *testing.T, p map[string]any) {
				assert.Equal(t, "union-alice", p["senderUnionId"])
				assert.Equal(t, "union-bob", p["atUsers"].([]any)[1].(map[string]any)["unionId"])
			}},
		{"no union ids by default", Options{}, ChatMessage{From: "alice", Chat: group, Text: "x", Mentions: []string{"bob"}},
			func(t *testing.T, p map[string]any) {
				assert.NotContains(t, p, "senderUnionId")
				assert.NotContains(t, p["atUsers"].([]any)[1], "unionId")
			}},
		{"external sender", Options{}, ChatMessage{From: "eve", Text: "x"},
			func(t *testing.T, p map[string]any) {
				assert.Equal(t, "", p["senderStaffId"])
				assert.Equal(t, ExternalCorpID, p["senderCorpId"])
			}},
		{"richText keeps mentions", Options{}, ChatMessage{From: "alice", Chat: group, MsgType: "richText", Text: "/spotlight @Bob", Mentions: []string{"bob"}, StripMentionText: true},
			func(t *testing.T, p map[string]any) {
				assert.Equal(t, map[string]any{"richText": []any{map[string]any{"text": "/spotlight @Bob"}}}, p["content"])
				assert.NotContains(t, p, "text")
			}},
		{"picture", Options{}, ChatMessage{From: "alice", MsgType: "picture"},
			func(t *testing.T, p map[string]any) {
				assert.NotEmpty(t, p["content"].(map[string]any)["downloadCode"])
			}},
		{"mention text kept unless stripped", Options{}, ChatMessage{From: "alice", Chat: group, Text: "/聚焦 @张三", Mentions: []string{"carol"}},
			func(t *testing.T, p map[string]any) {
				assert.Equal(t, map[string]any{"content": " /聚焦 @张三"}, p["text"])
			}},
		{"ids and corp", Options{}, ChatMessage{From: "alice", Text: "x", MsgID: "msgFixed==", CorpID: "dingother"},
			func(t *testing.T, p map[string]any) {
				assert.Equal(t, "msgFixed==", p["msgId"])
				assert.Equal(t, "dingother", p["chatbotCorpId"])
				assert.Equal(t, "1", p["conversationType"])
				assert.Equal(t, false, p["isAdmin"])
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.check(t, pushedPayload(t, tc.opts, tc.msg))
		})
	}
}

func TestPushRaw(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	ws := rawClient(t, s)
	id := s.PushRaw(TopicBotMessage, "{not json")
	f := readFrame(t, ws)
	assert.Equal(t, id, f.Headers["messageId"])
	assert.Equal(t, "{not json", f.Data)
	assert.Equal(t, "1.0", f.SpecVersion)
	assert.NotEmpty(t, f.Headers["connectionId"])
	assert.Equal(t, "application/json", f.Headers["contentType"])
}

func TestPushUnknownUserPanics(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	assert.Panics(t, func() { s.Push(ChatMessage{From: "zed"}) })
	assert.Panics(t, func() { s.Push(ChatMessage{From: "bob", Mentions: []string{"zed"}}) })
}

func TestChatPayloadStringNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     Options
		msg      ChatMessage
		asString bool
	}{
		{"numbers by default", Options{}, ChatMessage{From: "alice", Text: "x"}, false},
		{"option", Options{StringNumbers: true}, ChatMessage{From: "alice", Text: "x"}, true},
		{"per message", Options{}, ChatMessage{From: "alice", Text: "x", StringNumbers: true}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := pushedPayload(t, tc.opts, tc.msg)
			for _, k := range []string{"createAt", "sessionWebhookExpiredTime"} {
				if tc.asString {
					assert.IsType(t, "", p[k], k)
					assert.Regexp(t, `^[0-9]{13}$`, p[k], k)
				} else {
					assert.IsType(t, float64(0), p[k], k)
				}
			}
		})
	}
}

func TestJSONMillisRoundTrip(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`1695283635765`, `"1695283635765"`} {
		var m jsonMillis
		require.NoError(t, json.Unmarshal([]byte(in), &m))
		assert.Equal(t, int64(1695283635765), m.ms)
		out, err := json.Marshal(m)
		require.NoError(t, err)
		assert.Equal(t, in, string(out))
	}
	var m jsonMillis
	assert.Error(t, json.Unmarshal([]byte(`"soon"`), &m))
}
