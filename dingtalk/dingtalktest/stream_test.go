package dingtalktest

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/card"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/chatbot"
	"github.com/open-dingtalk/dingtalk-stream-sdk-go/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sdkClient connects the real stream SDK; received messages and card
// requests arrive on the returned channels.
func sdkClient(t *testing.T, s *Server) (chan *chatbot.BotCallbackDataModel, chan *card.CardRequest) {
	t.Helper()
	msgs := make(chan *chatbot.BotCallbackDataModel, 16)
	cards := make(chan *card.CardRequest, 16)
	o := s.Options()
	cli := client.NewStreamClient(
		client.WithAppCredential(client.NewAppCredentialConfig(o.ClientID, o.ClientSecret)),
		client.WithOpenApiHost(s.URL()),
	)
	cli.RegisterChatBotCallbackRouter(func(_ context.Context, m *chatbot.BotCallbackDataModel) ([]byte, error) {
		msgs <- m
		return []byte(`{"response":null}`), nil
	})
	cli.RegisterCardCallbackRouter(func(_ context.Context, r *card.CardRequest) (*card.CardResponse, error) {
		cards <- r
		return &card.CardResponse{CardData: &card.CardDataDto{CardParamMap: map[string]string{"status": "done"}}}, nil
	})
	require.NoError(t, cli.Start(context.Background()))
	t.Cleanup(cli.Close)
	return msgs, cards
}

func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatal("nothing received")
	}
	var zero T
	return zero
}

func TestSDKReceivesChatMessage(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	msgs, _ := sdkClient(t, s)
	ctx := ctxT(t)
	require.NoError(t, s.WaitConnected(ctx, 1))

	chat := Chat{ID: "cidOps==", Title: "Ops", Group: true}
	id := s.Push(ChatMessage{From: "alice", Chat: chat, Text: "/spotlight @Bob ＠Eve", Mentions: []string{"bob", "eve"}, StripMentionText: true})
	m := receive(t, msgs)
	assert.Equal(t, id, m.MsgId)
	assert.Equal(t, " /spotlight  ", m.Text.Content)
	assert.Equal(t, "text", m.Msgtype)
	assert.Equal(t, "cidOps==", m.ConversationId)
	assert.Equal(t, "2", m.ConversationType)
	assert.Equal(t, "Ops", m.ConversationTitle)
	assert.Equal(t, []chatbot.BotCallbackDataAtUserModel{
		{DingtalkId: s.ChatbotUserID()},
		{DingtalkId: s.DingtalkID("bob"), StaffId: "bob"},
		{DingtalkId: s.DingtalkID("eve")},
	}, m.AtUsers)
	assert.Equal(t, s.ChatbotUserID(), m.ChatbotUserId)
	assert.Regexp(t, `^\$:LWCP_v1:\$`, m.SenderId)
	assert.Equal(t, "alice", m.SenderStaffId)
	assert.Equal(t, "Alice", m.SenderNick)
	assert.Equal(t, "dingemucorp", m.SenderCorpId)
	assert.Equal(t, "dingemucorp", m.ChatbotCorpId)
	assert.Equal(t, "dingemulatorapp", m.RobotCode)
	assert.True(t, m.IsInAtList)
	assert.Equal(t, m.CreateAt+int64(90*time.Minute/time.Millisecond), m.SessionWebhookExpiredTime)
	assert.Contains(t, m.SessionWebhook, s.URL()+"/robot/sendBySession?session=")

	acks, err := s.WaitAcks(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, 200, acks[0].Code)
	assert.Equal(t, `{"response":null}`, acks[0].Data)
}

func TestSDKReceivesCardClick(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	_, cards := sdkClient(t, s)
	id := s.PushCardClick(CardClick{UserID: "bob", OutTrackID: "mtg-1", ChatID: "cidOps==", Group: true,
		ActionID: "btn_stop", Params: map[string]string{"action": "cohost.remove:bob"}})
	r := receive(t, cards)
	assert.Equal(t, "mtg-1", r.OutTrackId)
	assert.Equal(t, "bob", r.UserId)
	assert.Equal(t, 1, r.UserIdType)
	assert.Equal(t, "cidOps==", r.SpaceId)
	assert.Equal(t, "actionCallback", r.Type)
	assert.Equal(t, []string{"btn_stop"}, r.CardActionData.CardPrivateData.ActionIdList)
	assert.Equal(t, "cohost.remove:bob", r.GetActionString("action"))

	ack, err := s.WaitAck(ctxT(t), id)
	require.NoError(t, err)
	assert.Equal(t, 200, ack.Code)
	var data struct {
		Response card.CardResponse `json:"response"`
	}
	require.NoError(t, json.Unmarshal([]byte(ack.Data), &data))
	assert.Equal(t, "done", data.Response.CardData.CardParamMap["status"])
}

