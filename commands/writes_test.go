package commands

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowKV holds writes of spotlight and audit records: each waits for gate
// (nil: no gate), then for a random pause of up to jitter, so that writes
// started in one order would finish in another if nothing kept them in line.
type slowKV struct {
	KV
	gate   chan struct{}
	jitter time.Duration
}

func (k *slowKV) hold(key string) {
	if !strings.HasPrefix(key, "focus:") && !strings.HasPrefix(key, "audit:") {
		return
	}
	if k.gate != nil {
		<-k.gate
	}
	if k.jitter > 0 {
		time.Sleep(rand.N(k.jitter)) // shuffles finishing order; not synchronisation
	}
}

func (k *slowKV) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	k.hold(key)
	return k.KV.Set(ctx, key, val, ttl)
}

func (k *slowKV) Delete(ctx context.Context, key string) error {
	k.hold(key)
	return k.KV.Delete(ctx, key)
}

func (k *slowKV) Push(ctx context.Context, key string, val []byte, keep int) error {
	k.hold(key)
	return k.KV.Push(ctx, key, val, keep)
}

// behindSlow is a newEnv option: write-behind over kv wrapped in slow.
func behindSlow(slow *slowKV) func(*Config) {
	return func(c *Config) {
		slow.KV = c.KV
		c.KV, c.WriteBehind = slow, true
	}
}

func TestWriteBehindRepliesBeforeRecordsAreStored(t *testing.T) {
	t.Parallel()
	slow := &slowKV{gate: make(chan struct{})}
	e := newEnv(t, behindSlow(slow))
	ctx := context.Background()

	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome, "the reply does not wait")
	_, stored, err := e.kv.Get(ctx, focusKey(corp, m1))
	require.NoError(t, err)
	require.False(t, stored, "held by the gate")
	rec, ok := e.reg.focused(ctx, corp, m1)
	require.True(t, ok, "this process reads its queued write")
	assert.Equal(t, "u-alice", rec.Person.UnionID)

	flushed := make(chan error)
	go func() { flushed <- e.reg.Flush(ctx) }()
	read := make(chan []result)
	go func() { read <- e.trail() }()
	select {
	case <-flushed:
		t.Fatal("Flush returned while the records were held")
	case <-read:
		t.Fatal("the audit trail was read before its record was stored")
	default:
	}
	close(slow.gate)
	require.NoError(t, <-flushed)
	trail := <-read
	require.Len(t, trail, 1)
	assert.Equal(t, actFocus, trail[0].Action)
	_, stored, err = e.kv.Get(ctx, focusKey(corp, m1))
	require.NoError(t, err)
	assert.True(t, stored)
}

func TestWriteBehindReadsQueuedDeletes(t *testing.T) {
	t.Parallel()
	slow := &slowKV{gate: make(chan struct{})}
	e := newEnv(t, behindSlow(slow))
	ctx := context.Background()
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight off")).Outcome)
	_, ok := e.reg.focused(ctx, corp, m1)
	assert.False(t, ok, "the queued delete hides the queued set")
	close(slow.gate)
	require.NoError(t, e.reg.Flush(ctx))
	_, stored, err := e.kv.Get(ctx, focusKey(corp, m1))
	require.NoError(t, err)
	assert.False(t, stored)
}

func TestWriteBehindKeepsRecordsInOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, behindSlow(&slowKV{jitter: 2 * time.Millisecond}))
	for _, r := range []Request{
		req("hana", "/spotlight", "alice"), req("hana", "/spotlight", "zhang"),
		req("hana", "/cohost add", "li"), req("hana", "/spotlight off"),
	} {
		require.Equal(t, OK, e.handle(r).Outcome, r.Text)
	}
	n := len(e.conf.controlCalls())
	for range 4 {
		require.Equal(t, OK, e.handle(req("hana", "/undo")).Outcome)
	}
	assert.Equal(t, []string{"Focus m1 u-zhang", "RemoveCoHosts m1 u-li", "Focus m1 u-alice", "Unfocus m1 u-alice"},
		e.since(n), "each /undo took back the next older action")
}

func TestWithoutWriteBehindRecordsAreStoredBeforeTheReply(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	_, ok, err := e.kv.Get(context.Background(), focusKey(corp, m1))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Len(t, e.kv.lists[auditKey(corp, m1)], 1)
}
