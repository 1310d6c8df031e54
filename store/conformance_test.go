package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// opener returns a fresh, empty store for one test and arranges its cleanup.
type opener func(t *testing.T) Store

// testConformance checks the semantics both backends must share.
func testConformance(t *testing.T, open opener) {
	tests := map[string]func(*testing.T, Store){
		"GetSetDelete":      testGetSetDelete,
		"Expiry":            testExpiry,
		"SetNX":             testSetNX,
		"SetNXConcurrent":   testSetNXConcurrent,
		"PushLast":          testPushLast,
		"WrongType":         testWrongType,
		"InvalidArguments":  testInvalidArguments,
		"CancelledContext":  testCancelledContext,
		"CloseIsIdempotent": testClose,
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, open(t))
		})
	}
}

func testGetSetDelete(t *testing.T, s Store) {
	ctx := context.Background()
	_, ok, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "absent key")

	require.NoError(t, s.Set(ctx, "k", []byte("one"), 0))
	require.NoError(t, s.Set(ctx, "k", []byte("two"), 0))
	got, ok, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte("two"), got)

	require.NoError(t, s.Set(ctx, "empty", nil, 0))
	got, ok, err = s.Get(ctx, "empty")
	require.NoError(t, err)
	assert.True(t, ok, "an empty value still exists")
	assert.Empty(t, got)

	require.NoError(t, s.Delete(ctx, "k"))
	_, ok, err = s.Get(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "deleted key")
	require.NoError(t, s.Delete(ctx, "never-set"), "deleting an absent key")
	require.NoError(t, s.Ping(ctx))
}

func testExpiry(t *testing.T, s Store) {
	ctx := context.Background()
	require.NoError(t, s.Set(ctx, "long", []byte("v"), time.Hour))
	require.NoError(t, s.Set(ctx, "short", []byte("v"), 50*time.Millisecond))
	require.NoError(t, s.Set(ctx, "sub-ms", []byte("v"), time.Microsecond))

	for _, key := range []string{"short", "sub-ms"} {
		require.Eventually(t, func() bool {
			_, ok, err := s.Get(ctx, key)
			require.NoError(t, err)
			return !ok
		}, 5*time.Second, 5*time.Millisecond, "%s never expired", key)
	}
	_, ok, err := s.Get(ctx, "long")
	require.NoError(t, err)
	assert.True(t, ok, "a key with an hour to live is still there")

	won, err := s.SetNX(ctx, "short", []byte("again"), 0)
	require.NoError(t, err)
	assert.True(t, won, "SetNX wins on an expired key")
	got, ok, err := s.Get(ctx, "short")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte("again"), got)
}

func testSetNX(t *testing.T, s Store) {
	ctx := context.Background()
	won, err := s.SetNX(ctx, "k", []byte("first"), time.Hour)
	require.NoError(t, err)
	assert.True(t, won, "absent key")

	won, err = s.SetNX(ctx, "k", []byte("second"), time.Hour)
	require.NoError(t, err)
	assert.False(t, won, "present key")
	got, _, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("first"), got, "the loser does not overwrite")

	require.NoError(t, s.Delete(ctx, "k"))
	won, err = s.SetNX(ctx, "k", []byte("third"), 0)
	require.NoError(t, err)
	assert.True(t, won, "deleted key")
}

func testSetNXConcurrent(t *testing.T, s Store) {
	const n = 50
	ctx := context.Background()
	var wins atomic.Int32
	winner := make(chan string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			val := fmt.Sprintf("g%d", i)
			won, err := s.SetNX(ctx, "dedupe", []byte(val), time.Minute)
			assert.NoError(t, err)
			if won {
				wins.Add(1)
				winner <- val
			}
		})
	}
	close(start)
	wg.Wait()
	require.Equal(t, int32(1), wins.Load(), "exactly one winner")
	got, ok, err := s.Get(ctx, "dedupe")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, <-winner, string(got), "the winner's value is stored")
}

func testPushLast(t *testing.T, s Store) {
	ctx := context.Background()
	got, err := s.Last(ctx, "list", 10)
	require.NoError(t, err)
	assert.Empty(t, got, "absent list")

	for i := 1; i <= 5; i++ {
		require.NoError(t, s.Push(ctx, "list", fmt.Appendf(nil, "e%d", i), 3, 0))
	}
	tests := []struct {
		n    int
		want [][]byte
	}{
		{n: 10, want: [][]byte{[]byte("e5"), []byte("e4"), []byte("e3")}},
		{n: 3, want: [][]byte{[]byte("e5"), []byte("e4"), []byte("e3")}},
		{n: 2, want: [][]byte{[]byte("e5"), []byte("e4")}},
		{n: 1, want: [][]byte{[]byte("e5")}},
		{n: 0, want: nil},
		{n: -1, want: nil},
	}
	for _, tt := range tests {
		got, err := s.Last(ctx, "list", tt.n)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "Last(%d)", tt.n)
	}

	require.NoError(t, s.Push(ctx, "one", []byte("a"), 1, 0))
	require.NoError(t, s.Push(ctx, "one", []byte("b"), 1, 0))
	got, err = s.Last(ctx, "one", 5)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("b")}, got, "keep 1")

	require.NoError(t, s.Delete(ctx, "list"))
	got, err = s.Last(ctx, "list", 5)
	require.NoError(t, err)
	assert.Empty(t, got, "deleted list")
}

func testWrongType(t *testing.T, s Store) {
	ctx := context.Background()
	require.NoError(t, s.Set(ctx, "value", []byte("v"), 0))
	require.NoError(t, s.Push(ctx, "list", []byte("e"), 5, 0))

	assert.ErrorIs(t, s.Push(ctx, "value", []byte("e"), 5, 0), ErrWrongType)
	_, err := s.Last(ctx, "value", 5)
	assert.ErrorIs(t, err, ErrWrongType)
	_, _, err = s.Get(ctx, "list")
	assert.ErrorIs(t, err, ErrWrongType)

	won, err := s.SetNX(ctx, "list", []byte("v"), 0)
	require.NoError(t, err)
	assert.False(t, won, "a list key is present")
	require.NoError(t, s.Set(ctx, "list", []byte("now a value"), 0), "Set replaces a list")
	got, ok, err := s.Get(ctx, "list")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte("now a value"), got)
}

func testInvalidArguments(t *testing.T, s Store) {
	ctx := context.Background()
	assert.Error(t, s.Set(ctx, "k", []byte("v"), -time.Second), "negative ttl")
	_, err := s.SetNX(ctx, "k", []byte("v"), -time.Second)
	assert.Error(t, err, "negative ttl")
	assert.Error(t, s.Push(ctx, "l", []byte("v"), 0, 0), "keep 0")
	_, ok, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "rejected writes store nothing")
}

func testCancelledContext(t *testing.T, s Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := s.Set(ctx, "k", []byte("v"), 0)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrUnavailable, "the caller's cancellation is not an outage")
	_, _, err = s.Get(ctx, "k")
	assert.ErrorIs(t, err, context.Canceled)
}

func testClose(t *testing.T, s Store) {
	ctx := context.Background()
	require.NoError(t, s.Set(ctx, "k", []byte("v"), 0))
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "second Close")
	_, _, err := s.Get(ctx, "k")
	assert.ErrorIs(t, err, ErrClosed)
	assert.ErrorIs(t, s.Set(ctx, "k", []byte("v"), 0), ErrClosed)
	assert.ErrorIs(t, s.Ping(ctx), ErrClosed)
}
