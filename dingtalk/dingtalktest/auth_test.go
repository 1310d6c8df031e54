package dingtalktest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccessToken(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	r := do(t, s, "POST", "/v1.0/oauth2/accessToken", "", map[string]string{"appKey": "dingemulatorapp", "appSecret": "emulator-secret"})
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, float64(7200), r.body["expireIn"])
	assert.NotEmpty(t, r.header.Get("x-acs-request-id"))
	tok := r.str("accessToken")
	assert.Equal(t, tok, token(t, s), "a valid token is returned again")
	assert.Equal(t, 2, s.TokenFetches())

	bad := do(t, s, "POST", "/v1.0/oauth2/accessToken", "", map[string]string{"appKey": "dingemulatorapp", "appSecret": "nope"})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "invalidClientIdOrSecret", bad.str("code"))
	assert.Equal(t, bad.header.Get("x-acs-request-id"), bad.str("requestid"))
	assert.Equal(t, 2, s.TokenFetches())

	for _, c := range s.Calls() {
		assert.NotContains(t, string(c.Body), "emulator-secret", "secrets are redacted from recorded calls")
	}
}

func TestV1Auth(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	path := "/v1.0/conference/users/lists?unionId=union-alice"
	tests := []struct {
		name, token, wantCode string
	}{
		{"missing", "", "AuthenticationFailed.MissingParameter"},
		{"invalid", "bogus", "InvalidAuthentication"},
	}
	for _, tc := range tests {
		r := do(t, s, "GET", path, tc.token, nil)
		assert.Equal(t, http.StatusBadRequest, r.status, tc.name)
		assert.Equal(t, tc.wantCode, r.str("code"), tc.name)
	}
	tok := token(t, s)
	assert.Equal(t, http.StatusOK, do(t, s, "GET", path, tok, nil).status)
	s.ExpireTokens()
	r := do(t, s, "GET", path, tok, nil)
	assert.Equal(t, "InvalidAuthentication", r.str("code"))
	fresh := token(t, s)
	assert.NotEqual(t, tok, fresh)
	assert.Equal(t, http.StatusOK, do(t, s, "GET", path, fresh, nil).status)
}

func TestLegacyAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		wrap    bool
		expire  bool
		token   string
		errcode float64
		subCode string
	}{
		{name: "invalid", token: "bogus", errcode: 40014},
		{name: "expired", expire: true, errcode: 42001},
		{name: "wrapped invalid", wrap: true, token: "bogus", errcode: 88, subCode: "40014"},
		{name: "wrapped expired", wrap: true, expire: true, errcode: 88, subCode: "42001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := setup(t, Options{WrapLegacyAuthErrors: tc.wrap})
			tok := tc.token
			if tc.expire {
				tok = token(t, s)
				s.ExpireTokens()
			}
			r := do(t, s, "POST", "/topapi/v2/user/get", tok, map[string]string{"userid": "alice"})
			assert.Equal(t, http.StatusOK, r.status)
			assert.Equal(t, tc.errcode, r.body["errcode"])
			if tc.subCode != "" {
				assert.Equal(t, tc.subCode, r.str("sub_code"))
			}
			calls := s.Calls()
			assert.NotContains(t, calls[len(calls)-1].Query, tok)
		})
	}
}

func TestTokenLifetime(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{TokenLifetime: 50 * time.Millisecond})
	tok := token(t, s)
	path := "/v1.0/conference/users/lists?unionId=union-alice"
	require.Equal(t, http.StatusOK, do(t, s, "GET", path, tok, nil).status)
	require.Eventually(t, func() bool {
		return do(t, s, "GET", path, tok, nil).str("code") == "InvalidAuthentication"
	}, 5*time.Second, 20*time.Millisecond)
}

func TestLegacyGetToken(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	r := do(t, s, "GET", "/gettoken?appkey=dingemulatorapp&appsecret=emulator-secret", "", nil)
	assert.Equal(t, float64(0), r.body["errcode"])
	assert.NotEmpty(t, r.str("access_token"))
	bad := do(t, s, "GET", "/gettoken?appkey=dingemulatorapp&appsecret=x", "", nil)
	assert.Equal(t, float64(40096), bad.body["errcode"])
}

func TestUnknownRoute(t *testing.T) {
	t.Parallel()
	s := setup(t, Options{})
	r := do(t, s, "GET", "/v1.0/nothing/here", "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, 1, s.CountCalls("GET", "/v1.0/nothing/*"))
}
