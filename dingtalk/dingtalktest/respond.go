package dingtalktest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// v1ErrorBody is the v1.0 error shape (docs/wire-contract.md §8).
type v1ErrorBody struct {
	Code               string        `json:"code"`
	Message            string        `json:"message"`
	RequestID          string        `json:"requestid"`
	AccessDeniedDetail *deniedDetail `json:"accessdenieddetail,omitempty"`
}

type deniedDetail struct {
	RequiredScopes []string `json:"requiredScopes"`
}

// legacyErrorBody is the oapi error shape; sub_code is a string (§6).
type legacyErrorBody struct {
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
	SubCode   string `json:"sub_code,omitempty"`
	SubMsg    string `json:"sub_msg,omitempty"`
	RequestID string `json:"request_id"`
}

// legacyOK is embedded in successful oapi answers.
type legacyOK struct {
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
	RequestID string `json:"request_id,omitempty"`
}

func (x *exchange) legacyOK() legacyOK {
	return legacyOK{ErrCode: 0, ErrMsg: "ok", RequestID: x.reqID}
}

// writeJSON prepares the answer: status with v as JSON (sent by flush).
func (x *exchange) writeJSON(status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":"systemError","message":"systemError:encode"}`)
	}
	x.w.Header().Set("Content-Type", "application/json;charset=utf-8")
	x.status, x.out = status, b
}

// flush sends the answer prepared by the handler. It runs after the call is
// recorded, so a client that has the answer also finds the call in Calls.
func (x *exchange) flush() {
	if x.status == 0 {
		return
	}
	x.w.WriteHeader(x.status)
	_, _ = x.w.Write(x.out)
}

// ok answers 200 with v.
func (x *exchange) ok(v any) { x.writeJSON(http.StatusOK, v) }

// v1Error answers the v1.0 error shape.
func (x *exchange) v1Error(status int, code, message string) {
	x.writeJSON(status, v1ErrorBody{Code: code, Message: message, RequestID: x.reqID})
	x.code = code
}

// legacyError answers HTTP 200 with a non-zero errcode.
func (x *exchange) legacyError(errcode int, errmsg string) {
	x.writeJSON(http.StatusOK, legacyErrorBody{ErrCode: errcode, ErrMsg: errmsg, RequestID: x.reqID})
	x.code = strconv.Itoa(errcode)
}

// legacyOrHook reports whether the route answers errors as errcode in a 200.
func (x *exchange) legacyOrHook() bool {
	return x.rt.kind == kindLegacy || x.rt.kind == kindHook
}

// paramsError answers a parameter error in the route's shape.
func (x *exchange) paramsError(reason string) {
	if x.legacyOrHook() {
		x.legacyError(40035, "缺少参数或参数不合法: "+reason)
		return
	}
	x.v1Error(http.StatusBadRequest, "paramsError", "error:"+reason)
}

// unknownUser answers the documented conference "unknownUserError".
func (x *exchange) unknownUser() {
	x.v1Error(http.StatusBadRequest, "unknownUserError", "unknownUserError")
}

// decode parses the JSON body into v, answering paramsError on failure.
func (x *exchange) decode(v any) bool {
	if err := json.Unmarshal(x.body, v); err != nil {
		x.paramsError("invalid json body")
		return false
	}
	return true
}

// success is the {"success":true} body of most conference control calls.
type success struct {
	Success bool `json:"success"`
}
