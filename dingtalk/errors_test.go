package dingtalk

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allSentinels = []error{
	ErrUnknownUser, ErrParams, ErrTokenInvalid, ErrPermissionDenied,
	ErrRateLimited, ErrSystem, ErrUserNotFound, ErrBadCredentials, ErrQuotaExceeded,
}

func response(status int, header http.Header) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header}
}

func TestCheckResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		body      string
		want      *APIError // nil: success
		sentinel  error
		retryable bool
	}{
		{name: "v1 success", status: 200, body: `{"success":true}`},
		{name: "v1 success with int code", status: 200, body: `{"code":0,"cause":""}`},
		{name: "legacy success", status: 200, body: `{"errcode":0,"errmsg":"ok","result":{}}`},
		{name: "empty 200", status: 200, body: ``},
		{
			name: "non-JSON 200: nothing says DingTalk acted", status: 200, body: `<html>busy</html>`,
			want:     &APIError{HTTPStatus: 200, Code: "unreadableAnswer", Message: "answer is not JSON"},
			sentinel: ErrSystem, retryable: true,
		},
		{
			name: "IP ban in a 200", status: 200, body: `{"status":1111,"wait":5,"source":"x5","punish":"deny","uuid":"u"}`,
			want:     &APIError{HTTPStatus: 200, Code: "ipBanned", Message: "calls from this IP are refused for a while"},
			sentinel: ErrRateLimited, retryable: true,
		},
		{
			name: "unknownUserError", status: 400,
			body:     `{"code":"unknownUserError","message":"unknownUserError","requestid":"r1"}`,
			want:     &APIError{HTTPStatus: 400, Code: "unknownUserError", Message: "unknownUserError", RequestID: "r1"},
			sentinel: ErrUnknownUser,
		},
		{
			name: "paramsError", status: 400, body: `{"code":"paramsError","message":"error:conferenceId"}`,
			want:     &APIError{HTTPStatus: 400, Code: "paramsError", Message: "error:conferenceId", RequestID: "hdr-req-id"},
			sentinel: ErrParams,
		},
		{
			name: "monthly quota used up", status: 403,
			body:     `{"code":"Forbidden.AccessDenied.ApiCountLimitForOrg","message":"api count limit","requestid":"rq"}`,
			want:     &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.ApiCountLimitForOrg", Message: "api count limit", RequestID: "rq"},
			sentinel: ErrQuotaExceeded,
		},
		{
			name: "legacy monthly quota used up", status: 200, body: `{"errcode":90020,"errmsg":"api count limit"}`,
			want:     &APIError{HTTPStatus: 200, Code: "90020", Message: "api count limit", RequestID: "hdr-req-id"},
			sentinel: ErrQuotaExceeded,
		},
		{
			name: "systemError", status: 500, body: `{"code":"systemError","message":"systemError:x","requestid":"r3"}`,
			want:     &APIError{HTTPStatus: 500, Code: "systemError", Message: "systemError:x", RequestID: "r3"},
			sentinel: ErrSystem, retryable: true,
		},
		{
			name: "system.error on 400", status: 400, body: `{"code":"system.error","message":"未知的系统错误"}`,
			want:     &APIError{HTTPStatus: 400, Code: "system.error", Message: "未知的系统错误", RequestID: "hdr-req-id"},
			sentinel: ErrSystem, retryable: true,
		},
		{
			name: "invalid token", status: 400, body: `{"code":"InvalidAuthentication","message":"不合法的access_token"}`,
			want:     &APIError{HTTPStatus: 400, Code: "InvalidAuthentication", Message: "不合法的access_token", RequestID: "hdr-req-id"},
			sentinel: ErrTokenInvalid,
		},
		{
			name: "permission with scopes", status: 403,
			body:     `{"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied","message":"no","requestid":"r5","accessdenieddetail":{"requiredScopes":["Contact.User.Read"]}}`,
			want:     &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", Message: "no", RequestID: "r5", Scopes: []string{"Contact.User.Read"}},
			sentinel: ErrPermissionDenied,
		},
		{
			name: "qps per app", status: 403, body: `{"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi","message":"qps"}`,
			want:     &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", Message: "qps", RequestID: "hdr-req-id"},
			sentinel: ErrRateLimited, retryable: true,
		},
		{
			name: "throttling 429", status: 429, body: `{"code":"Throttling","message":"slow down"}`,
			want:     &APIError{HTTPStatus: 429, Code: "Throttling", Message: "slow down", RequestID: "hdr-req-id"},
			sentinel: ErrRateLimited, retryable: true,
		},
		{
			name: "gateway 504 no body", status: 504, body: ``,
			want:     &APIError{HTTPStatus: 504, Message: "Gateway Timeout", RequestID: "hdr-req-id"},
			sentinel: ErrSystem, retryable: true,
		},
		{
			name: "bad credentials", status: 400, body: `{"code":"invalidClientIdOrSecret","message":"bad"}`,
			want:     &APIError{HTTPStatus: 400, Code: "invalidClientIdOrSecret", Message: "bad", RequestID: "hdr-req-id"},
			sentinel: ErrBadCredentials,
		},
		{
			name: "legacy user not found", status: 200, body: `{"errcode":60121,"errmsg":"找不到该用户","request_id":"lr1"}`,
			want:     &APIError{HTTPStatus: 200, Code: "60121", Message: "找不到该用户", RequestID: "lr1"},
			sentinel: ErrUserNotFound,
		},
		{
			name: "legacy 88 wrapping 40014", status: 200,
			body:     `{"errcode":88,"sub_code":"40014","sub_msg":"不合法的access_token","errmsg":"ding talk error[subcode=40014]","request_id":"lr2"}`,
			want:     &APIError{HTTPStatus: 200, Code: "40014", Message: "不合法的access_token", RequestID: "lr2"},
			sentinel: ErrTokenInvalid,
		},
		{
			name: "legacy plain 42001", status: 200, body: `{"errcode":42001,"errmsg":"access_token expired"}`,
			want:     &APIError{HTTPStatus: 200, Code: "42001", Message: "access_token expired", RequestID: "hdr-req-id"},
			sentinel: ErrTokenInvalid,
		},
		{
			name: "legacy busy as string errcode", status: 200, body: `{"errcode":"-1","errmsg":"系统繁忙"}`,
			want:     &APIError{HTTPStatus: 200, Code: "-1", Message: "系统繁忙", RequestID: "hdr-req-id"},
			sentinel: ErrSystem, retryable: true,
		},
		{
			name: "legacy throttled", status: 200, body: `{"errcode":90018,"errmsg":"too fast"}`,
			want:     &APIError{HTTPStatus: 200, Code: "90018", Message: "too fast", RequestID: "hdr-req-id"},
			sentinel: ErrRateLimited, retryable: true,
		},
		{
			name: "legacy no permission", status: 200, body: `{"errcode":60011,"errmsg":"no permission"}`,
			want:     &APIError{HTTPStatus: 200, Code: "60011", Message: "no permission", RequestID: "hdr-req-id"},
			sentinel: ErrPermissionDenied,
		},
		{
			name: "unmapped code", status: 403, body: `{"code":"Forbidden.AccessDenied.IpNotInWhiteList","message":"ip"}`,
			want: &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.IpNotInWhiteList", Message: "ip", RequestID: "hdr-req-id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkResponse(response(tt.status, http.Header{"X-Acs-Request-Id": {"hdr-req-id"}}), []byte(tt.body))
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			var got *APIError
			require.ErrorAs(t, err, &got)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.retryable, got.Retryable())
			for _, s := range allSentinels {
				assert.Equal(t, s == tt.sentinel, errors.Is(fmt.Errorf("wrapped: %w", err), s), "sentinel %v", s)
			}
		})
	}
}

func TestAPIErrorString(t *testing.T) {
	t.Parallel()
	e := &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", Message: "no",
		RequestID: "r1", Scopes: []string{"a", "b"}}
	assert.Equal(t, "dingtalk: HTTP 403 Forbidden.AccessDenied.AccessTokenPermissionDenied: no (missing scopes a,b) [requestid r1]", e.Error())
	assert.Equal(t, "dingtalk: HTTP 504", (&APIError{HTTPStatus: 504}).Error())
}

func TestFlexInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    flexInt
		wantErr bool
	}{
		{`3`, 3, false}, {`"3"`, 3, false}, {`""`, 0, false}, {`null`, 0, false},
		{`1.695e12`, 1695000000000, false}, {`"x"`, 0, true}, {`{}`, 0, true},
	}
	for _, tt := range tests {
		var got flexInt
		err := got.UnmarshalJSON([]byte(tt.in))
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}
