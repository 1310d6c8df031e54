package dingtalk

import (
	"context"
	"errors"
	"sync"
	"time"
)

// quotaLogEvery is how often, at most, the client logs that one
// organisation is over its monthly API quota: every command of that
// organisation hits it until the month ends, and one line a minute says
// so without flooding the log.
const quotaLogEvery = time.Minute

// quotaLog remembers when it last logged each organisation's quota error.
type quotaLog struct {
	mu   sync.Mutex
	last map[string]time.Time // corpId ("" for an internal app) → last line
	now  func() time.Time
}

// note logs err once per quotaLogEvery per organisation when it is
// ErrQuotaExceeded; other errors are ignored.
func (c *Client) noteQuota(ctx context.Context, r *request, err error) {
	if !errors.Is(err, ErrQuotaExceeded) {
		return
	}
	corp := CorpFrom(ctx)
	if !c.quota.due(corp) {
		return
	}
	c.logger.Warn().Str("corp_id", corp).Str("route", r.method+" "+r.route).
		Msg("the organisation's monthly DingTalk API quota is used up: its commands fail until the month ends " +
			"or it upgrades its DingTalk edition (usage: DingTalk developer console)")
}

// due reports whether corp's quota error should be logged now, and if so
// starts its quiet period.
func (q *quotaLog) due(corp string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	if last, ok := q.last[corp]; ok && now.Sub(last) < quotaLogEvery {
		return false
	}
	if q.last == nil {
		q.last = map[string]time.Time{}
	}
	q.last[corp] = now
	return true
}
