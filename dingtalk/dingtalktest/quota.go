package dingtalktest

import (
	"net/http"
	"sync"
)

// quotaState is an organisation's monthly API call budget (docs/wire-contract.md
// §8: standard-edition organisations get 10 000 calls a month across their
// internal apps). The emulator does not count a month: tests say when the
// budget runs out.
type quotaState struct {
	mu   sync.Mutex
	left int // quota-counted calls still allowed; -1 = unlimited
}

func (q *quotaState) init() { q.left = -1 }

// take spends one call; false means the organisation is over its quota.
func (q *quotaState) take() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case q.left < 0:
		return true
	case q.left == 0:
		return false
	}
	q.left--
	return true
}

func (q *quotaState) set(left int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.left = left
}

// ExhaustQuota puts this organisation over its monthly API quota: from now
// on every quota-counted call made with its tokens answers HTTP 403
// Forbidden.AccessDenied.ApiCountLimitForOrg (v1.0) or errcode 90020
// (legacy), until RestoreQuota. Exempt, as docs/wire-contract.md §8 excludes
// "token, auth and contacts APIs": the token endpoints, the stream gateway,
// session webhooks (no token, not an OpenAPI call) and the contacts calls
// (/topapi/v2/user/get, /topapi/user/getbyunionid). Other organisations
// are not affected.
func (s *Server) ExhaustQuota() { s.quota.set(0) }

// ExhaustQuotaAfter lets n more quota-counted calls through, then puts the
// organisation over its quota as ExhaustQuota does.
func (s *Server) ExhaustQuotaAfter(n int) { s.quota.set(max(n, 0)) }

// RestoreQuota lifts ExhaustQuota and ExhaustQuotaAfter (a new month, or a
// paid edition).
func (s *Server) RestoreQuota() { s.quota.set(-1) }

// quotaCounted reports whether calls on the route count against the
// organisation's monthly quota: every route that needs a permission scope
// except the contacts ones. Routes without a scope are the token
// endpoints, the stream gateway, session webhooks and the not-found route.
func (rt route) quotaCounted() bool {
	return rt.scope != "" && rt.scope != scopeContacts
}

// meter spends one call of the calling organisation's quota; false means
// it is over quota and the call was answered.
func (s *Server) meter(x *exchange) bool {
	if !x.rt.quotaCounted() || s.orgOf(x).quota.take() {
		return true
	}
	x.fail(faultQuota)
	return false
}

// quotaMessage is the message of the over-quota answer (wording UNCONFIRMED).
const quotaMessage = "企业调用接口次数已超过月度上限"

func (x *exchange) overQuotaV1() {
	x.v1Error(http.StatusForbidden, "Forbidden.AccessDenied.ApiCountLimitForOrg", quotaMessage)
}
