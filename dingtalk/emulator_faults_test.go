package dingtalk_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/testkit"
)

func TestEmulatorFaults(t *testing.T) {
	t.Parallel()
	const conferences = "/v1.0/conference/videoConferences*"
	tests := []struct {
		name      string
		fault     dingtalktest.Fault
		call      func(ctx context.Context, e *env) error
		wantErr   error
		wantCalls int
	}{
		{"system errors then success", dingtalktest.Fault{Path: conferences, Kind: "systemError", Count: 2}, focus, nil, 3},
		{"gateway timeout then success", dingtalktest.Fault{Path: conferences, Kind: "gateway", Count: 1}, focus, nil, 2},
		{"hang-up then success", dingtalktest.Fault{Path: conferences, Kind: "close", Count: 1}, focus, nil, 2},
		{"rate limited then success", dingtalktest.Fault{Path: conferences, Kind: "qps", Count: 1}, focus, nil, 2},
		{"retries exhausted", dingtalktest.Fault{Path: conferences, Kind: "systemError"}, focus, dingtalk.ErrSystem, 4},
		{"permission denied", dingtalktest.Fault{Path: conferences, Kind: "permission"}, focus, dingtalk.ErrPermissionDenied, 1},
		{"unknown user", dingtalktest.Fault{Path: conferences, Kind: "unknownUserError"}, focus, dingtalk.ErrUnknownUser, 1},
		{"create is not retried", dingtalktest.Fault{Path: conferences, Kind: "systemError", Count: 1}, create, dingtalk.ErrSystem, 1},
		{"legacy system error then success", dingtalktest.Fault{Path: "/topapi/*", Kind: "systemError", Count: 1}, userGet, nil, 2},
		{"legacy rate limited then success", dingtalktest.Fault{Path: "/topapi/*", Kind: "qps", Count: 1}, userGet, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, dingtalktest.Options{})
			e.s.Fault(tt.fault)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := tt.call(ctx, e)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.wantCalls, e.s.CountCalls("", tt.fault.Path))
		})
	}
}

func focus(ctx context.Context, e *env) error {
	return e.c.Conference.Focus(ctx, e.meeting, "union-bob")
}

func create(ctx context.Context, e *env) error {
	_, err := e.c.Conference.Create(ctx, dingtalk.CreateRequest{HostUnionID: "union-alice", Title: "x"})
	return err
}

func userGet(ctx context.Context, e *env) error {
	_, err := e.c.Contacts.User(ctx, "bob")
	return err
}

func TestEmulatorPermissionScopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dingtalktest.Options{})
	e.s.Fault(dingtalktest.Fault{Path: "/v1.0/conference/*", Kind: "permission"})
	var apiErr *dingtalk.APIError
	require.ErrorAs(t, focus(context.Background(), e), &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.HTTPStatus)
	assert.NotEmpty(t, apiErr.Scopes)
	assert.NotEmpty(t, apiErr.RequestID)
}

func TestEmulatorExpiredTokensAreRefetched(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts dingtalktest.Options
		call func(ctx context.Context, e *env) error
	}{
		{"v1.0", dingtalktest.Options{}, focus},
		{"legacy plain errcode", dingtalktest.Options{}, userGet},
		{"legacy errcode 88 + sub_code", dingtalktest.Options{WrapLegacyAuthErrors: true}, userGet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, tt.opts)
			ctx := context.Background()
			require.NoError(t, tt.call(ctx, e))
			require.Equal(t, 1, e.s.TokenFetches())
			e.s.ExpireTokens()
			require.NoError(t, tt.call(ctx, e))
			assert.Equal(t, 2, e.s.TokenFetches())
		})
	}
}

func TestEmulatorConcurrentCallersOneTokenFetch(t *testing.T) {
	t.Parallel()
	e := newEnv(t, dingtalktest.Options{}, dingtalk.WithQPS(0))
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { assert.NoError(t, e.c.Conference.Focus(context.Background(), e.meeting, "union-bob")) })
	}
	wg.Wait()
	assert.Equal(t, 1, e.s.TokenFetches())
}

func TestEmulatorBadCredentials(t *testing.T) {
	t.Parallel()
	s := testkit.Emulator(t, dingtalktest.Options{})
	c := dingtalk.NewClient(s.Options().ClientID, "wrong", dingtalk.WithAPIURL(s.URL()), dingtalk.WithOAPIURL(s.URL()))
	err := c.Token(context.Background())
	require.ErrorIs(t, err, dingtalk.ErrBadCredentials)
	assert.NotContains(t, err.Error(), "wrong")
}
