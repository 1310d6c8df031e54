package dingtalk

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplyWebhook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		msg      Message
		wantBody string
	}{
		{"text with mention", Message{Text: "@u1 done", AtUserIDs: []string{"u1"}},
			`{"msgtype":"text","text":{"content":"@u1 done"},"at":{"atUserIds":["u1"]}}`},
		{"markdown", Message{Type: Markdown, Title: "Meeting", Text: "### Spotlight\n- on **Alice**"},
			`{"msgtype":"markdown","markdown":{"title":"Meeting","text":"### Spotlight\n- on **Alice**"}}`},
		{"markdown default title", Message{Type: Markdown, Text: "## Spotlight on Alice\nmore", AtAll: true},
			`{"msgtype":"markdown","markdown":{"title":"Spotlight on Alice","text":"## Spotlight on Alice\nmore"},"at":{"isAtAll":true}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("POST /robot/sendBySession", func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "abc", r.URL.Query().Get("session"))
				assert.Empty(t, r.URL.Query().Get("access_token"), "session webhooks take no token")
				assert.Empty(t, r.Header.Get("x-acs-dingtalk-access-token"))
				testJSONBody(t, r, tt.wantBody)
				writeJSON(w, 200, `{"errcode":0,"errmsg":"ok"}`)
			})
			require.NoError(t, f.client.Messages.ReplyWebhook(context.Background(), f.server.URL+"/robot/sendBySession?session=abc", tt.msg))
			assert.Equal(t, int32(0), f.fetches.Load())
		})
	}
}

func TestReplyWebhookErrcodeIsAnError(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /robot/sendBySession", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"errcode":300001,"errmsg":"session expired"}`)
	})
	err := f.client.Messages.ReplyWebhook(context.Background(), f.server.URL+"/robot/sendBySession?session=abc", Message{Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "300001", apiErr.Code)
}

func TestReplyWebhookHostCheck(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var hits atomic.Int32
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	other := setup(t) // a second server: same scheme, other host:port
	other.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	host := f.server.Listener.Addr().String()
	tests := []struct{ name, url string }{
		{"other host", other.server.URL + "/robot/sendBySession?session=SECRETSESSION"},
		{"other scheme", "https://" + host + "/robot/sendBySession?session=SECRETSESSION"},
		{"userinfo trick", "http://" + host + "@evil.example/robot/sendBySession?session=SECRETSESSION"},
		{"relative", "/robot/sendBySession?session=SECRETSESSION"},
		{"opaque", "http:" + host + "?session=SECRETSESSION"},
		{"unparsable", "http://" + host + "/%zz?session=SECRETSESSION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.client.Messages.ReplyWebhook(context.Background(), tt.url, Message{Text: "hi"})
			require.ErrorIs(t, err, ErrForeignWebhook)
			assert.NotContains(t, err.Error(), "SECRETSESSION")
		})
	}
	assert.Equal(t, int32(0), hits.Load())
}

func TestReplyWebhookUnknownType(t *testing.T) {
	t.Parallel()
	f := setup(t)
	err := f.client.Messages.ReplyWebhook(context.Background(), f.server.URL+"/robot/sendBySession?session=a", Message{Type: "link"})
	assert.Error(t, err)
}

func TestGroupSend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		msg       Message
		wantKey   string
		wantParam string
	}{
		{"text", Message{Text: "hello"}, "sampleText", `{"content":"hello"}`},
		{"markdown", Message{Type: Markdown, Title: "T", Text: "**x**"}, "sampleMarkdown", `{"title":"T","text":"**x**"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("POST /v1.0/robot/groupMessages/send", func(w http.ResponseWriter, r *http.Request) {
				testV1Auth(t, r, token(1))
				var in groupSendRequest
				decodeBody(t, r, &in)
				assert.Equal(t, "robot", in.RobotCode)
				assert.Equal(t, "cid1", in.OpenConversationID)
				assert.Equal(t, tt.wantKey, in.MsgKey)
				assert.JSONEq(t, tt.wantParam, in.MsgParam)
				writeJSON(w, 200, `{"processQueryKey":"pqk"}`)
			})
			got, err := f.client.Messages.GroupSend(context.Background(), "robot", "cid1", tt.msg)
			require.NoError(t, err)
			assert.Equal(t, "pqk", got)
		})
	}
}

func TestOtoSend(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /v1.0/robot/oToMessages/batchSend", func(w http.ResponseWriter, r *http.Request) {
		testV1Auth(t, r, token(1))
		testJSONBody(t, r, `{"robotCode":"robot","userIds":["u1","u2"],"msgKey":"sampleText","msgParam":"{\"content\":\"hi\"}"}`)
		writeJSON(w, 200, `{"processQueryKey":"pqk","invalidStaffIdList":["u2"],"flowControlledStaffIdList":[],"filteredStaffIdList":[]}`)
	})
	got, err := f.client.Messages.OtoSend(context.Background(), "robot", []string{"u1", "u2"}, Message{Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, &OtoResult{ProcessQueryKey: "pqk", InvalidStaffIDs: []string{"u2"},
		FlowControlledStaffIDs: []string{}, FilteredStaffIDs: []string{}}, got)

	_, err = f.client.Messages.OtoSend(context.Background(), "robot", make([]string, 21), Message{Text: "hi"})
	assert.Error(t, err, "more than 20 users")
	_, err = f.client.Messages.OtoSend(context.Background(), "robot", nil, Message{Text: "hi"})
	assert.Error(t, err, "no users")
}
