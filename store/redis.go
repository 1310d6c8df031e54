package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is a Store in a Redis database. Every key gets the prefix set with
// WithPrefix ("meetbot:" by default). It is safe for concurrent use; the
// go-redis pool reconnects by itself after Redis comes back.
type Redis struct {
	client    redis.UniversalClient
	prefix    string
	where     string // the servers, for errors
	closeOnce sync.Once
	closeErr  error
}

// OpenRedis connects to the Redis that dsn names and pings it once. dsn is
// one of
//
//	redis://[[user]:password@]host[:6379][/db][?option=value&…]
//	redis+sentinel://[[user]:password@]host[:26379][,host…]/master[/db][?…]
//	redis+cluster://[[user]:password@]host[:6379][,host…][?…]
//
// or the same with rediss, rediss+sentinel or rediss+cluster for TLS.
// user and password log in to the data nodes. Options are go-redis's
// (dial_timeout, pool_size…) plus sentinel_username and sentinel_password
// for Sentinels that have their own login, and tls_ca_file, tls_cert_file,
// tls_key_file and skip_verify for TLS. An unreachable Redis fails with an
// error wrapping ErrUnavailable. No password ever appears in errors.
func OpenRedis(ctx context.Context, dsn string, opts ...Option) (*Redis, error) {
	r, err := newRedis(dsn, opts...)
	if err != nil {
		return nil, err
	}
	if err := r.Ping(ctx); err != nil {
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

// newRedis builds the client without network I/O.
func newRedis(dsn string, opts ...Option) (*Redis, error) {
	c, err := parseRedisDSN(dsn)
	if err != nil {
		return nil, err
	}
	o := newOptions(opts)
	return &Redis{client: c.newClient(), prefix: o.prefix, where: c.where}, nil
}

// Get returns the value at key and whether it exists.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, bool, error) {
	val, err := r.client.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, r.wrap(ctx, "get", key, err)
	}
	return val, true, nil
}

// Set stores val at key, replacing any value or list; ttl 0 means no expiry.
func (r *Redis) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	err := r.client.Set(ctx, r.prefix+key, val, redisTTL(ttl)).Err()
	return r.wrap(ctx, "set", key, err)
}

// Delete removes key; deleting an absent key is not an error.
func (r *Redis) Delete(ctx context.Context, key string) error {
	return r.wrap(ctx, "delete", key, r.client.Del(ctx, r.prefix+key).Err())
}

// SetNX stores val at key only if it is absent and reports whether it did.
// It is one SET NX PX command, atomic across processes.
func (r *Redis) SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error) {
	if err := checkTTL(ttl); err != nil {
		return false, err
	}
	won, err := r.client.SetNX(ctx, r.prefix+key, val, redisTTL(ttl)).Result()
	if err != nil {
		return false, r.wrap(ctx, "setnx", key, err)
	}
	return won, nil
}

// Push adds val as the newest entry of the list at key and drops all but the
// newest keep entries: LPUSH and LTRIM in one MULTI/EXEC pipeline, so
// concurrent pushes never leave a longer list behind. keep must be at least 1.
func (r *Redis) Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	if err := checkKeep(keep); err != nil {
		return err
	}
	if err := checkTTL(ttl); err != nil {
		return err
	}
	k := r.prefix + key
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, k, val)
		p.LTrim(ctx, k, 0, int64(keep-1))
		if ttl > 0 {
			p.PExpire(ctx, k, ttl)
		} else {
			p.Persist(ctx, k)
		}
		return nil
	})
	return r.wrap(ctx, "push", key, err)
}

// Last returns up to n newest entries of the list at key, newest first. An
// absent key gives an empty result; n <= 0 gives nothing.
func (r *Redis) Last(ctx context.Context, key string, n int) ([][]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	vals, err := r.client.LRange(ctx, r.prefix+key, 0, int64(n-1)).Result()
	if err != nil {
		return nil, r.wrap(ctx, "last", key, err)
	}
	var out [][]byte
	for _, v := range vals {
		out = append(out, []byte(v))
	}
	return out, nil
}

// Ping checks that Redis answers: on a cluster every master, since each
// holds a share of the keys.
func (r *Redis) Ping(ctx context.Context) error {
	if c, ok := r.client.(*redis.ClusterClient); ok {
		err := c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
			return m.Ping(ctx).Err()
		})
		return r.wrap(ctx, "ping", "", err)
	}
	return r.wrap(ctx, "ping", "", r.client.Ping(ctx).Err())
}

// Client returns the go-redis client, for tests and tools that need
// commands the Store does not offer. It does not add the key prefix.
func (r *Redis) Client() redis.UniversalClient {
	return r.client
}

// Close closes the connection pool. It is idempotent.
func (r *Redis) Close() error {
	r.closeOnce.Do(func() { r.closeErr = r.client.Close() })
	return r.closeErr
}

// redisTTL converts a ttl for go-redis, rounding sub-millisecond ttls up to
// the 1 ms that PX can express (0 stays "no expiry").
func redisTTL(ttl time.Duration) time.Duration {
	if ttl > 0 && ttl < time.Millisecond {
		return time.Millisecond
	}
	return ttl
}
