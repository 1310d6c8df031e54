package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/internal/testkit"
)

// testRedisURL returns the single test Redis or skips the test.
func testRedisURL(t *testing.T) string {
	t.Helper()
	return testkit.RedisTargets[0].DSN(t)
}

// forEachRedis runs test once per test deployment (one server, a cluster)
// as parallel subtests; each skips when its variable is unset.
func forEachRedis(t *testing.T, test func(t *testing.T, dsn string)) {
	for _, target := range testkit.RedisTargets {
		t.Run(target.Name, func(t *testing.T) {
			t.Parallel()
			test(t, target.DSN(t))
		})
	}
}

// openTestRedis opens the test Redis under a unique key prefix (test
// binaries may share the server) and deletes the prefix's keys at cleanup.
func openTestRedis(t *testing.T, dsn string) *Redis {
	t.Helper()
	// rand.Text is base32: no SCAN glob characters.
	prefix := "meetbot-test:" + rand.Text() + ":"
	r, err := OpenRedis(context.Background(), dsn, WithPrefix(prefix))
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, r.Close())
		deletePrefix(t, dsn, prefix)
	})
	return r
}

// deletePrefix removes every key under prefix, on every master of a
// cluster, with a client of its own since the test may have closed its
// store.
func deletePrefix(t *testing.T, dsn, prefix string) {
	c, err := newRedis(dsn)
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	keys, err := testkit.RedisKeys(ctx, c.client, prefix+"*")
	assert.NoError(t, err)
	for _, k := range keys {
		assert.NoError(t, c.client.Del(ctx, k).Err())
	}
}

// closedAddr returns a local address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestRedisConformance(t *testing.T) {
	t.Parallel()
	forEachRedis(t, func(t *testing.T, dsn string) {
		testConformance(t, func(t *testing.T) Store { return openTestRedis(t, dsn) })
	})
}

func TestRedisPrefixesKeys(t *testing.T) {
	t.Parallel()
	forEachRedis(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		r := openTestRedis(t, dsn)
		require.NoError(t, r.Set(ctx, "bind:corp:chat", []byte("m"), time.Minute))
		got, err := r.client.Get(ctx, r.prefix+"bind:corp:chat").Result()
		require.NoError(t, err)
		assert.Equal(t, "m", got)
		ttl, err := r.client.PTTL(ctx, r.prefix+"bind:corp:chat").Result()
		require.NoError(t, err)
		assert.InDelta(t, time.Minute, ttl, float64(5*time.Second), "SET carries the ttl")
	})
}

func TestRedisDownFailsWithErrUnavailable(t *testing.T) {
	t.Parallel()
	addr := closedAddr(t)
	for _, scheme := range []string{"redis://", "redis+cluster://", "redis+sentinel://"} {
		t.Run(scheme, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			path := "/0"
			if scheme == "redis+sentinel://" {
				path = "/mymaster?max_retries=-1" // each retry asks every Sentinel again
			}
			_, err := OpenRedis(ctx, scheme+":s3cret@"+addr+path)
			require.ErrorIs(t, err, ErrUnavailable)
			assert.NotContains(t, err.Error(), "s3cret")
			assert.Contains(t, err.Error(), addr)

			r, err := newRedis(scheme + addr + path)
			require.NoError(t, err, "building the client does no I/O")
			defer func() { assert.NoError(t, r.Close()) }()
			_, _, err = r.Get(ctx, "k")
			assert.ErrorIs(t, err, ErrUnavailable)
			_, err = r.SetNX(ctx, "k", []byte("v"), time.Minute)
			assert.ErrorIs(t, err, ErrUnavailable)
			assert.ErrorIs(t, r.Push(ctx, "l", []byte("v"), 3, 0), ErrUnavailable)
			assert.ErrorIs(t, r.Ping(ctx), ErrUnavailable)
		})
	}
}

func TestRedisRecoversWhenServerReturns(t *testing.T) {
	t.Parallel()
	u := testRedisURL(t)
	opt, err := redis.ParseURL(u)
	require.NoError(t, err)
	p := testkit.NewProxy(t, opt.Addr)
	ctx := context.Background()
	r := openTestRedis(t, fmt.Sprintf("redis://%s/%d", p.Addr(), opt.DB))
	require.NoError(t, r.Set(ctx, "k", []byte("v"), time.Minute))

	p.Stop()
	_, _, err = r.Get(ctx, "k")
	assert.ErrorIs(t, err, ErrUnavailable, "Redis is down")

	p.Start()
	require.Eventually(t, func() bool {
		got, ok, err := r.Get(ctx, "k")
		return err == nil && ok && string(got) == "v"
	}, 10*time.Second, 20*time.Millisecond, "the client never reconnected")
}

func TestRedisInvalidURLHidesPassword(t *testing.T) {
	t.Parallel()
	_, err := OpenRedis(context.Background(), "redis://user:s3cret@host:port:bad/0")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
}

// redisErr stands for an error reply from the server.
type redisErr string

func (e redisErr) Error() string { return string(e) }
func (redisErr) RedisError()     {}

func TestUnavailable(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", dial, true},
		{"wrapped dial error", fmt.Errorf("x: %w", dial), true},
		{"broken connection", io.EOF, true},
		{"reset", syscall.ECONNRESET, true},
		{"pool timeout", redis.ErrPoolTimeout, true},
		{"dial deadline", context.DeadlineExceeded, true},
		{"loading", redisErr("LOADING Redis is loading the dataset in memory"), true},
		{"read only", redisErr("READONLY You can't write against a read only replica."), true},
		{"master down", redisErr("MASTERDOWN Link with MASTER is down"), true},
		{"cancelled", context.Canceled, false},
		{"wrong type", redisErr("WRONGTYPE Operation against a key holding the wrong kind of value"), false},
		{"other reply", redisErr("ERR syntax error"), false},
		{"other error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, unavailable(context.Background(), tt.err))
		})
	}
}

func TestUnavailableIgnoresCallerDeadline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	assert.False(t, unavailable(ctx, context.DeadlineExceeded))
}

func TestRedisWrap(t *testing.T) {
	t.Parallel()
	r := &Redis{where: "127.0.0.1:6379"}
	ctx := context.Background()
	assert.NoError(t, r.wrap(ctx, "get", "k", nil))
	assert.ErrorIs(t, r.wrap(ctx, "get", "k", redis.ErrClosed), ErrClosed)
	assert.ErrorIs(t, r.wrap(ctx, "get", "k", redisErr("WRONGTYPE x")), ErrWrongType)
	err := r.wrap(ctx, "get", "msg:corp:1", io.EOF)
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, err, io.EOF, "the cause is kept")
	assert.Equal(t, `store: redis get "msg:corp:1" (127.0.0.1:6379): store unavailable: EOF`, err.Error())
}
