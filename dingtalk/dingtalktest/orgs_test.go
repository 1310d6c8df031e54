package dingtalktest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpToken asks corpAccessToken for corp with ticket.
func corpToken(t *testing.T, s *Server, corp, ticket string) response {
	t.Helper()
	o := s.Options()
	return do(t, s, "POST", "/v1.0/oauth2/corpAccessToken", "", map[string]string{
		"suiteKey": o.ClientID, "suiteSecret": o.ClientSecret, "authCorpId": corp, "suiteTicket": ticket})
}

// twoOrgs is a third-party emulator with organisations A (the first) and
// B, each with its own "alice" and a meeting she hosts.
func twoOrgs(t *testing.T) (a, b *Server, confA, confB string) {
	t.Helper()
	a = newTestServer(t, Options{ThirdParty: true, CorpID: "corpA"})
	b = a.AddOrg("corpB")
	a.AddUser(User{UserID: "alice", Name: "Alice A"})
	b.AddUser(User{UserID: "alice", Name: "Alice B"})
	confA = a.AddMeeting(MeetingSpec{Title: "A weekly", HostUserID: "alice"})
	confB = b.AddMeeting(MeetingSpec{Title: "B weekly", HostUserID: "alice"})
	return a, b, confA, confB
}

func TestCorpTokensSeeOnlyTheirOrganisation(t *testing.T) {
	t.Parallel()
	a, b, confA, confB := twoOrgs(t)
	_, ticket := a.PushSuiteTicket("")
	tokA := corpToken(t, a, "corpA", ticket).str("accessToken")
	tokB := corpToken(t, a, "corpB", ticket).str("accessToken")
	require.NotEmpty(t, tokA)
	require.NotEqual(t, tokA, tokB)

	userA := do(t, a, "POST", "/topapi/v2/user/get", tokA, map[string]string{"userid": "alice"})
	userB := do(t, a, "POST", "/topapi/v2/user/get", tokB, map[string]string{"userid": "alice"})
	assert.Equal(t, "Alice A", userA.body["result"].(map[string]any)["name"])
	assert.Equal(t, "Alice B", userB.body["result"].(map[string]any)["name"])

	assert.Equal(t, http.StatusOK, do(t, a, "GET", "/v1.0/conference/videoConferences/"+confA, tokA, nil).status)
	cross := do(t, a, "GET", "/v1.0/conference/videoConferences/"+confA, tokB, nil)
	assert.Equal(t, "paramsError", cross.str("code"), "B's token cannot see A's meeting")
	assert.Equal(t, http.StatusOK, do(t, a, "GET", "/v1.0/conference/videoConferences/"+confB, tokB, nil).status)
	assert.Equal(t, []string{"corpA", "corpB"}, a.Orgs())
	assert.Equal(t, 1, a.TokenFetches())
	assert.Equal(t, 1, b.TokenFetches())

	b.ExpireTokens()
	assert.Equal(t, "InvalidAuthentication", do(t, a, "GET", "/v1.0/conference/videoConferences/"+confB, tokB, nil).str("code"))
	assert.Equal(t, http.StatusOK, do(t, a, "GET", "/v1.0/conference/videoConferences/"+confA, tokA, nil).status,
		"expiring B's tokens leaves A's alone")
}

