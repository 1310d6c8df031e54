package dingtalk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Sentinels that *APIError matches with errors.Is.
var (
	// ErrUnknownUser: a unionId is not a participant or is unknown
	// (conference code unknownUserError).
	ErrUnknownUser = errors.New("dingtalk: unknown user")
	// ErrParams: bad parameters, e.g. an unknown or ended conference
	// (code paramsError).
	ErrParams = errors.New("dingtalk: invalid parameters")
	// ErrTokenInvalid: the access token is invalid or expired
	// (InvalidAuthentication; legacy 40014, 42001, also as errcode 88 + sub_code).
	ErrTokenInvalid = errors.New("dingtalk: access token invalid or expired")
	// ErrPermissionDenied: the app lacks a permission scope; see
	// APIError.Scopes (Forbidden.AccessDenied.AccessTokenPermissionDenied, legacy 60011).
	ErrPermissionDenied = errors.New("dingtalk: permission denied")
	// ErrRateLimited: too many calls (Forbidden.AccessDenied.QpsLimitFor*,
	// legacy 90018/90002, HTTP 429).
	ErrRateLimited = errors.New("dingtalk: rate limited")
	// ErrSystem: a transient DingTalk failure (systemError, system.error,
	// unknownError, any HTTP 5xx, legacy -1 and server timeouts).
	ErrSystem = errors.New("dingtalk: system error")
	// ErrUserNotFound: no such user in the organisation (legacy 60121, 33012, 40003).
	ErrUserNotFound = errors.New("dingtalk: user not found")
	// ErrBadCredentials: the Client ID or secret is wrong
	// (invalidClientIdOrSecret, legacy 40096).
	ErrBadCredentials = errors.New("dingtalk: bad client id or secret")
	// ErrQuotaExceeded: the organisation has used up its monthly API call
	// quota (standard edition; Forbidden.AccessDenied.ApiCountLimitForOrg,
	// legacy 90020). Never retried: it lasts until the month ends or the
	// organisation upgrades.
	ErrQuotaExceeded = errors.New("dingtalk: organisation's monthly API quota used up")
)

// Codes meetbot gives 2xx answers that are not DingTalk's JSON.
const (
	codeIPBanned   = "ipBanned"
	codeUnreadable = "unreadableAnswer"
)

// codeSentinels maps DingTalk codes (v1.0 codes, legacy errcodes as text)
// to sentinels. Codes with a common prefix are in APIError.sentinel.
var codeSentinels = map[string]error{
	"unknownUserError":      ErrUnknownUser,
	"paramsError":           ErrParams,
	"InvalidAuthentication": ErrTokenInvalid,
	"40014":                 ErrTokenInvalid,
	"42001":                 ErrTokenInvalid,
	"Forbidden.AccessDenied.AccessTokenPermissionDenied": ErrPermissionDenied,
	"60011":                   ErrPermissionDenied,
	"90018":                   ErrRateLimited,
	"90002":                   ErrRateLimited,
	"systemError":             ErrSystem,
	"system.error":            ErrSystem,
	"unknownError":            ErrSystem,
	"-1":                      ErrSystem, // legacy "system busy"
	"15":                      ErrSystem, // legacy isp.top-remote-connection-timeout
	"88":                      ErrSystem, // legacy 88 without sub_code: server timeout
	"60121":                   ErrUserNotFound,
	"33012":                   ErrUserNotFound,
	"40003":                   ErrUserNotFound,
	"invalidClientIdOrSecret": ErrBadCredentials,
	"40096":                   ErrBadCredentials,
	"Forbidden.AccessDenied.ApiCountLimitForOrg": ErrQuotaExceeded,
	"90020":        ErrQuotaExceeded,
	codeIPBanned:   ErrRateLimited,
	codeUnreadable: ErrSystem,
}

// APIError is an error answer from DingTalk in either shape. For the v1.0
// API, Code is the JSON code (e.g. "paramsError"). For the legacy API,
// which answers HTTP 200, Code is the errcode as text, or the sub_code
// when errcode is 88 (DingTalk wraps auth errors that way).
type APIError struct {
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
	Scopes     []string // permission scopes DingTalk says are missing
}

// Error describes the failure. It holds only what DingTalk answered.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dingtalk: HTTP %d", e.HTTPStatus)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Scopes) > 0 {
		b.WriteString(" (missing scopes " + strings.Join(e.Scopes, ",") + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [requestid " + e.RequestID + "]")
	}
	return b.String()
}

// Is reports whether target is the sentinel matching e's code or status.
func (e *APIError) Is(target error) bool {
	s := e.sentinel()
	return s != nil && s == target
}

