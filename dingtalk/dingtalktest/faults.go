package dingtalktest

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault kinds accepted in Fault.Kind. An empty Kind with a Latency only
// delays the call.
const (
	faultSystem      = "systemError"      // 500 systemError
	faultQPS         = "qps"              // 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi
	faultGateway     = "gateway"          // 504, empty body
	faultParams      = "paramsError"      // 400 paramsError
	faultUnknownUser = "unknownUserError" // 400 unknownUserError
	faultPermission  = "permission"       // 403 AccessTokenPermissionDenied + requiredScopes
	faultToken       = "invalidToken"     // 400 InvalidAuthentication / errcode 40014
	faultClose       = "close"            // hang up the TCP connection
	faultQuota       = "quota"            // 403 Forbidden.AccessDenied.ApiCountLimitForOrg / errcode 90020
)

// Fault injects a failure into matching API calls. Legacy and webhook routes
// answer in their own shape (see the package doc).
type Fault struct {
	Method, Path string // Method "" = any; Path exact, or a prefix ending with "*"
	// Kind: "systemError" (500), "qps" (403 QpsLimitForAppkeyAndApi),
	// "gateway" (504, empty body), "paramsError", "unknownUserError",
	// "permission" (403 AccessTokenPermissionDenied + requiredScopes),
	// "invalidToken", "quota" (403 ApiCountLimitForOrg, legacy errcode
	// 90020: the organisation is over its monthly quota), "close" (hang
	// up), or "" for Latency only. Unknown kinds answer as systemError.
	Kind  string
	Count int     // inject this many times then stop (0 = unlimited)
	Rate  float64 // probability per matching call (0 = always)
	// Once spares a request that this fault already hit: the same method,
	// path and body are answered normally when sent again, so a client
	// that retries always gets through (bursts with faults stay
	// deterministic however the retries interleave).
	Once    bool
	hit     map[string]bool
	Latency time.Duration // added before answering (cut short by request cancellation)
}

func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && f.Method != method {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == path
}

// faultSet holds injected faults and the QPS limiter.
type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
	limit  int
	recent map[string][]time.Time // route → ring of the last `limit` accepted calls
	next   map[string]int
}

func (fs *faultSet) init(limit int) {
	fs.limit = limit
	fs.recent = make(map[string][]time.Time)
	fs.next = make(map[string]int)
}

// Fault adds a fault; faults are tried in the order added.
func (s *Server) Fault(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = append(s.faults.faults, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = nil
}

// pick returns the first fault that fires for this call, consuming its count.
func (fs *faultSet) pick(method, path string, body []byte) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.faults {
		if !f.matches(method, path) || (f.Rate > 0 && rand.Float64() >= f.Rate) {
			continue
		}
		if f.Once {
			key := method + " " + path + " " + string(body)
			if f.hit[key] {
				continue
			}
			if f.hit == nil {
				f.hit = map[string]bool{}
			}
			f.hit[key] = true
		}
		if f.Count > 0 {
			f.Count--
			if f.Count == 0 {
				fs.faults = append(fs.faults[:i:i], fs.faults[i+1:]...)
			}
		}
		return *f, true
	}
	return Fault{}, false
}

// allow applies the sliding-window QPS limit: at most limit accepted calls
// per route in any one-second window. Rejected calls do not count.
func (fs *faultSet) allow(routeKey string) bool {
	if fs.limit <= 0 {
		return true
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	ring := fs.recent[routeKey]
	if ring == nil {
		ring = make([]time.Time, fs.limit)
		fs.recent[routeKey] = ring
	}
	now, i := time.Now(), fs.next[routeKey]
	if !ring[i].IsZero() && now.Sub(ring[i]) < time.Second {
		return false
	}
	ring[i] = now
	fs.next[routeKey] = (i + 1) % fs.limit
	return true
}

// injectFault applies a matching fault; true means the call was answered.
func (s *Server) injectFault(x *exchange) bool {
	f, ok := s.faults.pick(x.r.Method, x.r.URL.Path, x.body)
	if !ok {
		return false
	}
	if f.Latency > 0 && !s.delay(x, f.Latency) {
		x.code = "canceled"
		return true
	}
	if f.Kind == "" {
		return false
	}
	x.fail(f.Kind)
	return true
}

// delay waits d unless the request is cancelled or the Server closes.
func (s *Server) delay(x *exchange, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-x.r.Context().Done():
	case <-s.done:
	}
	return false
}

// fail answers the fault kind in the route's shape.
func (x *exchange) fail(kind string) {
	switch kind {
	case faultGateway:
		x.status = http.StatusGatewayTimeout
		return
	case faultClose:
		x.hangUp()
		return
	}
	if x.legacyOrHook() {
		x.failLegacy(kind)
		return
	}
	x.failV1(kind)
}

func (x *exchange) failV1(kind string) {
	switch kind {
	case faultQPS:
		x.v1Error(http.StatusForbidden, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "调用该接口超过限流值")
	case faultParams:
		x.paramsError("injected")
	case faultUnknownUser:
		x.unknownUser()
	case faultPermission:
		x.writeJSON(http.StatusForbidden, v1ErrorBody{Code: "Forbidden.AccessDenied.AccessTokenPermissionDenied",
			Message:   "没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp/add-api-permission",
			RequestID: x.reqID, AccessDeniedDetail: &deniedDetail{RequiredScopes: []string{x.rt.scope}}})
		x.code = "Forbidden.AccessDenied.AccessTokenPermissionDenied"
	case faultToken:
		x.v1AuthError(tokenInvalid)
	case faultQuota:
		x.overQuotaV1()
	default:
		x.v1Error(http.StatusInternalServerError, "systemError", "systemError:injected")
	}
}

func (x *exchange) failLegacy(kind string) {
	switch kind {
	case faultQPS:
		x.legacyError(90018, "调用该接口超过限流值")
	case faultParams:
		x.paramsError("injected")
	case faultUnknownUser:
		x.legacyError(60121, "找不到该用户")
	case faultPermission:
		x.legacyError(60011, "没有调用该接口的权限")
	case faultToken:
		x.legacyError(40014, "不合法的access_token")
	case faultQuota:
		x.legacyError(90020, quotaMessage)
	default:
		x.legacyError(-1, "系统繁忙")
	}
}

// hangUp closes the TCP connection without answering.
func (x *exchange) hangUp() {
	x.code = faultClose
	conn, _, err := http.NewResponseController(x.w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