func TestCorpTokenRefusals(t *testing.T) {
	t.Parallel()
	a, b, _, confB := twoOrgs(t)
	o := a.Options()
	app := do(t, a, "POST", "/v1.0/oauth2/accessToken", "", map[string]string{"appKey": o.ClientID, "appSecret": o.ClientSecret})
	assert.Equal(t, "invalidClientIdOrSecret", app.str("code"), "suite credentials are not an app's")
	assert.Equal(t, "MissingsuiteTicket", corpToken(t, a, "corpA", "").str("code"))
	assert.Equal(t, "invalidSuiteTicket", corpToken(t, a, "corpA", "guess").str("code"), "no ticket pushed yet")

	_, old := a.PushSuiteTicket("t1")
	tokB := corpToken(t, a, "corpB", old).str("accessToken")
	a.PushSuiteTicket("t2")
	assert.Equal(t, "invalidSuiteTicket", corpToken(t, a, "corpB", old).str("code"), "only the newest ticket")
	assert.Equal(t, "invalidAuthCorp", corpToken(t, a, "corpZ", "t2").str("code"), "unknown organisation")

	b.Revoke()
	assert.Equal(t, "invalidAuthCorp", corpToken(t, a, "corpB", "t2").str("code"))
	assert.Equal(t, "InvalidAuthentication", do(t, a, "GET", "/v1.0/conference/videoConferences/"+confB, tokB, nil).str("code"),
		"a revoked organisation's tokens stop working")
	assert.NotEmpty(t, corpToken(t, a, "corpA", "t2").str("accessToken"), "others unaffected")
	b.Authorize()
	assert.NotEmpty(t, corpToken(t, a, "corpB", "t2").str("accessToken"))

	calls := a.Calls()
	assert.NotContains(t, string(calls[len(calls)-1].Body), o.ClientSecret, "suiteSecret redacted")
}

func TestSuiteTicketIsAnEventFrame(t *testing.T) {
	t.Parallel()
	a, _, _, _ := twoOrgs(t)
	o := a.Options()
	r := do(t, a, "POST", "/v1.0/gateway/connections/open", "", map[string]any{
		"clientId": o.ClientID, "clientSecret": o.ClientSecret,
		"subscriptions": []map[string]string{{"type": "EVENT", "topic": TopicEvent}},
	})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	ws, _, err := websocket.DefaultDialer.Dial(r.str("endpoint")+"?ticket="+r.str("ticket"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ws.Close() })

	id, ticket := a.PushSuiteTicket("")
	f := readFrame(t, ws)
	assert.Equal(t, "EVENT", f.Type)
	assert.Equal(t, "*", f.Headers["topic"])
	assert.Equal(t, "suite_ticket", f.Headers["eventType"])
	assert.Equal(t, id, f.Headers["messageId"])
	var ev suiteTicketEvent
	require.NoError(t, jsonUnmarshal(f.Data, &ev))
	assert.Equal(t, suiteTicketEvent{EventType: "suite_ticket", SuiteKey: o.ClientID, SuiteTicket: ticket, TimeStamp: ev.TimeStamp}, ev)
	assert.Equal(t, ticket, a.SuiteTicket())
}

func TestSameChatInTwoOrganisations(t *testing.T) {
	t.Parallel()
	a, b, _, _ := twoOrgs(t)
	ws := rawClient(t, a)
	chat := Chat{ID: "cidSame==", Title: "Ops", Group: true}
	idA := a.Push(ChatMessage{From: "alice", Chat: chat, Text: "hi"})
	idB := b.Push(ChatMessage{From: "alice", Chat: chat, Text: "hi"})
	payloads := map[string]chatPayload{}
	for range 2 {
		var p chatPayload
		require.NoError(t, jsonUnmarshal(readFrame(t, ws).Data, &p))
		payloads[p.ChatbotCorpID] = p
	}
	pa, pb := payloads["corpA"], payloads["corpB"]
	assert.Equal(t, idA, pa.MsgID)
	assert.Equal(t, idB, pb.MsgID)
	assert.Equal(t, pa.ConversationID, pb.ConversationID)
	assert.NotEqual(t, pa.SenderID, pb.SenderID, "same userId, different people")
	for _, p := range []chatPayload{pa, pb} {
		r := do(t, a, "POST", strings.TrimPrefix(p.SessionWebhook, a.URL()), "",
			map[string]any{"msgtype": "text", "text": map[string]string{"content": "to " + p.ChatbotCorpID}})
		require.Equal(t, http.StatusOK, r.status)
	}
	ra, err := a.WaitReply(ctxT(t), idA)
	require.NoError(t, err)
	rb, err := b.WaitReply(ctxT(t), idB)
	require.NoError(t, err)
	assert.Equal(t, "to corpA", ra.Text)
	assert.Equal(t, "to corpB", rb.Text)
	assert.Len(t, a.Replies(), 1, "each organisation sees only its own replies")
	assert.Len(t, b.Replies(), 1)
}
