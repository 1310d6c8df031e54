package dingtalktest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/open-dingtalk/dingtalk-stream-sdk-go/logger"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	// The SDK initialises its global logger lazily without a lock; do it
	// once here so parallel tests do not race on it.
	logger.GetLogger()
	os.Exit(m.Run())
}

// newTestServer starts an emulator on a loopback port and closes it when
// the test ends.
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0", opts)
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

// setup starts an emulator with alice (host), bob, carol and an external
// user eve.
func setup(t *testing.T, opts Options) *Server {
	t.Helper()
	s := newTestServer(t, opts)
	s.AddUser(User{UserID: "alice", Name: "Alice"})
	s.AddUser(User{UserID: "bob", Name: "Bob"})
	s.AddUser(User{UserID: "carol", Name: "张三"})
	s.AddUser(User{UserID: "eve", Name: "Eve", External: true})
	return s
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// response is a decoded HTTP answer.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (r response) str(key string) string {
	v, _ := r.body[key].(string)
	return v
}

// do sends a JSON request; token goes in the v1.0 header when path starts
// with /v1.0, else in the access_token query.
func do(t testing.TB, s *Server, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	url := s.URL() + path
	if token != "" && !strings.HasPrefix(path, "/v1.0") {
		url += map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")] + "access_token=" + token
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" && strings.HasPrefix(path, "/v1.0") {
		req.Header.Set("x-acs-dingtalk-access-token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &r.body), string(raw))
	}
	return r
}

// token fetches an access token.
func token(t testing.TB, s *Server) string {
	t.Helper()
	o := s.Options()
	r := do(t, s, "POST", "/v1.0/oauth2/accessToken", "", map[string]string{"appKey": o.ClientID, "appSecret": o.ClientSecret})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	return r.str("accessToken")
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
