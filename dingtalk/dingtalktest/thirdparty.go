package dingtalktest

import (
	"net/http"
	"sync"
)

// TopicEvent is the topic of EVENT frames: DingTalk supports only "*"
// (docs/wire-contract.md §1.5; which topic the server really sends is
// UNCONFIRMED, the doc's event example shows "*").
const TopicEvent = "*"

const typeEvent = "EVENT"

// suiteState is the third-party app's suite ticket: DingTalk pushes a new
// one regularly, and corpAccessToken accepts only the newest.
type suiteState struct {
	mu     sync.Mutex
	ticket string
}

// SuiteTicket returns the newest suite ticket pushed, "" before any.
func (s *Server) SuiteTicket() string {
	s.suite.mu.Lock()
	defer s.suite.mu.Unlock()
	return s.suite.ticket
}

// Revoke withdraws this organisation's authorisation of the app, as its
// admin would: its tokens stop working at once (InvalidAuthentication) and
// corpAccessToken refuses it until Authorize.
func (s *Server) Revoke() {
	s.orgs.mu.Lock()
	s.orgs.revoked[s.opts.CorpID] = true
	s.orgs.mu.Unlock()
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	for tok, corp := range s.auth.owner {
		if corp == s.opts.CorpID {
			delete(s.auth.tokens, tok)
		}
	}
}

// Authorize (re)authorises the app for this organisation after Revoke.
func (s *Server) Authorize() {
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	delete(s.orgs.revoked, s.opts.CorpID)
}

// authorised reports whether corp exists and has not revoked the app.
func (s *Server) authorised(corp string) bool {
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	_, ok := s.orgs.byCorp[corp]
	return ok && !s.orgs.revoked[corp]
}

type corpTokenRequest struct {
	SuiteKey    string `json:"suiteKey"`
	SuiteSecret string `json:"suiteSecret"`
	AuthCorpID  string `json:"authCorpId"`
	SuiteTicket string `json:"suiteTicket"`
}

// handleCorpToken serves POST /v1.0/oauth2/corpAccessToken (§5). The error
// codes for a stale ticket ("invalidSuiteTicket") and an organisation that
// has not authorised the app ("invalidAuthCorp") are UNCONFIRMED.
func (s *Server) handleCorpToken(x *exchange) {
	var req corpTokenRequest
	if !x.decode(&req) {
		return
	}
	switch {
	case !s.opts.ThirdParty || req.SuiteKey != s.opts.ClientID || req.SuiteSecret != s.opts.ClientSecret:
		x.v1Error(http.StatusBadRequest, "invalidClientIdOrSecret", "无效的suiteKey或者suiteSecret")
	case req.SuiteTicket != s.SuiteTicket():
		x.v1Error(http.StatusBadRequest, "invalidSuiteTicket", "suiteTicket无效")
	case !s.authorised(req.AuthCorpID):
		x.v1Error(http.StatusBadRequest, "invalidAuthCorp", "企业未授权该应用")
	default:
		tok := s.auth.issue(req.AuthCorpID, s.opts.TokenLifetime)
		x.ok(accessTokenResponse{AccessToken: tok, ExpireIn: s.lifetimeSeconds()})
	}
}
