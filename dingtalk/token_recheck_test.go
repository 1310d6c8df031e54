package dingtalk

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A caller that misses the cache while another caller's fetch is on its
// way, and goes on only after that fetch is done, finds no flight left to
// join (singleflight shares a flight only while it is in the air) and
// starts its own. That flight must look at the cache again and take the
// token just fetched, not fetch another: this is the re-check at the top
// of cachedToken.refresh. The order is forced with channels: A's fetch is
// held until B has missed, and B goes on only once A has its token.
func TestTokenCallerAfterARefreshReusesTheFreshToken(t *testing.T) {
	t.Parallel()
	f := setup(t)
	fetching, release := make(chan struct{}, 2), make(chan struct{})
	var fetches atomic.Int32
	src := newCachedToken(func(ctx context.Context) (string, time.Duration, error) {
		fetches.Add(1)
		fetching <- struct{}{}
		<-release // held until B has looked at the cache
		return f.client.fetchAppToken(ctx)
	})
	ctx := context.Background()

	type answer struct {
		tok string
		err error
	}
	first := make(chan answer, 1)
	go func() { tok, err := src.Token(ctx); first <- answer{tok, err} }() // A
	<-fetching
	require.Empty(t, src.cached(), "B looks while A's fetch is on its way: a miss")
	close(release)
	a := <-first
	require.NoError(t, a.err)
	require.Equal(t, token(1), a.tok)

	// B goes on as Token does after a miss, with no flight left to join.
	tok, err := src.refresh(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(1), tok, "B takes the token A fetched")
	assert.Equal(t, int32(1), fetches.Load(), "one fetch for both callers")
	assert.Equal(t, int32(1), f.fetches.Load(), "one call to the token endpoint")

	again, err := src.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, token(1), again, "and the cache still holds it")
}
