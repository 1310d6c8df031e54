package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBoltPushAllIsPushInOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := openTestBolt(t)
	require.NoError(t, b.Push(ctx, "l", []byte("a"), 4, 0))
	require.NoError(t, b.PushAll(ctx, "l", [][]byte{[]byte("b"), []byte("c"), []byte("d"), []byte("e")}, 4, 0))
	got, err := b.Last(ctx, "l", 10)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("e"), []byte("d"), []byte("c"), []byte("b")}, got, "newest first, keep 4")

	require.NoError(t, b.PushAll(ctx, "l", nil, 4, 0), "nothing to push")
	require.NoError(t, b.Set(ctx, "v", []byte("x"), 0))
	require.ErrorIs(t, b.PushAll(ctx, "v", [][]byte{[]byte("a")}, 4, 0), ErrWrongType)
	require.Error(t, b.PushAll(ctx, "l", [][]byte{[]byte("a")}, 0, 0))
}
