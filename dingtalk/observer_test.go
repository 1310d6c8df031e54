package dingtalk

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
	retries   []string // method + " " + route
	tokens    []error
	ctxValues []any // the ctxKey value of each exchange's ctx
}

var _ Observer = (*recorder)(nil)

type ctxKey struct{}

func (r *recorder) Exchange(ctx context.Context, e Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exchanges = append(r.exchanges, e)
	r.ctxValues = append(r.ctxValues, ctx.Value(ctxKey{}))
}

func (r *recorder) Retry(_ context.Context, method, route string, _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.retries = append(r.retries, method+" "+route)
}

func (r *recorder) TokenFetch(_ context.Context, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tokens = append(r.tokens, err)
}

func TestObserverSeesExchangesRetriesAndTokens(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	f := setup(t, WithObserver(rec))
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, script(&calls, systemAnswer, okAnswer))

	ctx := context.WithValue(context.Background(), ctxKey{}, "audit")
	require.NoError(t, f.client.Conference.Focus(ctx, "c1", "u1"))

	route := "/v1.0/conference/videoConferences/{conferenceId}/focus"
	require.Len(t, rec.exchanges, 3, "token, failed focus, focus")
	assert.Equal(t, "/v1.0/oauth2/accessToken", rec.exchanges[0].Route)
	assert.Equal(t, Exchange{Method: http.MethodPost, Route: route, Status: 500, Code: "systemError",
		RequestID: "hdr-req-id"}, scrub(rec.exchanges[1]))
	assert.Equal(t, Exchange{Method: http.MethodPost, Route: route, Status: 200, RequestID: "hdr-req-id"},
		scrub(rec.exchanges[2]))
	assert.Equal(t, []string{"POST " + route}, rec.retries)
	assert.Equal(t, []error{nil}, rec.tokens)
	assert.Equal(t, []any{"audit", "audit", "audit"}, rec.ctxValues, "the caller's ctx values reach the observer")
}

func TestObserverTokenExpiredCountsARetryAndAFetch(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	f := setup(t, WithObserver(rec))
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, script(&calls,
		answer{401, `{"code":"InvalidAuthentication","message":"token expired"}`}, okAnswer))

	require.NoError(t, f.client.Conference.Focus(context.Background(), "c1", "u1"))

	assert.Len(t, rec.tokens, 2)
	assert.Len(t, rec.retries, 1)
	require.Len(t, rec.exchanges, 4)
	assert.Equal(t, "InvalidAuthentication", rec.exchanges[1].Code)
}

func TestObserverSeesFailedTokenFetchAndNetworkErrors(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c := NewClient(testAppKey, testSecret, WithAPIURL("http://127.0.0.1:1"), WithRetry(1, 1, 1), WithObserver(rec))
	require.Error(t, c.Token(context.Background()))
	require.Len(t, rec.tokens, 1)
	assert.Error(t, rec.tokens[0])
	require.Len(t, rec.exchanges, 1)
	assert.Equal(t, 0, rec.exchanges[0].Status)
	assert.Equal(t, "network", rec.exchanges[0].Code)
}

func TestErrorCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{&APIError{HTTPStatus: 429, Code: "Throttling"}, "Throttling"},
		{&APIError{HTTPStatus: 502}, "http"},
		{&netError{err: context.DeadlineExceeded}, "network"},
		{context.Canceled, "error"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, errorCode(tt.err))
	}
}

// scrub drops the fields a test cannot predict.
func scrub(e Exchange) Exchange {
	e.Duration, e.Err = 0, nil
	return e
}
