package dingtalktest

import (
	"net/http"
	"sync"
	"time"
)

// tokenStore holds every access token issued, and the organisation each
// belongs to: a token only sees its own organisation's data.
type tokenStore struct {
	mu      sync.Mutex
	tokens  map[string]time.Time // token → expiry
	owner   map[string]string    // token → corpId
	current map[string]string    // corpId → its newest token
	fetches map[string]int       // corpId → issuances
}

func (t *tokenStore) init() {
	t.tokens = make(map[string]time.Time)
	t.owner = make(map[string]string)
	t.current = make(map[string]string)
	t.fetches = make(map[string]int)
}

// issue returns corp's current token when still valid (extending it, as
// DingTalk does), else a new one.
func (t *tokenStore) issue(corp string, lifetime time.Duration) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	t.fetches[corp]++
	tok := t.current[corp]
	if exp, ok := t.tokens[tok]; !ok || !now.Before(exp) {
		tok = secret()
		t.current[corp], t.owner[tok] = tok, corp
	}
	t.tokens[tok] = now.Add(lifetime)
	return tok
}

// corpOf returns the organisation of a known token.
func (t *tokenStore) corpOf(token string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	corp, ok := t.owner[token]
	return corp, ok
}

// tokenStatus is the outcome of checking a token.
type tokenStatus int

const (
	tokenValid tokenStatus = iota
	tokenMissing
	tokenInvalid
	tokenExpired
)

func (t *tokenStore) check(token string) tokenStatus {
	if token == "" {
		return tokenMissing
	}
	t.mu.Lock()
	exp, ok := t.tokens[token]
	t.mu.Unlock()
	switch {
	case !ok:
		return tokenInvalid
	case !time.Now().Before(exp):
		return tokenExpired
	}
	return tokenValid
}

// ExpireTokens makes every token issued so far for this organisation
// expired: v1.0 calls answer InvalidAuthentication, legacy calls errcode
// 42001 (or 88/"42001"). Other organisations' tokens stay valid.
func (s *Server) ExpireTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for tok := range s.auth.tokens {
		if s.auth.owner[tok] == s.opts.CorpID {
			s.auth.tokens[tok] = past
		}
	}
}

// TokenFetches counts successful token issuances for this organisation
// (v1.0 accessToken and legacy gettoken, or corpAccessToken for a
// third-party app).
func (s *Server) TokenFetches() int {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	return s.auth.fetches[s.opts.CorpID]
}

type accessTokenRequest struct {
	AppKey    string `json:"appKey"`
	AppSecret string `json:"appSecret"`
}

type accessTokenResponse struct {
	AccessToken string `json:"accessToken"`
	ExpireIn    int64  `json:"expireIn"`
}

func (s *Server) lifetimeSeconds() int64 {
	return int64((s.opts.TokenLifetime + time.Second - 1) / time.Second)
}

// handleAccessToken serves POST /v1.0/oauth2/accessToken (§5).
func (s *Server) handleAccessToken(x *exchange) {
	var req accessTokenRequest
	if !x.decode(&req) {
		return
	}
	if req.AppKey != s.opts.ClientID || req.AppSecret != s.opts.ClientSecret || s.opts.ThirdParty {
		x.v1Error(http.StatusBadRequest, "invalidClientIdOrSecret", "无效的clientId或者clientSecret")
		return
	}
	tok := s.auth.issue(s.opts.CorpID, s.opts.TokenLifetime)
	x.ok(accessTokenResponse{AccessToken: tok, ExpireIn: s.lifetimeSeconds()})
}

type legacyTokenResponse struct {
	legacyOK
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// handleLegacyToken serves GET /gettoken?appkey=&appsecret= (§5).
func (s *Server) handleLegacyToken(x *exchange) {
	q := x.r.URL.Query()
	if q.Get("appkey") != s.opts.ClientID || q.Get("appsecret") != s.opts.ClientSecret || s.opts.ThirdParty {
		x.legacyError(40096, "不合法的appKey或appSecret")
		return
	}
	tok := s.auth.issue(s.opts.CorpID, s.opts.TokenLifetime)
	x.ok(legacyTokenResponse{legacyOK: legacyOK{ErrMsg: "ok"}, AccessToken: tok, ExpiresIn: s.lifetimeSeconds()})
}

// authorize checks the token the route's kind requires, answering the error
// itself when the check fails.
func (s *Server) authorize(x *exchange) bool {
	switch x.rt.kind {
	case kindV1:
		st := s.auth.check(x.r.Header.Get("x-acs-dingtalk-access-token"))
		if st == tokenValid {
			return true
		}
		x.v1AuthError(st)
		return false
	case kindLegacy:
		if x.rt.pattern == "GET /gettoken" {
			return true
		}
		st := s.auth.check(x.r.URL.Query().Get("access_token"))
		if st == tokenValid {
			return true
		}
		s.legacyAuthError(x, st)
		return false
	}
	return true
}

func (x *exchange) v1AuthError(st tokenStatus) {
	if st == tokenMissing {
		x.v1Error(http.StatusBadRequest, "AuthenticationFailed.MissingParameter", "缺少参数 x-acs-dingtalk-access-token")
		return
	}
	x.v1Error(http.StatusBadRequest, "InvalidAuthentication", "不合法的access_token")
}

// legacyAuthError answers 40014 (missing/invalid) or 42001 (expired), wrapped
// in errcode 88 when Options.WrapLegacyAuthErrors is set (missing → sub_code
// "40000", as DingTalk answers a token sent in the wrong place).
func (s *Server) legacyAuthError(x *exchange, st tokenStatus) {
	code, msg, sub := 40014, "不合法的access_token", "40014"
	switch st {
	case tokenExpired:
		code, msg, sub = 42001, "access_token超时", "42001"
	case tokenMissing:
		sub = "40000"
	}
	if !s.opts.WrapLegacyAuthErrors {
		x.legacyError(code, msg)
		return
	}
	x.writeJSON(http.StatusOK, legacyErrorBody{ErrCode: 88, ErrMsg: "ding talk error[subcode=" + sub + ",submsg=" + msg + "]",
		SubCode: sub, SubMsg: msg, RequestID: x.reqID})
	x.code = "88"
}
