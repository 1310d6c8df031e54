package dingtalk

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://oapi.dingtalk.com/topapi/v2/user/get?access_token=abc", "https://oapi.dingtalk.com/topapi/v2/user/get?access_token=REDACTED"},
		{"https://oapi.dingtalk.com/robot/sendBySession?session=xyz&x=1", "https://oapi.dingtalk.com/robot/sendBySession?session=REDACTED&x=1"},
		{"https://oapi.dingtalk.com/gettoken?appkey=k&AppSecret=s", "https://oapi.dingtalk.com/gettoken?AppSecret=REDACTED&appkey=k"},
		{"https://u:p@api.dingtalk.com/v1.0/x", "https://u:REDACTED@api.dingtalk.com/v1.0/x"},
		{"https://api.dingtalk.com/v1.0/x?unionId=u1", "https://api.dingtalk.com/v1.0/x?unionId=u1"},
		{"http://h/%zz?session=s", "[unparsable URL]"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redactURL(tt.in), tt.in)
	}
}

func TestRedactError(t *testing.T) {
	t.Parallel()
	in := &url.Error{Op: "Post", URL: "https://oapi.dingtalk.com/x?access_token=abc", Err: errors.New("EOF")}
	got := redactError(in)
	assert.Equal(t, `Post "https://oapi.dingtalk.com/x?access_token=REDACTED": EOF`, got.Error())
	plain := errors.New("plain")
	assert.Same(t, plain, redactError(plain))
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestNoSecretInErrorsOrLogs drives calls that succeed and fail in every
// way that involves the secret, a token or a session key, and greps every
// error string and log line for them.
func TestNoSecretInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	f := setup(t, WithLogger(zerolog.New(&logs).Level(zerolog.DebugLevel)))
	const session = "SESSION-KEY-42"
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"code":"InvalidAuthentication","message":"不合法的access_token"}`)
	})
	f.mux.HandleFunc("POST /topapi/v2/user/get", func(w http.ResponseWriter, r *http.Request) { hangUp(t, w) })
	f.mux.HandleFunc("POST /robot/sendBySession", func(w http.ResponseWriter, r *http.Request) { hangUp(t, w) })
	f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"confInfo":{"conferenceId":"c1"}}`)
	})
	ctx := context.Background()
	var errs []error
	_, err := f.client.Conference.Info(ctx, "c1")
	require.NoError(t, err)
	errs = append(errs, f.client.Conference.Focus(ctx, "c1", "u1"))
	_, err = f.client.Contacts.User(ctx, "u1")
	errs = append(errs, err)
	errs = append(errs,
		f.client.Messages.ReplyWebhook(ctx, f.server.URL+"/robot/sendBySession?session="+session, Message{Text: "hi"}),
		f.client.Messages.ReplyWebhook(ctx, "https://evil.example/robot/sendBySession?session="+session, Message{Text: "hi"}),
		NewClient(testAppKey, testSecret+"x", WithAPIURL(f.server.URL), WithLogger(zerolog.New(&logs))).Token(ctx),
		NewClient(testAppKey, testSecret, WithAPIURL("http://127.0.0.1:1"), WithRetry(1, 1, 1)).Token(ctx),
	)
	secrets := []string{testSecret, session, token(1), token(2), token(3), token(4), token(5)}
	for _, err := range errs {
		require.Error(t, err)
		for _, s := range secrets {
			assert.NotContains(t, err.Error(), s)
		}
	}
	out := logs.String()
	require.Greater(t, strings.Count(out, "\n"), 5, "the calls were logged")
	assert.Contains(t, out, `"route":"/v1.0/conference/videoConferences/{conferenceId}"`)
	assert.Contains(t, out, `"request_id":"hdr-req-id"`)
	for _, s := range secrets {
		assert.NotContains(t, out, s)
	}
	assert.Contains(t, errs[1].Error(), "access_token=REDACTED", "the transport error kept a redacted URL")
}
