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
	done1, err := l.wait(ctx, "POST /a")
	require.NoError(t, err)
	done2, err := l.wait(ctx, "POST /a")
	require.NoError(t, err, "qps calls at once")
	done1()
	done2()

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = l.wait(short, "POST /a")
	assert.Error(t, err, "the next slot is free a second after a call completed, past the deadline")
	_, err = l.wait(short, "POST /b")
	assert.NoError(t, err, "another API has its own slots")
}

// TestLimiterNeverLetsQPSPlusOneCallsIntoASecond: a slot is free again one
// second after its call completed, so no window of one second holds more
// than qps call starts.
func TestLimiterNeverLetsQPSPlusOneCallsIntoASecond(t *testing.T) {
	t.Parallel()
	l := newLimiter(5)
	ctx := context.Background()
	var starts []time.Time
	for range 12 {
		done, err := l.wait(ctx, "POST /a")
		require.NoError(t, err)
		starts = append(starts, time.Now())
		done()
	}
	for i := 5; i < len(starts); i++ {
		assert.GreaterOrEqual(t, starts[i].Sub(starts[i-5]), time.Second, "call %d within a second of call %d", i, i-5)
	}
}

func TestLimiterOff(t *testing.T) {
	t.Parallel()
	l := newLimiter(0)
	assert.Nil(t, l)
	for range 1000 {
		done, err := l.wait(context.Background(), "POST /a")
		require.NoError(t, err)
		done()
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
