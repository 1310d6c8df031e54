package dingtalktest

import (
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Call is one recorded HTTP API call. Secrets never appear in it: the
// access_token query value and the appSecret/clientSecret/suiteSecret body fields are
// replaced by "***".
type Call struct {
	Method, Path, Query string
	Body                []byte
	Status              int    // HTTP status answered; 0 when the connection was hung up
	Code                string // v1.0 error code, or legacy errcode as text; "" on success
	Duration            time.Duration
}

// recorder keeps every call, plus counts per "METHOD path" so CountCalls
// does not scan the whole log.
type recorder struct {
	mu     sync.Mutex
	calls  []Call
	counts map[string]int
}

func (r *recorder) init() { r.counts = make(map[string]int) }

func (s *Server) record(x *exchange, d time.Duration) {
	c := Call{
		Method:   x.r.Method,
		Path:     x.r.URL.Path,
		Query:    redactQuery(x.r.URL.RawQuery),
		Body:     redactBody(x.body),
		Status:   x.status,
		Code:     x.code,
		Duration: d,
	}
	s.rec.mu.Lock()
	s.rec.calls = append(s.rec.calls, c)
	s.rec.counts[c.Method+" "+c.Path]++
	s.rec.mu.Unlock()
	if s.opts.OnCall != nil {
		s.opts.OnCall(c)
	}
}

// Calls returns a copy of every recorded call, in completion order.
func (s *Server) Calls() []Call {
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	return append([]Call(nil), s.rec.calls...)
}

// CountCalls counts recorded calls with that method ("" = any) and path; a
// path ending in "*" matches as a prefix.
func (s *Server) CountCalls(method, path string) int {
	prefix, isPrefix := strings.CutSuffix(path, "*")
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	n := 0
	for key, c := range s.rec.counts {
		m, p, _ := strings.Cut(key, " ")
		if method != "" && m != method {
			continue
		}
		if p == path || (isPrefix && strings.HasPrefix(p, prefix)) {
			n += c
		}
	}
	return n
}

func redactQuery(raw string) string {
	if !strings.Contains(raw, "access_token") && !strings.Contains(raw, "appsecret") {
		return raw
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "***"
	}
	for _, k := range []string{"access_token", "appsecret"} {
		if q.Has(k) {
			q.Set(k, "***")
		}
	}
	return q.Encode()
}

func redactBody(b []byte) []byte {
	s := string(b)
	if !strings.Contains(s, "appSecret") && !strings.Contains(s, "clientSecret") && !strings.Contains(s, "suiteSecret") {
		return b
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return []byte("***")
	}
	for _, k := range []string{"appSecret", "clientSecret", "suiteSecret"} {
		if _, ok := m[k]; ok {
			m[k] = json.RawMessage(`"***"`)
		}
	}
	out, _ := json.Marshal(m)
	return out
}
