package dingtalktest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const quotaCode = "Forbidden.AccessDenied.ApiCountLimitForOrg"

func TestQuotaOverV1(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	s.ExhaustQuota()
	for _, c := range []struct{ method, path string }{
		{"GET", vcPath + id}, {"POST", vcPath + id + "/focus"}, {"POST", "/v1.0/robot/groupMessages/send"},
		{"PUT", "/v1.0/card/instances"},
	} {
		r := do(t, s, c.method, c.path, tok, map[string]any{})
		assert.Equal(t, http.StatusForbidden, r.status, c.path)
		assert.Equal(t, quotaCode, r.str("code"), c.path)
		assert.NotEmpty(t, r.str("requestid"))
		assert.NotEmpty(t, r.str("message"))
	}
	calls := s.Calls()
	last := calls[len(calls)-1]
	assert.Equal(t, http.StatusForbidden, last.Status, "over-quota answers are recorded")
	assert.Equal(t, quotaCode, last.Code)

	s.RestoreQuota()
	assert.Equal(t, http.StatusOK, do(t, s, "GET", vcPath+id, tok, nil).status)
}

func TestQuotaExemptRoutes(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	s.ExhaustQuota()
	id, hook := pushAndHook(t, s, ChatMessage{From: "alice", Text: "/status"}) // the gateway is exempt
	tok := token(t, s)
	legacy := do(t, s, "GET", "/gettoken?appkey=dingemulatorapp&appsecret=emulator-secret", "", nil)
	assert.Equal(t, float64(0), legacy.body["errcode"], "tokens are exempt")
	user := do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": "alice"})
	assert.Equal(t, float64(0), user.body["errcode"], "contacts are exempt")
	byUnion := do(t, s, "POST", "/topapi/user/getbyunionid", tok, map[string]string{"unionid": "union-alice"})
	assert.Equal(t, float64(0), byUnion.body["errcode"], "contacts are exempt")
	reply := do(t, s, "POST", hook, "", map[string]any{"msgtype": "text", "text": map[string]string{"content": "ok"}})
	assert.Equal(t, float64(0), reply.body["errcode"], "session webhooks are exempt")
	_, err := s.WaitReply(ctxT(t), id)
	require.NoError(t, err)
}

func TestQuotaIsPerOrganisation(t *testing.T) {
	t.Parallel()
	a, b, confA, confB := twoOrgs(t)
	_, ticket := a.PushSuiteTicket("")
	tokA := corpToken(t, a, "corpA", ticket).str("accessToken")
	tokB := corpToken(t, a, "corpB", ticket).str("accessToken")
	b.ExhaustQuotaAfter(2)
	for range 2 {
		assert.Equal(t, http.StatusOK, do(t, a, "GET", vcPath+confB, tokB, nil).status)
	}
	assert.Equal(t, quotaCode, do(t, a, "GET", vcPath+confB, tokB, nil).str("code"), "B's budget is spent")
	assert.Equal(t, http.StatusOK, do(t, a, "GET", vcPath+confA, tokA, nil).status, "A still has its own")
	assert.NotEmpty(t, corpToken(t, a, "corpB", ticket).str("accessToken"), "B can still get tokens")
}

// TestQuotaLegacyShape: a quota-counted legacy route answers errcode 90020
// in an HTTP 200. The legacy routes served today are all exempt (tokens,
// contacts), so the route is synthetic here; Fault kind "quota" reaches
// the real ones.
func TestQuotaLegacyShape(t *testing.T) {
	t.Parallel()
	s, _, tok := meetingFixture(t)
	s.ExhaustQuota()
	rec := httptest.NewRecorder()
	x := &exchange{rt: route{pattern: "POST /topapi/robot/send", kind: kindLegacy, scope: scopeRobot}, w: rec,
		r: httptest.NewRequest("POST", "/topapi/robot/send?access_token="+tok, nil)}
	require.False(t, s.meter(x))
	x.flush()
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"errcode":90020`)
	assert.Equal(t, "90020", x.code)

	s.RestoreQuota()
	s.Fault(Fault{Path: "/topapi/v2/user/get", Kind: "quota", Count: 1})
	r := do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": "alice"})
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, float64(90020), r.body["errcode"])
}
