package dingtalktest

import (
	"net/http"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCards(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	tok := token(t, s)
	r := do(t, s, "POST", "/v1.0/card/instances/createAndDeliver", tok, map[string]any{
		"cardTemplateId": "tpl.schema", "outTrackId": "mtg-1", "callbackType": "STREAM",
		"openSpaceId": "dtv1.card//IM_GROUP.cidOps==", "userIdType": 1,
		"cardData":                map[string]any{"cardParamMap": map[string]string{"title": "Ops", "status": "running"}},
		"privateData":             map[string]any{"bob": map[string]any{"cardParamMap": map[string]string{"clicked": "no"}}},
		"imGroupOpenDeliverModel": map[string]string{"robotCode": "dingemulatorapp"},
	})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	assert.Equal(t, true, r.body["success"])
	res := r.body["result"].(map[string]any)
	assert.Equal(t, "mtg-1", res["outTrackId"])
	dr := res["deliverResults"].([]any)[0].(map[string]any)
	assert.Equal(t, "IM_GROUP", dr["spaceType"])
	assert.Equal(t, "cidOps==", dr["spaceId"])

	update := func(byKey bool, params map[string]string) {
		r := do(t, s, "PUT", "/v1.0/card/instances", tok, map[string]any{"outTrackId": "mtg-1",
			"cardData":          map[string]any{"cardParamMap": params},
			"cardUpdateOptions": map[string]bool{"updateCardDataByKey": byKey}})
		require.Equal(t, map[string]any{"success": true, "result": true}, r.body)
	}
	update(true, map[string]string{"status": "ended"})
	c, ok := s.Card("mtg-1")
	require.True(t, ok)
	assert.Equal(t, map[string]string{"title": "Ops", "status": "ended"}, c.Params, "by key merges")
	update(false, map[string]string{"status": "gone"})
	c, _ = s.Card("mtg-1")
	assert.Equal(t, map[string]string{"status": "gone"}, c.Params, "not by key replaces")
	assert.Equal(t, CardInstance{OutTrackID: "mtg-1", TemplateID: "tpl.schema", OpenSpaceID: "dtv1.card//IM_GROUP.cidOps==",
		CallbackType: "STREAM", Params: c.Params, PrivateData: map[string]map[string]string{"bob": {"clicked": "no"}},
		UserIDType: 1, Deliveries: 1, Updates: 2}, c)
	assert.Len(t, s.Cards(), 1)

	bad := do(t, s, "PUT", "/v1.0/card/instances", tok, map[string]any{"outTrackId": "nope"})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	bad = do(t, s, "POST", "/v1.0/card/instances/createAndDeliver", tok, map[string]any{
		"cardTemplateId": "t", "outTrackId": "x", "openSpaceId": "IM_GROUP.cid", "cardData": map[string]any{}})
	assert.Equal(t, http.StatusBadRequest, bad.status)
}

func TestCardClickNeedsStreamCallback(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	tok := token(t, s)
	do(t, s, "POST", "/v1.0/card/instances/createAndDeliver", tok, map[string]any{
		"cardTemplateId": "t", "outTrackId": "http-card", "callbackType": "HTTP",
		"openSpaceId": "dtv1.card//IM_ROBOT.bob", "cardData": map[string]any{"cardParamMap": map[string]string{}}})
	ws := rawCardClient(t, s)
	s.PushCardClick(CardClick{UserID: "bob", OutTrackID: "http-card", ActionID: "a"})
	want := s.PushCardClick(CardClick{UserID: "bob", OutTrackID: "unknown-card", ActionID: "a"})
	assert.Equal(t, want, readFrame(t, ws).Headers["messageId"], "the HTTP-callback card's click was not delivered")
}

func rawCardClient(t *testing.T, s *Server) *websocket.Conn {
	t.Helper()
	return rawClientFor(t, s, TopicCardCallback)
}
