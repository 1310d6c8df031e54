package dingtalk

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type answer struct {
	status int
	body   string
}

var (
	okAnswer     = answer{200, `{"success":true}`}
	systemAnswer = answer{500, `{"code":"systemError","message":"systemError:busy"}`}
	qpsAnswer    = answer{403, `{"code":"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi","message":"qps"}`}
	paramsAnswer = answer{400, `{"code":"paramsError","message":"error:conferenceId"}`}
)

// script serves answers in order, repeating the last, and counts calls.
func script(calls *atomic.Int32, answers ...answer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		a := answers[min(n, len(answers))-1]
		writeJSON(w, a.status, a.body)
	}
}

const focusPattern = "POST /v1.0/conference/videoConferences/{id}/focus"

func TestRetryPolicyOverHTTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		answers   []answer
		wantCalls int32
		wantErr   error
	}{
		{"system error then success", []answer{systemAnswer, systemAnswer, okAnswer}, 3, nil},
		{"gateway timeout then success", []answer{{504, ``}, okAnswer}, 2, nil},
		{"rate limited then success", []answer{qpsAnswer, okAnswer}, 2, nil},
		{"retries exhausted", []answer{systemAnswer}, 4, ErrSystem},
		{"not retryable", []answer{paramsAnswer, okAnswer}, 1, ErrParams},
		{"permission not retryable", []answer{{403, `{"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied"}`}}, 1, ErrPermissionDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var calls atomic.Int32
			f.mux.HandleFunc(focusPattern, script(&calls, tt.answers...))
			err := f.client.Conference.Focus(context.Background(), "c1", "u1")
			if tt.wantErr == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.wantCalls, calls.Load())
		})
	}
}

func TestRateLimitedWaitsAtLeastRateLimitWait(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.client.retry.rateLimitWait = 50 * time.Millisecond
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, script(&calls, qpsAnswer, okAnswer))
	start := time.Now()
	require.NoError(t, f.client.Conference.Focus(context.Background(), "c1", "u1"))
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
}

func TestCreateIsNeverRetried(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var calls atomic.Int32
	f.mux.HandleFunc("POST /v1.0/conference/videoConferences", script(&calls, systemAnswer, answer{200, `{"conferenceId":"c1"}`}))
	_, err := f.client.Conference.Create(context.Background(), CreateRequest{HostUnionID: "u1", Title: "t"})
	assert.ErrorIs(t, err, ErrSystem)
	assert.Equal(t, int32(1), calls.Load())
}

func TestNetworkErrorsAreRetried(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			hangUp(t, w)
			return
		}
		writeJSON(w, 200, `{"success":true}`)
	})
	require.NoError(t, f.client.Conference.Focus(context.Background(), "c1", "u1"))
	assert.Equal(t, int32(2), calls.Load())
}

// hangUp closes the connection without an answer.
func hangUp(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := http.NewResponseController(w).Hijack()
	require.NoError(t, err)
	require.NoError(t, conn.Close())
}

func TestRetryHonoursDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		answer        answer
		base          time.Duration
		rateLimitWait time.Duration
	}{
		{"backoff past deadline", systemAnswer, time.Second, time.Second},
		{"rate-limit wait past deadline", qpsAnswer, time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, WithRetry(10, tt.base, 2*time.Second))
			f.client.retry.jitter = func(d time.Duration) time.Duration { return d }
			f.client.retry.rateLimitWait = tt.rateLimitWait
			var calls atomic.Int32
			f.mux.HandleFunc(focusPattern, script(&calls, tt.answer))
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := f.client.Conference.Focus(ctx, "c1", "u1")
			require.Error(t, err)
			assert.Less(t, time.Since(start), 250*time.Millisecond, "returned before the deadline")
			assert.Equal(t, int32(1), calls.Load())
			assert.NoError(t, ctx.Err(), "the deadline has not passed yet")
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	f := setup(t, WithRetry(10, time.Hour, time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 500, systemAnswer.body)
	})
	f.client.retry.jitter = func(d time.Duration) time.Duration {
		cancel() // the caller gives up while the client would wait an hour
		return d
	}
	err := f.client.Conference.Focus(ctx, "c1", "u1")
	assert.ErrorIs(t, err, ErrSystem)
	assert.Equal(t, int32(1), calls.Load())
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	p := retryPolicy{attempts: 10, base: 100 * time.Millisecond, max: time.Second, rateLimitWait: 1500 * time.Millisecond,
		jitter: func(d time.Duration) time.Duration { return d }}
	rateLimited := &APIError{HTTPStatus: 403, Code: "Forbidden.AccessDenied.QpsLimitForApi"}
	system := &APIError{HTTPStatus: 500}
	tests := []struct {
		attempt int
		err     error
		want    time.Duration
	}{
		{1, system, 100 * time.Millisecond},
		{2, system, 200 * time.Millisecond},
		{4, system, 800 * time.Millisecond},
		{5, system, time.Second},
		{80, system, time.Second},
		{1, rateLimited, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, p.backoff(tt.attempt, tt.err), "attempt %d", tt.attempt)
	}
}

func TestFullJitterStaysInRange(t *testing.T) {
	t.Parallel()
	for range 1000 {
		d := fullJitter(10 * time.Millisecond)
		assert.GreaterOrEqual(t, d, time.Duration(0))
		assert.LessOrEqual(t, d, 10*time.Millisecond)
	}
}
