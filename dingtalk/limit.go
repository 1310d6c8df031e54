package dingtalk

import (
	"context"
	"sync"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per API (method + route template), since
// DingTalk limits each app per API (20 QPS on standard editions).
type limiter struct {
	qps int
	mu  sync.Mutex
	m   map[string]*rate.Limiter
}

// newLimiter returns nil, which allows everything, when qps <= 0.
func newLimiter(qps int) *limiter {
	if qps <= 0 {
		return nil
	}
	return &limiter{qps: qps, m: make(map[string]*rate.Limiter)}
}

// wait blocks until the API's bucket allows a call. It fails at once if
// the wait would pass ctx's deadline.
func (l *limiter) wait(ctx context.Context, api string) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	lim, ok := l.m[api]
	if !ok {
		lim = rate.NewLimiter(rate.Limit(l.qps), l.qps)
		l.m[api] = lim
	}
	l.mu.Unlock()
	return lim.Wait(ctx)
}
