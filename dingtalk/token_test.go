package dingtalk

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConcurrentCallersShareOneTokenFetch(t *testing.T) {
	t.Parallel()
	f := setup(t)
	release := make(chan struct{})
	var fetches atomic.Int32
	f.client.tokens = newCachedToken(func(ctx context.Context) (string, time.Duration, error) {
		fetches.Add(1)
		<-release // hold the fetch until every caller is waiting
		return f.client.fetchAppToken(ctx)
	})
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		testV1Auth(t, r, token(1))
		writeJSON(w, 200, `{"success":true}`)
	})
	const callers = 100
	var started, done sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			errs <- f.client.Conference.Focus(context.Background(), "c1", "u1")
		}()
	}
	started.Wait()
	close(release)
	done.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, int32(1), fetches.Load())
	assert.Equal(t, int32(1), f.fetches.Load())
}

func TestColdCacheHundredCallersOneFetch(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { assert.NoError(t, f.client.Token(context.Background())) })
	}
	wg.Wait()
	assert.Equal(t, int32(1), f.fetches.Load())
}

func TestTokenRefetchedOnceOnInvalidToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		legacy  bool
		invalid string // answer to a stale token
	}{
		{"v1 InvalidAuthentication", false, `{"code":"InvalidAuthentication","message":"不合法的access_token"}`},
		{"legacy plain 40014", true, `{"errcode":40014,"errmsg":"不合法的access_token"}`},
		{"legacy plain 42001", true, `{"errcode":42001,"errmsg":"access_token超时"}`},
		{"legacy 88 wrapping 40014", true, `{"errcode":88,"sub_code":"40014","sub_msg":"不合法的access_token","errmsg":"ding talk error"}`},
		{"legacy 88 wrapping 42001", true, `{"errcode":88,"sub_code":"42001","errmsg":"ding talk error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, WithRetry(1, time.Millisecond, time.Millisecond)) // the token retry is not the retry policy
			var calls atomic.Int32
			handler := func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				got := r.Header.Get("x-acs-dingtalk-access-token")
				status := http.StatusBadRequest
				if tt.legacy {
					got, status = r.URL.Query().Get("access_token"), http.StatusOK
				}
				if got == token(1) {
					writeJSON(w, status, tt.invalid)
					return
				}
				writeJSON(w, 200, `{"errcode":0,"success":true,"result":{"userid":"u1"}}`)
			}
			var err error
			if tt.legacy {
				f.mux.HandleFunc("POST /topapi/v2/user/get", handler)
				_, err = f.client.Contacts.User(context.Background(), "u1")
			} else {
				f.mux.HandleFunc(focusPattern, handler)
				err = f.client.Conference.Focus(context.Background(), "c1", "u1")
			}
			require.NoError(t, err)
			assert.Equal(t, int32(2), calls.Load())
			assert.Equal(t, int32(2), f.fetches.Load())
		})
	}
}

func TestTokenRetriedOnlyOnce(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 400, `{"code":"InvalidAuthentication"}`)
	})
	err := f.client.Conference.Focus(context.Background(), "c1", "u1")
	assert.ErrorIs(t, err, ErrTokenInvalid)
	assert.Equal(t, int32(2), calls.Load())
	assert.Equal(t, int32(2), f.fetches.Load())
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	t.Parallel()
	f := setup(t)
	src := f.client.tokens.(*cachedToken)
	var mu sync.Mutex
	now := time.Now()
	src.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	ctx := context.Background()

	tok, err := src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(1), tok)
	advance(7200*time.Second - refreshMargin - time.Second)
	tok, err = src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(1), tok, "still inside the lifetime minus the margin")
	advance(2 * time.Second)
	tok, err = src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(2), tok, "refreshed a few minutes before expiry")
}

func TestInvalidateOnlyDropsTheStaleToken(t *testing.T) {
	t.Parallel()
	f := setup(t)
	src := f.client.tokens
	ctx := context.Background()
	tok, err := src.Token(ctx)
	require.NoError(t, err)
	src.Invalidate("some-older-token")
	again, err := src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, tok, again)
	src.Invalidate(tok)
	fresh, err := src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(2), fresh)
}

func TestTokenWaiterGivesUpButFetchGoesOn(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	fetching := make(chan struct{})
	var fetches atomic.Int32
	src := newCachedToken(func(ctx context.Context) (string, time.Duration, error) {
		fetches.Add(1)
		close(fetching)
		<-release
		return "shared", time.Hour, ctx.Err()
	})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := src.Token(ctx); errc <- err }()
	<-fetching
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)

	got := make(chan string, 1)
	go func() { tok, _ := src.Token(context.Background()); got <- tok }()
	close(release)
	assert.Equal(t, "shared", <-got, "the fetch survived the first caller's cancellation")
	assert.Equal(t, int32(1), fetches.Load())
}

func TestTokenSentInTheRightPlace(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		testV1Auth(t, r, token(1))
		writeJSON(w, 200, `{"success":true}`)
	})
	f.mux.HandleFunc("POST /topapi/v2/user/get", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, token(1), r.URL.Query().Get("access_token"))
		assert.Empty(t, r.Header.Get("x-acs-dingtalk-access-token"))
		writeJSON(w, 200, `{"errcode":0,"result":{"userid":"u1"}}`)
	})
	ctx := context.Background()
	require.NoError(t, f.client.Conference.Focus(ctx, "c1", "u1"))
	_, err := f.client.Contacts.User(ctx, "u1")
	require.NoError(t, err)
}
