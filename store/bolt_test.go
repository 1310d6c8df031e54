package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// fakeClock is a settable clock for Bolt's expiry.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// openTestBolt opens a Bolt in a fresh temporary file, closed at cleanup.
func openTestBolt(t *testing.T, opts ...Option) *Bolt {
	t.Helper()
	b, err := OpenBolt(filepath.Join(t.TempDir(), "meetbot.db"), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, b.Close()) })
	return b
}

func TestBoltConformance(t *testing.T) {
	t.Parallel()
	testConformance(t, func(t *testing.T) Store { return openTestBolt(t) })
}

func TestBoltExpiryUsesClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	b := openTestBolt(t, WithClock(clock.Now))

	require.NoError(t, b.Set(ctx, "k", []byte("v"), 10*time.Second))
	clock.Advance(10*time.Second - time.Nanosecond)
	_, ok, err := b.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok, "just before the ttl")

	clock.Advance(time.Nanosecond)
	_, ok, err = b.Get(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "at the ttl")

	won, err := b.SetNX(ctx, "k", []byte("w"), 0)
	require.NoError(t, err)
	assert.True(t, won, "SetNX on the expired key")
	clock.Advance(1000 * time.Hour)
	_, ok, err = b.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok, "ttl 0 never expires")
}

// countKeys returns how many records the file holds, expired or not.
func countKeys(t *testing.T, b *Bolt) int {
	t.Helper()
	n := 0
	require.NoError(t, b.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketName).Stats().KeyN
		return nil
	}))
	return n
}

// fill writes n value keys named prefix0..prefixN-1 in one transaction.
func fill(t *testing.T, b *Bolt, prefix string, n int, ttl time.Duration) {
	t.Helper()
	require.NoError(t, b.db.Update(func(tx *bolt.Tx) error {
		for i := range n {
			rec := encodeRecord(kindValue, expiryAt(b.now(), ttl), []byte("v"))
			if err := tx.Bucket(bucketName).Put(fmt.Appendf(nil, "%s%06d", prefix, i), rec); err != nil {
				return err
			}
		}
		return nil
	}))
}

func TestBoltSweepDeletesOnlyExpiredKeys(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	b := openTestBolt(t, WithClock(clock.Now), WithSweepInterval(time.Hour))
	// More than one chunk, interleaved so every chunk has both kinds.
	fill(t, b, "a-expiring-", sweepScanLimit+2500, time.Minute)
	fill(t, b, "b-forever-", 300, 0)
	fill(t, b, "c-expiring-", sweepScanLimit, time.Minute)
	fill(t, b, "d-later-", 200, time.Hour)

	deleted, err := b.sweep()
	require.NoError(t, err)
	assert.Equal(t, 0, deleted, "nothing has expired yet")

	clock.Advance(time.Minute)
	deleted, err = b.sweep()
	require.NoError(t, err)
	assert.Equal(t, 2*sweepScanLimit+2500, deleted)
	assert.Equal(t, 500, countKeys(t, b))
}

func TestBoltSweeperRunsInBackground(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	b := openTestBolt(t, WithClock(clock.Now), WithSweepInterval(5*time.Millisecond))
	fill(t, b, "x", 100, time.Second)
	fill(t, b, "y", 10, 0)
	clock.Advance(time.Second)
	require.Eventually(t, func() bool { return countKeys(t, b) == 10 },
		5*time.Second, 5*time.Millisecond, "the sweeper never removed the expired keys")
}

func TestBoltReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	path := filepath.Join(t.TempDir(), "meetbot.db")
	b, err := OpenBolt(path, WithClock(clock.Now))
	require.NoError(t, err)
	require.NoError(t, b.Set(ctx, "bind:corp:chat", []byte("meeting-1"), 0))
	require.NoError(t, b.Set(ctx, "msg:corp:m1", []byte("1"), time.Minute))
	require.NoError(t, b.Push(ctx, "audit:corp:meeting-1", []byte("spotlight"), 10, 0))
	require.NoError(t, b.Close())

	b, err = OpenBolt(path, WithClock(clock.Now))
	require.NoError(t, err)
	defer func() { assert.NoError(t, b.Close()) }()
	got, ok, err := b.Get(ctx, "bind:corp:chat")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte("meeting-1"), got)
	list, err := b.Last(ctx, "audit:corp:meeting-1", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("spotlight")}, list)

	clock.Advance(time.Minute)
	_, ok, err = b.Get(ctx, "msg:corp:m1")
	require.NoError(t, err)
	assert.False(t, ok, "the expiry survives the reopen")
}

func TestBoltSecondOpenFailsClearly(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "meetbot.db")
	first, err := OpenBolt(path)
	require.NoError(t, err)

	_, err = OpenBolt(path, WithLockTimeout(50*time.Millisecond))
	require.Error(t, err)
	assert.ErrorIs(t, err, berrors.ErrTimeout)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "in use by another process?")

	require.NoError(t, first.Close())
	again, err := OpenBolt(path, WithLockTimeout(50*time.Millisecond))
	require.NoError(t, err, "the lock is released by Close")
	require.NoError(t, again.Close())
}

func TestBoltOpenBadPath(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no-such-dir", "meetbot.db")
	_, err := OpenBolt(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
}

func TestBoltCorruptRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := openTestBolt(t)
	require.NoError(t, b.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketName).Put([]byte("bad"), []byte{9})
	}))
	_, _, err := b.Get(ctx, "bad")
	assert.ErrorIs(t, err, errCorrupt)
	require.NoError(t, b.Set(ctx, "bad", []byte("fixed"), 0), "Set overwrites a corrupt record")
}

func TestOpenPicksBackend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	require.NoError(t, err)
	assert.IsType(t, &Bolt{}, s)
	require.NoError(t, s.Close())

	_, err = Open(ctx, "")
	assert.Error(t, err)

	_, err = Open(ctx, "REDIS://"+closedAddr(t)+"/0")
	assert.ErrorIs(t, err, ErrUnavailable, "a redis URL selects Redis, whatever its case")
}
