package dingtalk

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A message must not be sent twice: a send is retried only after an answer
// that proves DingTalk did nothing.
func TestSendsRetryOnlyWhenDingTalkDidNotAct(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		first     func(w http.ResponseWriter)
		wantCalls int32
		wantErr   bool
	}{
		{"system error may have sent it: no retry", func(w http.ResponseWriter) {
			writeJSON(w, 500, `{"code":"systemError","message":"systemError:x","requestid":"r1"}`)
		}, 1, true},
		{"gateway timeout may have sent it: no retry", func(w http.ResponseWriter) { w.WriteHeader(504) }, 1, true},
		{"rate limited did not send it: retried", func(w http.ResponseWriter) {
			writeJSON(w, 403, `{"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi","message":"qps","requestid":"r1"}`)
		}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var calls atomic.Int32
			handler := func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) == 1 {
					tt.first(w)
					return
				}
				writeJSON(w, 200, `{"errcode":0,"errmsg":"ok","processQueryKey":"k"}`)
			}
			f.mux.HandleFunc("POST /v1.0/robot/groupMessages/send", handler)
			_, err := f.client.Messages.GroupSend(context.Background(), "robot", "cid", Message{Text: "hi"})
			assert.Equal(t, tt.wantErr, err != nil, "err: %v", err)
			assert.Equal(t, tt.wantCalls, calls.Load())

			calls.Store(0)
			f.mux.HandleFunc("POST /robot/sendBySession", handler)
			err = f.client.Messages.ReplyWebhook(context.Background(), f.server.URL+"/robot/sendBySession?session=s", Message{Text: "hi"})
			assert.Equal(t, tt.wantErr, err != nil, "err: %v", err)
			assert.Equal(t, tt.wantCalls, calls.Load())
		})
	}
}

func TestRefusedUnsent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	assert.True(t, refusedUnsent(ctx, &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"}))
	assert.True(t, refusedUnsent(ctx, &netError{err: &net.OpError{Op: "dial", Err: net.UnknownNetworkError("x")}}))
	assert.False(t, refusedUnsent(ctx, &netError{err: &net.OpError{Op: "read", Err: net.UnknownNetworkError("x")}}))
	assert.False(t, refusedUnsent(ctx, &APIError{HTTPStatus: 500, Code: "systemError"}))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.False(t, refusedUnsent(cancelled, &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"}))
}
