package dingtalk

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimiterPerAPI(t *testing.T) {
	t.Parallel()
	l := newLimiter(2)
	ctx := context.Background()
	require.NoError(t, l.wait(ctx, "POST /a"))
	require.NoError(t, l.wait(ctx, "POST /a"), "burst = qps")

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	assert.Error(t, l.wait(short, "POST /a"), "the next token is 500 ms away, past the deadline")
	assert.NoError(t, l.wait(short, "POST /b"), "another API has its own bucket")
}

func TestLimiterOff(t *testing.T) {
	t.Parallel()
	l := newLimiter(0)
	assert.Nil(t, l)
	for range 1000 {
		require.NoError(t, l.wait(context.Background(), "POST /a"))
	}
}

func TestClientLimitsCallsPerRouteTemplate(t *testing.T) {
	t.Parallel()
	f := setup(t, WithQPS(10))
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"success":true}`) })
	ctx := context.Background()
	start := time.Now()
	for i := range 12 { // different conference ids share the route template's bucket
		require.NoError(t, f.client.Conference.Focus(ctx, "c"+string(rune('a'+i)), "u1"))
	}
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "calls 11 and 12 waited for tokens")
}
