package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSerialQueueKeepsOrderWithinAKey(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(8, 10000, 10000)
	var mu sync.Mutex
	got := map[string][]int{}
	keys := []string{"a", "b", "c", "d", "e"}
	for i := range 1000 {
		key := keys[i%len(keys)]
		require.True(t, q.Submit(key, func() {
			mu.Lock()
			got[key] = append(got[key], i)
			mu.Unlock()
		}))
	}
	require.Equal(t, 0, q.Close(context.Background()))
	for _, key := range keys {
		require.Len(t, got[key], 200)
		for j := 1; j < len(got[key]); j++ {
			assert.Less(t, got[key][j-1], got[key][j], "key %s out of order", key)
		}
	}
}

func TestSerialQueueRunsKeysInParallel(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(2, 10, 10)
	release := make(chan struct{})
	started := make(chan string, 2)
	for _, key := range []string{"slow", "other"} {
		require.True(t, q.Submit(key, func() { started <- key; <-release }))
	}
	// Both start although the first has not finished: different keys do not wait for each other.
	assert.ElementsMatch(t, []string{"slow", "other"}, []string{<-started, <-started})
	close(release)
	q.Close(context.Background())
}

func TestSerialQueueOneAtATimePerKey(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(4, 10, 10)
	release := make(chan struct{})
	ran := make(chan int, 2)
	require.True(t, q.Submit("k", func() { ran <- 1; <-release }))
	require.True(t, q.Submit("k", func() { ran <- 2 }))
	assert.Equal(t, 1, <-ran)
	select {
	case <-ran:
		t.Fatal("second job of a key ran while the first was running")
	case <-time.After(50 * time.Millisecond): // a negative check: nothing may arrive
	}
	close(release)
	assert.Equal(t, 2, <-ran)
	q.Close(context.Background())
}

func TestSerialQueueRefusesWhenFullAndAfterClose(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(1, 2, 2)
	release := make(chan struct{})
	require.True(t, q.Submit("a", func() { <-release }))
	require.True(t, q.Submit("b", func() {}))
	assert.False(t, q.Submit("c", func() {}), "third job must be refused: limit 2")
	assert.Equal(t, 2, q.Len())
	close(release)
	assert.Equal(t, 0, q.Close(context.Background()))
	assert.False(t, q.Submit("d", func() {}), "closed queue takes nothing")
}

func TestSerialQueueCloseGivesUpAtDeadline(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(1, 5, 5)
	release := make(chan struct{})
	require.True(t, q.Submit("a", func() { <-release }))
	require.True(t, q.Submit("a", func() {}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Equal(t, 2, q.Close(ctx))
	close(release)
}

// A chat sending faster than the workers drain it fills only its own
// share: another chat's message is still taken.
func TestSerialQueueGivesEachKeyABoundedShare(t *testing.T) {
	t.Parallel()
	q := newSerialQueue(1, 100, 3)
	release := make(chan struct{})
	for i := range 3 {
		require.True(t, q.Submit("flood", func() { <-release }), "job %d of the flooding chat", i)
	}
	for range 50 {
		assert.False(t, q.Submit("flood", func() {}), "past its share, the flooding chat is refused")
	}
	assert.True(t, q.Submit("quiet", func() {}), "another chat is never refused for it")
	assert.Equal(t, 4, q.Len())
	close(release)
	assert.Equal(t, 0, q.Close(context.Background()))
}