func TestPushQueuedUntilConnect(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	id := s.Push(ChatMessage{From: "bob", Text: "hi"})
	msgs, _ := sdkClient(t, s)
	m := receive(t, msgs)
	assert.Equal(t, id, m.MsgId)
	assert.Equal(t, "1", m.ConversationType)
	assert.Equal(t, " hi", m.Text.Content)
	assert.Empty(t, m.AtUsers, "no bot entry in 1:1 chats")
}

func TestSDKReconnectsAfterDrop(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	msgs, _ := sdkClient(t, s)
	ctx := ctxT(t)
	require.NoError(t, s.WaitConnected(ctx, 1))
	s.DropConnections()
	assert.Equal(t, 0, s.Connections())
	id := s.Push(ChatMessage{From: "bob", Text: "after drop"})
	require.NoError(t, s.WaitConnected(ctx, 1))
	assert.Equal(t, id, receive(t, msgs).MsgId, "queued while nobody was connected")
	_, err := s.WaitAck(ctx, frameIDOf(t, s, 0))
	require.NoError(t, err)
}

// frameIDOf returns the messageId of the n-th recorded ack.
func frameIDOf(t *testing.T, s *Server, n int) string {
	acks, err := s.WaitAcks(ctxT(t), n+1)
	require.NoError(t, err)
	return acks[n].MessageID
}

func TestSDKDisconnectAndPing(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	sdkClient(t, s)
	ctx := ctxT(t)
	require.NoError(t, s.WaitConnected(ctx, 1))
	pings := s.Ping()
	require.Len(t, pings, 1)
	ack, err := s.WaitAck(ctx, pings[0])
	require.NoError(t, err)
	assert.Equal(t, 200, ack.Code)
	assert.Contains(t, ack.Data, `"opaque"`)

	ids := s.Disconnect("maintenance")
	require.Len(t, ids, 1)
	assert.Equal(t, 0, s.Connections(), "a draining connection takes no pushes")
	_, err = s.WaitAck(ctx, ids[0])
	require.NoError(t, err)
	require.NoError(t, s.WaitConnected(ctx, 1), "the SDK reconnects with a new ticket")
	assert.Equal(t, 2, s.CountCalls("POST", "/v1.0/gateway/connections/open"))
}

// rawClient opens a stream connection by hand, subscribed to the bot topic.
func rawClient(t testing.TB, s *Server) *websocket.Conn {
	t.Helper()
	return rawClientFor(t, s, TopicBotMessage)
}

