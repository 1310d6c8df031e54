package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// entryCount is how many entries the list bucket of key holds.
func entryCount(t *testing.T, b *Bolt, key string) int {
	t.Helper()
	n := 0
	require.NoError(t, b.db.View(func(tx *bolt.Tx) error {
		if lb := tx.Bucket(listsBucket).Bucket([]byte(key)); lb != nil {
			n = lb.Stats().KeyN
		}
		return nil
	}))
	return n
}

func TestBoltPushKeepsOnlyKeepEntries(t *testing.T) {
	t.Parallel()
	b := openTestBolt(t)
	ctx := context.Background()
	for i := range 25 {
		require.NoError(t, b.Push(ctx, "l", fmt.Appendf(nil, "e%d", i), 10, 0))
	}
	got, err := b.Last(ctx, "l", 3)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("e24"), []byte("e23"), []byte("e22")}, got)
	all, err := b.Last(ctx, "l", 100)
	require.NoError(t, err)
	assert.Len(t, all, 10)
	assert.Equal(t, 10, entryCount(t, b, "l"), "older entries are deleted, not just hidden")

	// A smaller keep trims further; entries stay contiguous.
	require.NoError(t, b.Push(ctx, "l", []byte("e25"), 2, 0))
	all, err = b.Last(ctx, "l", 100)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("e25"), []byte("e24")}, all)
}

func TestBoltSetAndDeleteDropListEntries(t *testing.T) {
	t.Parallel()
	b := openTestBolt(t)
	ctx := context.Background()
	for _, replace := range []func(key string) error{
		func(key string) error { return b.Set(ctx, key, []byte("v"), 0) },
		func(key string) error { return b.Delete(ctx, key) },
	} {
		key := fmt.Sprintf("list%p", replace)
		require.NoError(t, b.Push(ctx, key, []byte("old"), 5, 0))
		require.NoError(t, replace(key))
		assert.Equal(t, 0, entryCount(t, b, key))
		require.NoError(t, b.Delete(ctx, key))
		require.NoError(t, b.Push(ctx, key, []byte("new"), 5, 0))
		got, err := b.Last(ctx, key, 5)
		require.NoError(t, err)
		assert.Equal(t, [][]byte{[]byte("new")}, got, "no stale entry comes back")
	}
}

// A list written in the old one-record layout reads as before and moves
// into a bucket on its next push, order kept.
func TestBoltOldListLayoutIsConverted(t *testing.T) {
	t.Parallel()
	b := openTestBolt(t)
	ctx := context.Background()
	old := encodeRecord(kindList, 0, encodeList([][]byte{[]byte("b"), []byte("a")}))
	require.NoError(t, b.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketName).Put([]byte("audit"), old)
	}))
	got, err := b.Last(ctx, "audit", 5)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("b"), []byte("a")}, got)

	require.NoError(t, b.Push(ctx, "audit", []byte("c"), 2, 0))
	got, err = b.Last(ctx, "audit", 5)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("c"), []byte("b")}, got)
	assert.Equal(t, 2, entryCount(t, b, "audit"))
	_, _, err = b.Get(ctx, "audit")
	assert.ErrorIs(t, err, ErrWrongType)
}
