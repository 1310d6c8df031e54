package dingtalk

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"time"
)

// rateLimitWait is DingTalk's advice after a QPS-limit answer: wait 1 s.
const rateLimitWait = time.Second

// retryPolicy is the one place that decides whether and when to send an
// idempotent request again. Service methods never sleep.
type retryPolicy struct {
	attempts      int
	base, max     time.Duration
	rateLimitWait time.Duration
	// jitter picks the actual wait for a backoff cap d; full jitter by default.
	jitter func(d time.Duration) time.Duration
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{
		attempts:      4,
		base:          100 * time.Millisecond,
		max:           2 * time.Second,
		rateLimitWait: rateLimitWait,
		jitter:        fullJitter,
	}
}

// normalized fixes nonsensical settings from WithRetry.
func (p retryPolicy) normalized() retryPolicy {
	p.attempts = max(p.attempts, 1)
	p.base = max(p.base, time.Millisecond)
	p.max = max(p.max, p.base)
	return p
}

func fullJitter(d time.Duration) time.Duration {
	return rand.N(d + 1)
}

// run calls fn until it succeeds, fails for good, or attempts run out.
// It waits within ctx: when ctx ends or the next wait would pass ctx's
// deadline, it returns the last error at once.
func (p retryPolicy) run(ctx context.Context, fn func(context.Context) error, again func(context.Context, error) bool) error {
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil || attempt >= p.attempts || !again(ctx, err) {
			return err
		}
		if !sleep(ctx, p.backoff(attempt, err)) {
			return err
		}
	}
}

// backoff is the wait after the given failed attempt (1-based): capped
// exponential with jitter, and at least rateLimitWait after rate limiting.
func (p retryPolicy) backoff(attempt int, err error) time.Duration {
	d := p.max
	if shift := attempt - 1; shift < 32 && p.base<<shift < p.max {
		d = p.base << shift
	}
	d = p.jitter(d)
	if errors.Is(err, ErrRateLimited) {
		d = max(d, p.rateLimitWait)
	}
	return d
}

// retryable reports whether err is worth another attempt: a retryable
// DingTalk answer or a transport failure, while ctx is still live.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		return apiErr.Retryable()
	}
	_, isNet := errors.AsType[*netError](err)
	return isNet
}

// refusedUnsent reports whether err proves the request did nothing, so a
// call that must not act twice (sending a message) may be sent again:
// DingTalk's rate limiter refused it, or the connection was never made. A
// timeout, a reset or a 5xx may come after DingTalk acted, so those are
// not retried: a reply sent twice is worse than an error logged once.
func refusedUnsent(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if errors.Is(err, ErrRateLimited) {
		return true
	}
	opErr, ok := errors.AsType[*net.OpError](err)
	return ok && opErr.Op == "dial"
}

// sleep waits d and reports true, or reports false at once if waiting d
// would pass ctx's deadline, or as soon as ctx ends.
func sleep(ctx context.Context, d time.Duration) bool {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
