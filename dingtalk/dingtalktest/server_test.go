package dingtalktest

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartAndOnCall(t *testing.T) {
	t.Parallel()
	calls := make(chan Call, 4)
	s, err := Start("127.0.0.1:0", Options{ClientID: "app", OnCall: func(c Call) { calls <- c }})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, "app", s.Options().RobotCode, "RobotCode defaults to ClientID")
	r := do(t, s, "POST", "/v1.0/oauth2/accessToken", "", map[string]string{"appKey": "app", "appSecret": "emulator-secret"})
	require.Equal(t, http.StatusOK, r.status)
	c := receive(t, calls)
	assert.Equal(t, "/v1.0/oauth2/accessToken", c.Path)
	assert.Equal(t, http.StatusOK, c.Status)
	assert.JSONEq(t, `{"appKey":"app","appSecret":"***"}`, string(c.Body))
	s.Close()
	s.Close()
}

// ownGoroutines counts goroutines running emulator code.
func ownGoroutines() int {
	buf := make([]byte, 1<<22)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "dingtalktest.(*")
}

func TestCloseReleasesState(t *testing.T) {
	t.Parallel()
	s, err := Start("127.0.0.1:0", Options{Redeliver: true, AckTimeout: time.Hour})
	require.NoError(t, err)
	s.AddUser(User{UserID: "bob"})
	ws := rawClient(t, s)
	s.Push(ChatMessage{From: "bob", Text: "x"})
	readFrame(t, ws)
	s.Disconnect("bye")
	s.Close()
	_ = ws.Close()
	_, err = s.WaitAck(context.Background(), "never")
	assert.ErrorIs(t, err, ErrClosed)
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	assert.Empty(t, s.stream.live)
	assert.Empty(t, s.stream.inflight)
}

// TestNoGoroutinesAfterClose is not parallel: it runs before every parallel
// test resumes, so any emulator goroutine left is a leak.
func TestNoGoroutinesAfterClose(t *testing.T) {
	s, err := Start("127.0.0.1:0", Options{Redeliver: true, AckTimeout: time.Hour})
	require.NoError(t, err)
	s.AddUser(User{UserID: "bob"})
	ws := rawClient(t, s)
	s.Push(ChatMessage{From: "bob", Text: "x"})
	readFrame(t, ws)
	s.Disconnect("bye")
	s.Close()
	_ = ws.Close()
	assert.Equal(t, 0, ownGoroutines())
}

// ackAll reads frames from ws, acks each, and reports the chat msgIds seen.
func ackAll(t *testing.T, ws *websocket.Conn, seen chan<- string) {
	for {
		var f wireFrame
		if ws.ReadJSON(&f) != nil {
			return
		}
		var p chatPayload
		if jsonUnmarshal(f.Data, &p) == nil {
			seen <- p.MsgID
		}
		ack := map[string]any{"code": 200, "headers": map[string]string{"messageId": f.Headers["messageId"]}, "data": ""}
		if ws.WriteJSON(ack) != nil {
			return
		}
	}
}

func TestConcurrentPushesDeliveredOnce(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	const n = 1000
	seen := make(chan string, n)
	for range 2 {
		go ackAll(t, rawClient(t, s), seen)
	}
	require.NoError(t, s.WaitConnected(ctxT(t), 2))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n / 4 {
				s.Push(ChatMessage{From: "bob", Chat: Chat{ID: "cid" + itoa(w), Group: true}, Text: "x"})
			}
		}()
	}
	wg.Wait()
	acks, err := s.WaitAcks(ctxT(t), n)
	require.NoError(t, err)
	assert.Len(t, acks, n)
	got := map[string]bool{}
	for range n {
		id := receive(t, seen)
		assert.False(t, got[id], "delivered twice: %s", id)
		got[id] = true
	}
}

func BenchmarkPushAck(b *testing.B) {
	s, err := Start("127.0.0.1:0", Options{})
	require.NoError(b, err)
	defer s.Close()
	s.AddUser(User{UserID: "bob"})
	ws := rawClient(b, s)
	seen := make(chan string, 1024)
	go func() {
		for {
			var f wireFrame
			if ws.ReadJSON(&f) != nil {
				return
			}
			_ = ws.WriteJSON(map[string]any{"code": 200, "headers": map[string]string{"messageId": f.Headers["messageId"]}})
			seen <- f.Headers["messageId"]
		}
	}()
	b.ResetTimer()
	for range b.N {
		s.Push(ChatMessage{From: "bob", Text: "x"})
		<-seen
	}
}
