package dingtalktest

import (
	"fmt"
	"sort"
	"sync"
)

// Several organisations share one emulator: a third-party app is installed
// by many of them at once. Each organisation is a *Server value of its own
// (directory, meetings, session webhooks and replies, cards) over the shared
// hub (URL, stream gateway, tokens, faults, call log). Calls are routed to
// the organisation that owns the access token they carry (or the session
// webhook they use), so the same userId, unionId or conversationId in two
// organisations are two different things and a token only sees its own
// organisation's data.
//
// The Server from Start is the first organisation
// (Options.CorpID). On an organisation returned by AddOrg, these methods act
// on that organisation alone: AddUser, User, AddMeeting, EndMeeting, Meeting,
// Meetings, Push, PushCardClick, DingtalkID, ChatbotUserID, WaitReply,
// WaitReplies, Replies, ExpireWebhooks, Card, Cards, ExpireTokens,
// TokenFetches, Revoke, Authorize. Everything else (URL, Calls, Fault,
// Disconnect, WaitConnected, WaitAck, PushSuiteTicket, Close …) is the
// emulator's and is the same whichever organisation it is called on.

// orgSet indexes the organisations and their route handlers.
type orgSet struct {
	mu       sync.Mutex
	byCorp   map[string]*Server
	handlers map[*Server]map[string]func(*exchange) // org → route pattern → handler
	revoked  map[string]bool
}

func (o *orgSet) init(root *Server) {
	o.byCorp = make(map[string]*Server)
	o.handlers = make(map[*Server]map[string]func(*exchange))
	o.revoked = make(map[string]bool)
	o.add(root)
}

// add registers org and binds the route handlers to it. Caller holds mu or
// is init.
func (o *orgSet) add(org *Server) {
	h := make(map[string]func(*exchange))
	for _, rt := range org.routeTable() {
		h[rt.pattern] = rt.h
	}
	o.byCorp[org.opts.CorpID] = org
	o.handlers[org] = h
}

// AddOrg adds an organisation with its own corpId (and so its own ids in
// payloads), directory, meetings, replies and cards, and returns it. With
// Options.ThirdParty it has authorised the app; an internal app only ever
// gets tokens for the first organisation, as on DingTalk. Adding a corpId
// that exists returns that organisation.
func (s *Server) AddOrg(corpID string) *Server {
	if corpID == "" {
		panic("dingtalktest: AddOrg needs a corpId")
	}
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	if org, ok := s.orgs.byCorp[corpID]; ok {
		return org
	}
	org := &Server{hub: s.hub}
	opts := s.root.opts
	opts.CorpID = corpID
	org.initOrg(opts)
	s.orgs.add(org)
	return org
}

// Org returns the organisation with that corpId.
func (s *Server) Org(corpID string) (*Server, bool) {
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	org, ok := s.orgs.byCorp[corpID]
	return org, ok
}

// Orgs returns the corpIds of every organisation, sorted.
func (s *Server) Orgs() []string {
	s.orgs.mu.Lock()
	defer s.orgs.mu.Unlock()
	out := make([]string, 0, len(s.orgs.byCorp))
	for corp := range s.orgs.byCorp {
		out = append(out, corp)
	}
	sort.Strings(out)
	return out
}

// CorpID is this organisation's corpId.
func (s *Server) CorpID() string { return s.opts.CorpID }

// dispatch runs the route's handler on the organisation the call belongs
// to: the owner of its token, or of its session webhook; the first
// organisation for calls that carry neither.
func (s *Server) dispatch(rt route, x *exchange) {
	org := s.orgOf(x)
	s.orgs.mu.Lock()
	h, ok := s.orgs.handlers[org][rt.pattern]
	s.orgs.mu.Unlock()
	if !ok {
		panic(fmt.Sprintf("dingtalktest: no handler for %s", rt.pattern))
	}
	h(x)
}

func (s *Server) orgOf(x *exchange) *Server {
	var token string
	switch x.rt.kind {
	case kindV1:
		token = x.r.Header.Get("x-acs-dingtalk-access-token")
	case kindLegacy:
		token = x.r.URL.Query().Get("access_token")
	case kindHook:
		return s.sessionOrg(x.r.URL.Query().Get("session"))
	}
	corp, ok := s.auth.corpOf(token)
	if !ok {
		return s.root
	}
	if org, ok := s.Org(corp); ok {
		return org
	}
	return s.root
}

// sessionOrg finds the organisation that issued a session webhook.
func (s *Server) sessionOrg(id string) *Server {
	s.orgs.mu.Lock()
	orgs := make([]*Server, 0, len(s.orgs.byCorp))
	for _, org := range s.orgs.byCorp {
		orgs = append(orgs, org)
	}
	s.orgs.mu.Unlock()
	for _, org := range orgs {
		org.msgs.mu.Lock()
		_, ok := org.msgs.sessions[id]
		org.msgs.mu.Unlock()
		if ok {
			return org
		}
	}
	return s.root
}
