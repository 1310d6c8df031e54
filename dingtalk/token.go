package dingtalk

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

const (
	// defaultTokenLifetime is DingTalk's documented lifetime, used when
	// an answer carries no expireIn.
	defaultTokenLifetime = 7200 * time.Second
	// refreshMargin: tokens are replaced this long before they expire.
	refreshMargin = 5 * time.Minute
	// fetchTimeout bounds one shared token fetch, which runs detached from
	// the context of the caller that started it.
	fetchTimeout = 15 * time.Second
)

// tokenSource supplies access tokens to Client.do. The app's own token
// (internal apps) is a cachedToken over fetchAppToken; a per-organisation
// source for third-party apps (POST /v1.0/oauth2/corpAccessToken, choosing
// the organisation from ctx) can implement it without touching services.
type tokenSource interface {
	// Token returns a valid token, fetching one if needed.
	Token(ctx context.Context) (string, error)
	// Invalidate drops token if it is still the cached one, after
	// DingTalk rejected it.
	Invalidate(token string)
}

// fetchFunc obtains a new token and its lifetime.
type fetchFunc func(ctx context.Context) (token string, lifetime time.Duration, err error)

// cachedToken caches one token and makes sure only one fetch is in flight
// however many goroutines ask at once.
type cachedToken struct {
	fetch  fetchFunc
	now    func() time.Time
	flight singleflight.Group

	mu        sync.Mutex
	token     string
	refreshAt time.Time
}

func newCachedToken(fetch fetchFunc) *cachedToken {
	return &cachedToken{fetch: fetch, now: time.Now}
}

// Token implements tokenSource. Waiters give up when their own ctx ends;
// the shared fetch goes on for the others.
func (s *cachedToken) Token(ctx context.Context) (string, error) {
	if tok := s.cached(); tok != "" {
		return tok, nil
	}
	ch := s.flight.DoChan("token", func() (any, error) {
		return s.refresh(context.WithoutCancel(ctx))
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return "", res.Err
		}
		return res.Val.(string), nil
	case <-ctx.Done():
		return "", fmt.Errorf("dingtalk: waiting for access token: %w", ctx.Err())
	}
}

// refresh fetches a token unless one arrived since the caller looked:
// a caller can miss the cache just before an earlier flight fills it.
func (s *cachedToken) refresh(ctx context.Context) (string, error) {
	if tok := s.cached(); tok != "" {
		return tok, nil
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	tok, lifetime, err := s.fetch(ctx)
	if err != nil {
		return "", fmt.Errorf("access token: %w", err)
	}
	if lifetime <= 0 {
		lifetime = defaultTokenLifetime
	}
	margin := min(refreshMargin, lifetime/2)
	s.mu.Lock()
	s.token, s.refreshAt = tok, s.now().Add(lifetime-margin)
	s.mu.Unlock()
	return tok, nil
}

func (s *cachedToken) cached() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token == "" || !s.now().Before(s.refreshAt) {
		return ""
	}
	return s.token
}

// Invalidate implements tokenSource.
func (s *cachedToken) Invalidate(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token == token {
		s.token = ""
	}
}

// tokenRequest is the body of POST /v1.0/oauth2/accessToken.
type tokenRequest struct {
	AppKey    string `json:"appKey"`
	AppSecret string `json:"appSecret"`
}

// tokenResponse is its answer; expireIn is in seconds.
type tokenResponse struct {
	AccessToken string  `json:"accessToken"`
	ExpireIn    flexInt `json:"expireIn"`
}

// fetchAppToken gets the internal app's token. It is not retried here:
// callers' retry policies cover it.
func (c *Client) fetchAppToken(ctx context.Context) (string, time.Duration, error) {
	r := &request{
		method: http.MethodPost, route: "/v1.0/oauth2/accessToken",
		url: c.apiURL + "/v1.0/oauth2/accessToken", auth: authNone,
		in: tokenRequest{AppKey: c.clientID, AppSecret: c.clientSecret},
	}
	var resp tokenResponse
	err := c.send(ctx, r, "", &resp)
	if err == nil && resp.AccessToken == "" {
		err = errEmptyToken()
	}
	c.observeToken(ctx, err)
	if err != nil {
		return "", 0, err
	}
	return resp.AccessToken, time.Duration(resp.ExpireIn) * time.Second, nil
}
