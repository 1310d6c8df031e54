package dingtalk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// pushForWebhook pushes m and returns the sessionWebhook of its payload,
// read over a bare stream connection (open, dial, read one callback frame).
func pushForWebhook(t *testing.T, s *dingtalktest.Server, m dingtalktest.ChatMessage) (msgID, webhook string) {
	t.Helper()
	o := s.Options()
	body, err := json.Marshal(map[string]any{"clientId": o.ClientID, "clientSecret": o.ClientSecret,
		"subscriptions": []map[string]string{{"type": "CALLBACK", "topic": dingtalktest.TopicBotMessage}}})
	require.NoError(t, err)
	resp, err := http.Post(s.URL()+"/v1.0/gateway/connections/open", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var open struct{ Endpoint, Ticket string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&open))
	conn, _, err := websocket.DefaultDialer.Dial(open.Endpoint+"?ticket="+open.Ticket, nil)
	require.NoError(t, err)
	defer conn.Close()
	msgID = s.Push(m)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	for {
		var f struct {
			Headers map[string]string
			Data    string
		}
		require.NoError(t, conn.ReadJSON(&f))
		if f.Headers["topic"] != dingtalktest.TopicBotMessage {
			continue
		}
		var p struct{ SessionWebhook string }
		require.NoError(t, json.Unmarshal([]byte(f.Data), &p))
		return msgID, p.SessionWebhook
	}
}

func TestEmulatorContactsMessagesCards(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(t *testing.T, ctx context.Context, e *env)
	}{
		{"contacts user", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Contacts.User(ctx, "bob")
			require.NoError(t, err)
			assert.Equal(t, &dingtalk.User{UserID: "bob", UnionID: "union-bob", Name: "Bob"}, got)
			_, err = e.c.Contacts.User(ctx, "nobody")
			assert.ErrorIs(t, err, dingtalk.ErrUserNotFound)
		}},
		{"contacts by unionId", func(t *testing.T, ctx context.Context, e *env) {
			got, err := e.c.Contacts.UserIDByUnionID(ctx, "union-carol")
			require.NoError(t, err)
			assert.Equal(t, "carol", got)
		}},
		{"reply through the session webhook", func(t *testing.T, ctx context.Context, e *env) {
			msgID, hook := pushForWebhook(t, e.s, dingtalktest.ChatMessage{From: "bob", Chat: dingtalktest.Chat{Title: "Ops", Group: true}, Text: "/help"})
			err := e.c.Messages.ReplyWebhook(ctx, hook, dingtalk.Message{Type: dingtalk.Markdown, Title: "Help", Text: "@bob **usage**", AtUserIDs: []string{"bob"}})
			require.NoError(t, err)
			got, err := e.s.WaitReply(ctx, msgID)
			require.NoError(t, err)
			assert.Equal(t, "webhook", got.Via)
			assert.Equal(t, "markdown", got.MsgType)
			assert.Equal(t, "Help", got.Title)
			assert.Equal(t, "@bob **usage**", got.Text)
			assert.Equal(t, []string{"bob"}, got.AtUserIDs)

			e.s.ExpireWebhooks()
			var apiErr *dingtalk.APIError
			require.ErrorAs(t, e.c.Messages.ReplyWebhook(ctx, hook, dingtalk.Message{Text: "late"}), &apiErr)
			assert.Equal(t, http.StatusOK, apiErr.HTTPStatus)
			assert.NotEqual(t, "0", apiErr.Code)
		}},
		{"group send", func(t *testing.T, ctx context.Context, e *env) {
			key, err := e.c.Messages.GroupSend(ctx, e.s.Options().RobotCode, "cidOps", dingtalk.Message{Text: "started"})
			require.NoError(t, err)
			assert.NotEmpty(t, key)
			got, err := e.s.WaitReplies(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, "group", got[0].Via)
			assert.Equal(t, "cidOps", got[0].ChatID)
			assert.Equal(t, "text", got[0].MsgType)
			assert.Equal(t, "started", got[0].Text)
		}},
		{"oto send", func(t *testing.T, ctx context.Context, e *env) {
			res, err := e.c.Messages.OtoSend(ctx, e.s.Options().RobotCode, []string{"bob", "carol"},
				dingtalk.Message{Type: dingtalk.Markdown, Title: "T", Text: "**hi**"})
			require.NoError(t, err)
			assert.NotEmpty(t, res.ProcessQueryKey)
			got, err := e.s.WaitReplies(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, "oto", got[0].Via)
			assert.Equal(t, []string{"bob", "carol"}, got[0].UserIDs)
			assert.Equal(t, "**hi**", got[0].Text)
		}},
		{"cards", func(t *testing.T, ctx context.Context, e *env) {
			_, err := e.c.Cards.CreateAndDeliver(ctx, dingtalk.CreateAndDeliverRequest{
				CardTemplateID: "tpl.schema", OutTrackID: "mtg-1",
				CardData:     dingtalk.CardData{CardParamMap: map[string]string{"title": "Standup", "status": "running"}},
				CallbackType: dingtalk.CallbackStream, OpenSpaceID: dingtalk.GroupSpace("cidOps"),
				IMGroupOpenSpaceModel:   &dingtalk.IMGroupOpenSpaceModel{SupportForward: true},
				IMGroupOpenDeliverModel: &dingtalk.IMGroupOpenDeliverModel{RobotCode: e.s.Options().RobotCode},
			})
			require.NoError(t, err)
			require.NoError(t, e.c.Cards.Update(ctx, dingtalk.UpdateCardRequest{OutTrackID: "mtg-1",
				CardData: &dingtalk.CardData{CardParamMap: map[string]string{"status": "ended"}},
				Options:  &dingtalk.CardUpdateOptions{UpdateCardDataByKey: true}}))
			card, ok := e.s.Card("mtg-1")
			require.True(t, ok)
			assert.Equal(t, map[string]string{"title": "Standup", "status": "ended"}, card.Params)
			assert.Equal(t, "STREAM", card.CallbackType)
			assert.Equal(t, 1, card.Updates)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			tt.run(t, ctx, newEnv(t, dingtalktest.Options{}))
		})
	}
}
