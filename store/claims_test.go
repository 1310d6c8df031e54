package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openTestClaims opens Claims over a fresh Bolt; cleanup closes both in
// the order the bot does.
func openTestClaims(t *testing.T, opts ...Option) (*Claims, *Bolt) {
	t.Helper()
	b, err := OpenBolt(filepath.Join(t.TempDir(), "meetbot.db"), opts...)
	require.NoError(t, err)
	c := NewClaims(b)
	t.Cleanup(func() {
		assert.NoError(t, c.Close())
		assert.NoError(t, b.Close())
	})
	return c, b
}

// waitStored waits until key can be read from the file.
func waitStored(t *testing.T, b *Bolt, key string) []byte {
	t.Helper()
	var val []byte
	require.Eventually(t, func() bool {
		v, ok, err := b.Get(context.Background(), key)
		val = v
		return err == nil && ok
	}, 5*time.Second, time.Millisecond, "claim %s never reached the file", key)
	return val
}

func TestClaimsOneWinnerAmongConcurrentClaims(t *testing.T) {
	t.Parallel()
	c, _ := openTestClaims(t)
	const claimers, keys = 16, 50
	var wins [keys]atomic.Int32
	var wg sync.WaitGroup
	for range claimers {
		wg.Go(func() {
			for k := range keys {
				won, err := c.SetNX(context.Background(), fmt.Sprintf("msg:%d", k), []byte{1}, time.Minute)
				assert.NoError(t, err)
				if won {
					wins[k].Add(1)
				}
			}
		})
	}
	wg.Wait()
	for k := range keys {
		assert.Equal(t, int32(1), wins[k].Load(), "key %d", k)
	}
}

func TestClaimsReachTheFileInTheBackground(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, b := openTestClaims(t)
	won, err := c.SetNX(ctx, "msg:a", []byte("v"), time.Minute)
	require.NoError(t, err)
	require.True(t, won)
	assert.Equal(t, []byte("v"), waitStored(t, b, "msg:a"))

	won, err = c.SetNX(ctx, "msg:a", []byte("w"), time.Minute)
	require.NoError(t, err)
	assert.False(t, won, "a claim in the file is still a claim")
}

func TestClaimsSeeClaimsMadeBeforeARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	c, b := openTestClaims(t, WithClock(clock.Now))
	require.NoError(t, b.Set(ctx, "msg:old", []byte{1}, time.Minute))
	require.NoError(t, b.Set(ctx, "msg:expired", []byte{1}, time.Second))
	clock.Advance(2 * time.Second)

	won, err := c.SetNX(ctx, "msg:old", []byte{1}, time.Minute)
	require.NoError(t, err)
	assert.False(t, won)
	won, err = c.SetNX(ctx, "msg:expired", []byte{1}, time.Minute)
	require.NoError(t, err)
	assert.True(t, won, "an expired claim can be won again")
}

func TestClaimsCloseWritesEveryClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "meetbot.db")
	b, err := OpenBolt(path)
	require.NoError(t, err)
	c := NewClaims(b)
	for i := range 200 {
		won, err := c.SetNX(ctx, fmt.Sprintf("msg:%d", i), []byte{1}, time.Hour)
		require.NoError(t, err)
		require.True(t, won)
	}
	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "Close is idempotent")
	_, err = c.SetNX(ctx, "msg:late", []byte{1}, time.Hour)
	require.ErrorIs(t, err, ErrClosed)
	require.NoError(t, b.Close())

	b, err = OpenBolt(path)
	require.NoError(t, err)
	defer b.Close()
	for i := range 200 {
		_, ok, err := b.Get(ctx, fmt.Sprintf("msg:%d", i))
		require.NoError(t, err)
		assert.True(t, ok, "msg:%d", i)
	}
}

func TestClaimsRejectBadInput(t *testing.T) {
	t.Parallel()
	c, _ := openTestClaims(t)
	_, err := c.SetNX(context.Background(), "msg:a", []byte{1}, -time.Second)
	require.Error(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.SetNX(ctx, "msg:a", []byte{1}, time.Second)
	require.ErrorIs(t, err, context.Canceled)
}
