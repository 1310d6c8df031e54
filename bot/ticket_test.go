package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// streamTicket is the one-use ticket the fake gateway hands out; it must
// never be shown.
const streamTicket = "tkt-5f0c9e2a-secret-7734"

// fakeGateway serves POST /v1.0/gateway/connections/open with the given
// endpoint and streamTicket.
func fakeGateway(t *testing.T, endpoint string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1.0/gateway/connections/open" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"endpoint": endpoint, "ticket": streamTicket})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Endpoints the websocket dialer rejects with an error that quotes the
// whole URL, ticket included.
var malformedEndpoints = []struct{ name, endpoint string }{
	{"space in the host", "wss://stream gateway.example/connect"},
	{"control character", "wss://gateway.example/conn\x7fect"},
}

// The stream ticket is a credential for one connection: when the dial of
// a malformed endpoint fails, the error says ticket=REDACTED and never
// the ticket.
func TestGatewayDialErrorRedactsTheTicket(t *testing.T) {
	t.Parallel()
	for _, tt := range malformedEndpoints {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := newGateway("id", "secret", fakeGateway(t, tt.endpoint).URL)
			_, err := g.connect(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ticket=REDACTED")
			assert.NotContains(t, err.Error(), streamTicket)
		})
	}
}

// The same failure in the running bot: the log line of the failed
// attempt carries the redacted error only.
func TestStreamLogRedactsTheTicket(t *testing.T) {
	t.Parallel()
	for _, tt := range malformedEndpoints {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logs := newWatchedLog("cannot reach the DingTalk stream gateway")
			h := newTestHandler(t, echo(""), newFakeReplier(), &mapClaimer{}, Config{})
			s := NewStream(StreamConfig{ClientID: "id", ClientSecret: "secret",
				APIURL: fakeGateway(t, tt.endpoint).URL, Logger: zerolog.New(logs)}, h)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			<-logs.seen // the first failed attempt is logged
			cancel()
			require.NoError(t, <-done)
			out := logs.String()
			assert.Contains(t, out, "ticket=REDACTED")
			assert.NotContains(t, out, streamTicket)
		})
	}
}

// watchedLog is a log writer that closes seen once a line containing
// want has been written.
type watchedLog struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func newWatchedLog(want string) *watchedLog {
	return &watchedLog{want: want, seen: make(chan struct{})}
}

func (w *watchedLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(p), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return w.buf.Write(p)
}

func (w *watchedLog) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