// rawClientFor opens a stream connection by hand, subscribed to topic.
func rawClientFor(t testing.TB, s *Server, topic string) *websocket.Conn {
	t.Helper()
	o := s.Options()
	r := do(t, s, "POST", "/v1.0/gateway/connections/open", "", map[string]any{
		"clientId": o.ClientID, "clientSecret": o.ClientSecret,
		"subscriptions": []map[string]string{{"type": "CALLBACK", "topic": topic}},
	})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	ws, _, err := websocket.DefaultDialer.Dial(r.str("endpoint")+"?ticket="+r.str("ticket"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

func readFrame(t testing.TB, ws *websocket.Conn) wireFrame {
	t.Helper()
	require.NoError(t, ws.SetReadDeadline(time.Now().Add(15*time.Second)))
	var f wireFrame
	require.NoError(t, ws.ReadJSON(&f))
	return f
}

func TestRedeliverUnacked(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{Redeliver: true, AckTimeout: 50 * time.Millisecond})
	ws := rawClient(t, s)
	require.NoError(t, s.WaitConnected(ctxT(t), 1))
	id := s.Push(ChatMessage{From: "bob", Text: "hi"})
	first := readFrame(t, ws)
	again := readFrame(t, ws)
	assert.Equal(t, first.Headers["messageId"], again.Headers["messageId"])
	assert.Equal(t, first.Data, again.Data)
	assert.Contains(t, first.Data, id)
	assert.Equal(t, "CALLBACK", first.Type)
	assert.Equal(t, TopicBotMessage, first.Headers["topic"])

	require.NoError(t, ws.WriteJSON(map[string]any{"code": 200, "headers": map[string]string{
		"messageId": first.Headers["messageId"], "contentType": "application/json"}, "message": "OK", "data": ""}))
	ack, err := s.WaitAck(ctxT(t), first.Headers["messageId"])
	require.NoError(t, err)
	assert.Equal(t, "OK", ack.Message)
}

func TestRedeliverGivesUpAfterThree(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{Redeliver: true, AckTimeout: 20 * time.Millisecond})
	ws := rawClient(t, s)
	s.Push(ChatMessage{From: "bob", Text: "hi"})
	for range 4 {
		readFrame(t, ws)
	}
	s.Push(ChatMessage{From: "bob", Text: "next"})
	assert.Contains(t, readFrame(t, ws).Data, "next", "no fifth copy of the first message")
}

func TestNoRedeliveryByDefault(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{AckTimeout: 10 * time.Millisecond})
	ws := rawClient(t, s)
	s.Push(ChatMessage{From: "bob", Text: "one"})
	assert.Contains(t, readFrame(t, ws).Data, "one")
	s.Push(ChatMessage{From: "bob", Text: "two"})
	assert.Contains(t, readFrame(t, ws).Data, "two")
	require.NoError(t, ws.SetReadDeadline(time.Now().Add(300*time.Millisecond)))
	_, _, err := ws.ReadMessage()
	var nerr net.Error
	assert.True(t, errors.As(err, &nerr) && nerr.Timeout(), "nothing else arrives: %v", err)
}

func TestDropAfter(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	ws := rawClient(t, s)
	require.NoError(t, s.WaitConnected(ctxT(t), 1))
	s.DropAfter(1)
	s.Push(ChatMessage{From: "bob", Text: "one"})
	assert.Contains(t, readFrame(t, ws).Data, "one")
	require.NoError(t, ws.SetReadDeadline(time.Now().Add(10*time.Second)))
	_, _, err := ws.ReadMessage()
	var nerr net.Error
	require.Error(t, err)
	assert.False(t, errors.As(err, &nerr) && nerr.Timeout(), "dropped, not timed out: %v", err)
	require.Eventually(t, func() bool { return s.Connections() == 0 }, 5*time.Second, time.Millisecond)
	id := s.Push(ChatMessage{From: "bob", Text: "two"})
	ws2 := rawClient(t, s)
	assert.Contains(t, readFrame(t, ws2).Data, id, "queued for the next connection")
}

func TestGatewayRejects(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	r := do(t, s, "POST", "/v1.0/gateway/connections/open", "", map[string]any{
		"clientId": "dingemulatorapp", "clientSecret": "wrong",
		"subscriptions": []map[string]string{{"type": "CALLBACK", "topic": TopicBotMessage}}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.NotEmpty(t, r.str("code"))

	o := s.Options()
	r = do(t, s, "POST", "/v1.0/gateway/connections/open", "", map[string]any{
		"clientId": o.ClientID, "clientSecret": o.ClientSecret,
		"subscriptions": []map[string]string{{"type": "CALLBACK", "topic": TopicBotMessage}}})
	url := r.str("endpoint") + "?ticket=" + r.str("ticket")
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	require.NoError(t, err)
	defer ws.Close()
	_, resp, err := websocket.DefaultDialer.Dial(url, nil)
	require.Error(t, err, "a ticket is good for one connection")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestPushOnlyToSubscribers(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	ws := rawClient(t, s)
	cardID := s.PushCardClick(CardClick{UserID: "bob", OutTrackID: "x", ActionID: "a"})
	s.Push(ChatMessage{From: "bob", Text: "chat"})
	f := readFrame(t, ws)
	assert.Equal(t, TopicBotMessage, f.Headers["topic"], "the card click waits for a subscriber")
	assert.NotEqual(t, cardID, f.Headers["messageId"])
}
