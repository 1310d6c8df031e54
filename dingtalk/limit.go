package dingtalk

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// limiter keeps DingTalk's per-API limit (20 QPS on standard editions:
// at most qps calls of one API — method and route template — in any one
// second, as DingTalk counts them on arrival). A token bucket cannot
// promise that: its burst plus a second's refill lets twice qps through in
// the first second. So each API has qps slots; a call takes a free slot,
// and the slot is free again one second after that call completed (its
// answer came back, so DingTalk had counted it): no qps+1 calls can ever
// arrive within one second, whatever the network's jitter.
type limiter struct {
	qps int
	mu  sync.Mutex
	m   map[string]*window
}

// window is one API's slots: busy counts calls in flight, free holds the
// times their slots free up (one second after each completed call).
type window struct {
	busy int
	free []time.Time // ascending
	wake chan struct{}
}

// newLimiter returns nil, which allows everything, when qps <= 0.
func newLimiter(qps int) *limiter {
	if qps <= 0 {
		return nil
	}
	return &limiter{qps: qps, m: make(map[string]*window)}
}

// wait blocks until the API has a free slot and takes it; the caller calls
// done when the call completed. It fails at once if the wait would pass
// ctx's deadline.
func (l *limiter) wait(ctx context.Context, api string) (done func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	for {
		l.mu.Lock()
		w, ok := l.m[api]
		if !ok {
			w = &window{wake: make(chan struct{})}
			l.m[api] = w
		}
		now := time.Now()
		for len(w.free) > 0 && !w.free[0].After(now) {
			w.free = w.free[1:]
		}
		if w.busy+len(w.free) < l.qps {
			w.busy++
			l.mu.Unlock()
			return func() { l.release(api) }, nil
		}
		var until time.Time
		if len(w.free) > 0 {
			until = w.free[0]
		}
		wake := w.wake
		l.mu.Unlock()
		if dl, ok := ctx.Deadline(); ok && !until.IsZero() && until.After(dl) {
			return nil, fmt.Errorf("dingtalk: %s: no call allowed before the deadline (%d a second)", api, l.qps)
		}
		if err := sleepUntil(ctx, until, wake); err != nil {
			return nil, err
		}
	}
}

// release frees a slot one second from now, and wakes the waiters (a
// waiter with nothing to wait for but calls in flight sleeps on wake).
func (l *limiter) release(api string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.m[api]
	w.busy--
	w.free = append(w.free, time.Now().Add(time.Second))
	close(w.wake)
	w.wake = make(chan struct{})
}

// sleepUntil waits until t (zero: until wake is closed), wake, or ctx.
func sleepUntil(ctx context.Context, t time.Time, wake <-chan struct{}) error {
	var timer <-chan time.Time
	if !t.IsZero() {
		tm := time.NewTimer(time.Until(t))
		defer tm.Stop()
		timer = tm.C
	}
	select {
	case <-timer:
	case <-wake:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
