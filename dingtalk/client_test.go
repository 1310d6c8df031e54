package dingtalk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAppKey = "test-app"
	testSecret = "s3cr3t-app-secret-value"
)

// fake is a DingTalk stand-in for one test: an httptest server with a
// ServeMux the test adds handlers to, and a token endpoint that hands out
// "tok-1", "tok-2", … and counts fetches.
type fake struct {
	mux     *http.ServeMux
	server  *httptest.Server
	client  *Client
	fetches atomic.Int32
}

// setup returns a fake and a client pointed at it for both base URLs, with
// fast retries and no client-side rate limit unless opts say otherwise.
func setup(t *testing.T, opts ...Option) *fake {
	t.Helper()
	f := &fake{mux: http.NewServeMux()}
	f.server = httptest.NewServer(f.mux)
	t.Cleanup(f.server.Close)
	f.mux.HandleFunc("POST /v1.0/oauth2/accessToken", f.serveToken)
	base := []Option{
		WithAPIURL(f.server.URL), WithOAPIURL(f.server.URL),
		WithRetry(4, time.Millisecond, 5*time.Millisecond), WithQPS(0),
	}
	f.client = NewClient(testAppKey, testSecret, append(base, opts...)...)
	f.client.retry.rateLimitWait = 20 * time.Millisecond
	return f
}

func (f *fake) serveToken(w http.ResponseWriter, r *http.Request) {
	var in tokenRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.AppKey != testAppKey || in.AppSecret != testSecret {
		writeJSON(w, http.StatusBadRequest, `{"code":"invalidClientIdOrSecret","message":"无效的clientId或者clientSecret","requestid":"r-tok"}`)
		return
	}
	n := f.fetches.Add(1)
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"accessToken":"tok-%d","expireIn":7200}`, n))
}

// token is the n-th token the fake hands out.
func token(n int) string { return fmt.Sprintf("tok-%d", n) }

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-acs-request-id", "hdr-req-id")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// testJSONBody checks that the request body is the JSON want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(got))
}

// testV1Auth checks the v1.0 token placement: header, never the query.
func testV1Auth(t *testing.T, r *http.Request, tok string) {
	t.Helper()
	assert.Equal(t, tok, r.Header.Get("x-acs-dingtalk-access-token"))
	assert.Empty(t, r.URL.Query().Get("access_token"))
}

func TestNewClientDoesNoIO(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	NewClient(testAppKey, testSecret, WithAPIURL(f.server.URL), WithOAPIURL(f.server.URL))
	assert.Equal(t, int32(0), f.fetches.Load())
}

func TestClientToken(t *testing.T) {
	t.Parallel()
	f := setup(t)
	require.NoError(t, f.client.Token(context.Background()))
	require.NoError(t, f.client.Token(context.Background()))
	assert.Equal(t, int32(1), f.fetches.Load(), "the second call reuses the cached token")

	bad := NewClient(testAppKey, "wrong", WithAPIURL(f.server.URL), WithRetry(4, time.Millisecond, time.Millisecond))
	err := bad.Token(context.Background())
	require.ErrorIs(t, err, ErrBadCredentials)
	assert.Equal(t, int32(1), f.fetches.Load())
}

func TestDefaultsAndOptions(t *testing.T) {
	t.Parallel()
	c := NewClient("id", "secret")
	assert.Equal(t, "https://api.dingtalk.com", c.apiURL)
	assert.Equal(t, "https://oapi.dingtalk.com", c.oapiURL)
	assert.Equal(t, 4, c.retry.attempts)
	require.NotNil(t, c.limits)
	assert.Equal(t, 20, c.limits.qps)

	hc := &http.Client{}
	c = NewClient("id", "secret", WithAPIURL("https://api.dingtalk.io/"), WithOAPIURL("https://oapi.dingtalk.io"),
		WithHTTPClient(hc), WithQPS(0), WithRetry(0, 0, 0))
	assert.Equal(t, "https://api.dingtalk.io", c.apiURL)
	assert.Equal(t, "https://oapi.dingtalk.io", c.oapiURL)
	assert.Same(t, hc, c.httpClient)
	assert.Nil(t, c.limits)
	assert.Equal(t, 1, c.retry.attempts)
}

func TestExpand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, route string
		args        []string
		want        string
		wantErr     bool
	}{
		{"no params", "/v1.0/a", nil, "/v1.0/a", false},
		{"one", "/v1.0/c/{id}/focus", []string{"abc"}, "/v1.0/c/abc/focus", false},
		{"escaped", "/v1.0/r/{code}/infos", []string{"a/b c?"}, "/v1.0/r/a%2Fb%20c%3F/infos", false},
		{"empty arg", "/v1.0/c/{id}/focus", []string{" "}, "", true},
		{"missing arg", "/v1.0/c/{id}/focus", nil, "", true},
		{"extra arg", "/v1.0/a", []string{"x"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := expand(tt.route, tt.args)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDefaultClientDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var followed atomic.Bool
	f.mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { followed.Store(true) })
	f.mux.HandleFunc("GET /v1.0/conference/videoConferences/{id}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	_, err := f.client.Conference.Info(context.Background(), "c1")
	require.Error(t, err)
	assert.False(t, followed.Load())
}

func decodeBody(t *testing.T, r *http.Request, v any) {
	t.Helper()
	require.NoError(t, json.NewDecoder(r.Body).Decode(v))
}
