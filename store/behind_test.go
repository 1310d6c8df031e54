package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/internal/testkit"
)

// flakyStore is a Store whose writes can be held at a gate, shuffled by a
// random pause, or refused (a full disk, Redis down).
type flakyStore struct {
	Store
	gate   chan struct{} // nil: no gate
	jitter time.Duration
	refuse atomic.Bool
	writes atomic.Int64 // writes that reached the store
}

var errDiskFull = errors.New("no space left on device")

func (f *flakyStore) hold() error {
	if f.gate != nil {
		<-f.gate
	}
	if f.jitter > 0 {
		time.Sleep(rand.N(f.jitter)) // shuffles finishing order; not synchronisation
	}
	if f.refuse.Load() {
		return errDiskFull
	}
	f.writes.Add(1)
	return nil
}

func (f *flakyStore) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if err := f.hold(); err != nil {
		return err
	}
	return f.Store.Set(ctx, key, val, ttl)
}

func (f *flakyStore) Delete(ctx context.Context, key string) error {
	if err := f.hold(); err != nil {
		return err
	}
	return f.Store.Delete(ctx, key)
}

func (f *flakyStore) Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	if err := f.hold(); err != nil {
		return err
	}
	return f.Store.Push(ctx, key, val, keep, ttl)
}

func newFlaky(t *testing.T) *flakyStore { return &flakyStore{Store: openTestBolt(t)} }

func TestBehindAnswersBeforeWritingAndReadsItsOwnWrites(t *testing.T) {
	t.Parallel()
	f := newFlaky(t)
	f.gate = make(chan struct{})
	b := NewBehind(f, time.Millisecond, nil)
	ctx := context.Background()

	require.NoError(t, b.Set(ctx, "focus:c:m", []byte("alice"), 0), "returns at once")
	require.NoError(t, b.Push(ctx, "audit:c:m", []byte("r1"), 10, 0))
	_, stored, err := f.Store.Get(ctx, "focus:c:m")
	require.NoError(t, err)
	assert.False(t, stored, "held at the gate")
	v, ok, err := b.Get(ctx, "focus:c:m")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "alice", string(v), "this process reads its queued write")
	last, err := b.Last(ctx, "audit:c:m", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("r1")}, last, "and its queued push")

	require.NoError(t, b.Delete(ctx, "focus:c:m"))
	_, ok, err = b.Get(ctx, "focus:c:m")
	require.NoError(t, err)
	assert.False(t, ok, "the queued delete hides the queued set")

	close(f.gate)
	require.NoError(t, b.Flush(ctx))
	_, stored, err = f.Store.Get(ctx, "focus:c:m")
	require.NoError(t, err)
	assert.False(t, stored)
	last, err = f.Store.Last(ctx, "audit:c:m", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("r1")}, last)
}

func TestBehindKeepsEachKeysWritesInOrder(t *testing.T) {
	t.Parallel()
	f := newFlaky(t)
	f.jitter = 2 * time.Millisecond
	b := NewBehind(f, time.Millisecond, nil)
	ctx := context.Background()
	for i := range 50 {
		require.NoError(t, b.Push(ctx, "audit", fmt.Appendf(nil, "r%02d", i), 100, 0))
		require.NoError(t, b.Set(ctx, "focus", fmt.Appendf(nil, "f%02d", i), 0))
	}
	require.NoError(t, b.Flush(ctx))
	last, err := f.Store.Last(ctx, "audit", 100)
	require.NoError(t, err)
	require.Len(t, last, 50)
	for i, v := range last {
		assert.Equal(t, fmt.Sprintf("r%02d", 49-i), string(v))
	}
	v, _, err := f.Store.Get(ctx, "focus")
	require.NoError(t, err)
	assert.Equal(t, "f49", string(v), "the newest set wins")
}

// A record answered "done" is not lost when the store refuses writes: it
// stays readable here, Err says the store is failing (for /readyz), and
// it is stored once the store takes writes again.
func TestBehindRetriesFailedWritesUntilTheStoreRecovers(t *testing.T) {
	t.Parallel()
	for _, linger := range []time.Duration{time.Millisecond, 0} {
		t.Run(fmt.Sprintf("linger %s", linger), func(t *testing.T) {
			t.Parallel()
			f := newFlaky(t)
			var failures atomic.Int64
			b := NewBehind(f, linger, func(error, string, int) { failures.Add(1) })
			ctx := context.Background()
			f.refuse.Store(true)
			require.NoError(t, b.Push(ctx, "audit", []byte("r1"), 10, 0), "accepted: it will be retried")
			require.NoError(t, b.Set(ctx, "muted", []byte("true"), 0))
			testkit.WaitFor(t, 10*time.Second, "the first failed round", func() bool { return b.Err() != nil })
			assert.ErrorIs(t, b.Err(), errDiskFull)
			last, err := b.Last(ctx, "audit", 10)
			require.NoError(t, err)
			assert.Equal(t, [][]byte{[]byte("r1")}, last, "still readable while the store refuses it")
			testkit.WaitFor(t, 10*time.Second, "a retry", func() bool { return failures.Load() >= 3 })

			f.refuse.Store(false)
			require.NoError(t, b.Flush(ctx))
			assert.NoError(t, b.Err(), "a clean round clears the failure")
			last, err = f.Store.Last(ctx, "audit", 10)
			require.NoError(t, err)
			assert.Equal(t, [][]byte{[]byte("r1")}, last, "stored once the store recovered")
			v, ok, err := f.Store.Get(ctx, "muted")
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, "true", string(v))
		})
	}
}

func TestBehindWriteThroughWritesBeforeReturning(t *testing.T) {
	t.Parallel()
	f := newFlaky(t)
	b := NewBehind(f, 0, nil)
	ctx := context.Background()
	require.NoError(t, b.Push(ctx, "audit", []byte("r1"), 10, 0))
	last, err := f.Store.Last(ctx, "audit", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("r1")}, last, "replicas read it at once")
	assert.Zero(t, b.Queued())
}

func TestBehindLastCountsARecordOnce(t *testing.T) {
	t.Parallel()
	f := newFlaky(t)
	ctx := context.Background()
	require.NoError(t, f.Store.Push(ctx, "audit", []byte("r1"), 10, 0))
	b := NewBehind(f, time.Hour, nil)
	b.keys["audit"] = &keyQueue{ops: []writeOp{{kind: opPush, val: []byte("r1"), keep: 10}, {kind: opPush, val: []byte("r2"), keep: 10}}, settled: make(chan struct{})}
	last, err := b.Last(ctx, "audit", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("r2"), []byte("r1")}, last, "r1, stored while it was still queued, counts once")
}
