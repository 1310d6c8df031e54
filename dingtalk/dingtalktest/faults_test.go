package dingtalktest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       string
		status     int
		code       string
		legacyCode float64
	}{
		{"systemError", 500, "systemError", -1},
		{"qps", 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", 90018},
		{"paramsError", 400, "paramsError", 40035},
		{"unknownUserError", 400, "unknownUserError", 60121},
		{"permission", 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied", 60011},
		{"invalidToken", 400, "InvalidAuthentication", 40014},
		{"quota", 403, "Forbidden.AccessDenied.ApiCountLimitForOrg", 90020},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			s, id, tok := meetingFixture(t)
			s.Fault(Fault{Path: vcPath + "*", Kind: tc.kind, Count: 1})
			s.Fault(Fault{Method: "POST", Path: "/topapi/v2/user/get", Kind: tc.kind, Count: 1})
			r := do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "focus", "unionId": "union-bob"})
			assert.Equal(t, tc.status, r.status)
			assert.Equal(t, tc.code, r.str("code"))
			assert.NotEmpty(t, r.str("requestid"))
			if tc.kind == "permission" {
				assert.Equal(t, map[string]any{"requiredScopes": []any{scopeConfWrite}}, r.body["accessdenieddetail"])
			}
			legacy := do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": "alice"})
			assert.Equal(t, http.StatusOK, legacy.status)
			assert.Equal(t, tc.legacyCode, legacy.body["errcode"])

			again := do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "focus", "unionId": "union-bob"})
			assert.Equal(t, http.StatusOK, again.status, "Count 1 injects once")
			calls := s.Calls()
			assert.Equal(t, tc.code, calls[len(calls)-3].Code)
		})
	}
}

func TestFaultGatewayAndClose(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	s.Fault(Fault{Method: "GET", Path: vcPath + id, Kind: "gateway"})
	r := do(t, s, "GET", vcPath+id, tok, nil)
	assert.Equal(t, http.StatusGatewayTimeout, r.status)
	assert.Empty(t, r.raw)
	s.ClearFaults()
	assert.Equal(t, http.StatusOK, do(t, s, "GET", vcPath+id, tok, nil).status)

	s.Fault(Fault{Path: "/v1.0/conference/*", Kind: "close"})
	_, err := http.Post(s.URL()+vcPath+id+"/lock", "application/json", nil)
	assert.Error(t, err)
	// The call is recorded just after the hang-up the client already saw.
	require.Eventually(t, func() bool {
		calls := s.Calls()
		return calls[len(calls)-1].Code == "close" && calls[len(calls)-1].Status == 0
	}, 5*time.Second, time.Millisecond)
}

func TestFaultLatencyRespectsCancel(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	s.Fault(Fault{Path: vcPath + "*", Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", s.URL()+vcPath+id, nil)
	require.NoError(t, err)
	req.Header.Set("x-acs-dingtalk-access-token", tok)
	start := time.Now()
	_, err = http.DefaultClient.Do(req)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second)
}

func TestFaultRateZeroMatchesAlways(t *testing.T) {
	t.Parallel()
	s, id, tok := meetingFixture(t)
	s.Fault(Fault{Path: vcPath + "*", Kind: "systemError", Rate: 1})
	for range 3 {
		assert.Equal(t, 500, do(t, s, "GET", vcPath+id, tok, nil).status)
	}
	s.ClearFaults()
	s.Fault(Fault{Path: vcPath + "*", Kind: "systemError", Rate: 0.000001, Count: 1})
	assert.Equal(t, 200, do(t, s, "GET", vcPath+id, tok, nil).status, "a tiny rate almost never fires")
}

func TestQPSLimit(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{QPSLimit: 2})
	a := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: []string{"bob"}})
	b := s.AddMeeting(MeetingSpec{HostUserID: "alice", Members: []string{"bob"}})
	tok := token(t, s)
	focus := func(id string) response {
		return do(t, s, "POST", vcPath+id+"/focus", tok, map[string]any{"action": "focus", "unionId": "union-bob"})
	}
	assert.Equal(t, 200, focus(a).status)
	assert.Equal(t, 200, focus(b).status)
	r := focus(a)
	assert.Equal(t, http.StatusForbidden, r.status, "all focus calls are one API")
	assert.Equal(t, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", r.str("code"))
	assert.Equal(t, 200, do(t, s, "GET", vcPath+a, tok, nil).status, "another API has its own budget")
	require.Eventually(t, func() bool { return focus(a).status == 200 }, 5*time.Second, 100*time.Millisecond)
	assert.Equal(t, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", s.Calls()[3].Code, "rejections are recorded")
}