// Retryable reports whether sending the same request later may succeed:
// DingTalk system errors, HTTP 5xx and rate limiting.
func (e *APIError) Retryable() bool {
	s := e.sentinel()
	return s == ErrSystem || s == ErrRateLimited
}

func (e *APIError) sentinel() error {
	if s, ok := codeSentinels[e.Code]; ok {
		return s
	}
	switch {
	case strings.HasPrefix(e.Code, "Forbidden.AccessDenied.QpsLimitFor"),
		e.HTTPStatus == http.StatusTooManyRequests:
		return ErrRateLimited
	case e.HTTPStatus >= 500:
		return ErrSystem
	}
	return nil
}

// Errors DingTalk reports inside a successful (2xx) answer. Every APIError
// is built in this file: from an error body (checkResponse) or by these.

// errInBody is a failure a 2xx answer's body reports: a close refused
// with a code, "success": false.
func errInBody(code, message string) *APIError {
	return &APIError{HTTPStatus: http.StatusOK, Code: code, Message: message}
}

// errCloseRefused is a close whose answer's code is not success (0 or 200).
func errCloseRefused(code int64, cause string) *APIError {
	return errInBody(strconv.FormatInt(code, 10), cause)
}

// errNotApplied is an explicit "success": false.
func errNotApplied() *APIError {
	return errInBody("success=false", "DingTalk did not apply the change")
}

// errEmptyToken is a token answer without a token.
func errEmptyToken() *APIError {
	return errInBody("emptyToken", "no accessToken in the answer")
}

// errorBody holds the keys of both error shapes.
type errorBody struct {
	Code      flexString `json:"code"`
	Message   string     `json:"message"`
	RequestID string     `json:"requestid"`
	Denied    struct {
		RequiredScopes []string `json:"requiredScopes"`
	} `json:"accessdenieddetail"`
	Punish          string     `json:"punish"` // an IP ban: {"status":1111,"wait":5,"punish":"deny",…}
	ErrCode         *flexInt   `json:"errcode"`
	ErrMsg          string     `json:"errmsg"`
	SubCode         flexString `json:"sub_code"`
	SubMsg          string     `json:"sub_msg"`
	LegacyRequestID string     `json:"request_id"`
}

// checkResponse maps one HTTP answer to nil or an *APIError: a non-2xx
// status (v1.0 shape, or any body at all), or a 2xx JSON body with a
// non-zero errcode (legacy shape and session webhooks).
func checkResponse(resp *http.Response, body []byte) error {
	var eb errorBody
	jsonErr := json.Unmarshal(body, &eb) // 504s and IP bans may send no JSON
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	switch {
	case ok && eb.Punish != "":
		// Past 10,000 calls in 20 s an IP is banned for 5 minutes, with
		// this body (docs/wire-contract.md §8): a rate limit, not a success.
		return &APIError{HTTPStatus: resp.StatusCode, Code: codeIPBanned, Message: "calls from this IP are refused for a while"}
	case ok && jsonErr != nil && len(bytes.TrimSpace(body)) > 0:
		// An HTML page or a truncated body: nothing says DingTalk acted.
		return &APIError{HTTPStatus: resp.StatusCode, Code: codeUnreadable, Message: "answer is not JSON"}
	case ok && (jsonErr != nil || eb.ErrCode == nil || *eb.ErrCode == 0):
		return nil
	}
	e := &APIError{
		HTTPStatus: resp.StatusCode,
		Code:       string(eb.Code),
		Message:    eb.Message,
		RequestID:  firstNonEmpty(eb.RequestID, eb.LegacyRequestID, resp.Header.Get("x-acs-request-id")),
		Scopes:     eb.Denied.RequiredScopes,
	}
	if eb.ErrCode != nil && *eb.ErrCode != 0 && (ok || e.Code == "") {
		e.Code = legacyCode(int64(*eb.ErrCode), string(eb.SubCode))
		e.Message = firstNonEmpty(eb.SubMsg, eb.ErrMsg)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

// legacyCode is the errcode as text, or the sub_code DingTalk wraps in 88.
func legacyCode(errcode int64, subCode string) string {
	if errcode == 88 && subCode != "" {
		return subCode
	}
	return strconv.FormatInt(errcode, 10)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// netError wraps a transport failure (connection refused or reset,
// timeout, truncated body). Such failures are retried for idempotent calls.
type netError struct {
	err error
}

func (e *netError) Error() string { return "dingtalk: " + e.err.Error() }

func (e *netError) Unwrap() error { return e.err }
