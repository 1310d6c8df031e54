package dingtalktest

import (
	"net/http"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventClient opens a raw stream connection subscribed to EVENT "*" only.
func eventClient(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	o := s.Options()
	r := do(t, s, "POST", "/v1.0/gateway/connections/open", "", map[string]any{
		"clientId": o.ClientID, "clientSecret": o.ClientSecret,
		"subscriptions": []map[string]string{{"type": "EVENT", "topic": TopicEvent}},
	})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	ws, _, err := websocket.DefaultDialer.Dial(r.str("endpoint")+"?ticket="+r.str("ticket"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ws.Close() })
	return ws
}

func TestSuiteTicketShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		shape     SuiteTicketShape
		topic     string
		eventType string // "" = header absent
		data      func(ticket string) string
	}{
		{"callback", TicketCallbackShape, "*", "suite_ticket", nil},
		{"sample", TicketSampleShape, "dingTalk", "suite",
			func(ticket string) string { return `{"suiteTicket":"` + ticket + `","action":"suite"}` }},
		{"sample untyped", TicketSampleUntypedShape, "dingTalk", "",
			func(ticket string) string { return `{"suiteTicket":"` + ticket + `","action":"suite"}` }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, _, _, _ := twoOrgs(t)
			ws := eventClient(t, a)
			_, old := a.PushSuiteTicket("old")
			readFrame(t, ws)
			id, ticket := a.PushSuiteTicketAs(tc.shape, "")
			f := readFrame(t, ws)
			assert.Equal(t, "EVENT", f.Type)
			assert.Equal(t, id, f.Headers["messageId"])
			assert.Equal(t, tc.topic, f.Headers["topic"])
			et, has := f.Headers["eventType"]
			assert.Equal(t, tc.eventType != "", has)
			assert.Equal(t, tc.eventType, et)
			assert.NotEmpty(t, f.Headers["eventId"])
			if tc.data != nil {
				assert.Equal(t, tc.data(ticket), f.Data, "data exactly as DingTalk's sample")
			} else {
				assert.Contains(t, f.Data, `"SuiteTicket":"`+ticket+`"`)
			}
			assert.Equal(t, ticket, a.SuiteTicket())
			assert.NotEmpty(t, corpToken(t, a, "corpB", ticket).str("accessToken"), "the pushed ticket is the one accepted")
			assert.Equal(t, "invalidSuiteTicket", corpToken(t, a, "corpB", old).str("code"))
		})
	}
}

// TestSampleTicketQueuedForEventSubscribers: a frame whose topic is not
// "*" waits for, and reaches, an EVENT "*" subscriber, not a bot one.
func TestSampleTicketQueuedForEventSubscribers(t *testing.T) {
	t.Parallel()
	a, _, _, _ := twoOrgs(t)
	bot := rawClient(t, a)
	id, _ := a.PushSuiteTicketAs(TicketSampleShape, "queued")
	push := a.Push(ChatMessage{From: "alice", Text: "x"})
	var p chatPayload
	require.NoError(t, jsonUnmarshal(readFrame(t, bot).Data, &p))
	assert.Equal(t, push, p.MsgID, "the bot connection got the chat message, not the ticket")
	ev := eventClient(t, a)
	assert.Equal(t, id, readFrame(t, ev).Headers["messageId"])
}
