package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Timeouts for a bot: a store call sits on the path of a chat reply, so a
// sick Redis must fail it within seconds rather than hang it.
const (
	redisDialTimeout  = 2 * time.Second
	redisReadTimeout  = 2 * time.Second
	redisWriteTimeout = 2 * time.Second
	redisPoolTimeout  = 3 * time.Second
	redisMaxRetries   = 2 // per command, on connection errors
	redisDialRetries  = 2 // per connection attempt
)

// Redis is a Store in a Redis database. Every key gets the prefix set with
// WithPrefix ("meetbot:" by default). It is safe for concurrent use; the
// go-redis pool reconnects by itself after Redis comes back.
type Redis struct {
	client    *redis.Client
	prefix    string
	addr      string
	closeOnce sync.Once
	closeErr  error
}

// OpenRedis connects to the Redis at rawURL ("redis://[user:pass@]host:port/db",
// or rediss:// for TLS; query parameters such as dial_timeout are honoured)
// and pings it once. An unreachable Redis fails with an error wrapping
// ErrUnavailable. The URL's password never appears in errors.
func OpenRedis(ctx context.Context, rawURL string, opts ...Option) (*Redis, error) {
	r, err := newRedis(rawURL, opts...)
	if err != nil {
		return nil, err
	}
	if err := r.Ping(ctx); err != nil {
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

// newRedis builds the client without any I/O.
func newRedis(rawURL string, opts ...Option) (*Redis, error) {
	ropt, err := redis.ParseURL(rawURL)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error quotes the whole URL, password included
		}
		return nil, fmt.Errorf("store: invalid Redis URL: %w", err)
	}
	tuneRedis(ropt)
	o := newOptions(opts)
	return &Redis{client: redis.NewClient(ropt), prefix: o.prefix, addr: ropt.Addr}, nil
}

// tuneRedis fills in bot-friendly defaults where the URL set nothing.
func tuneRedis(o *redis.Options) {
	setIfZero(&o.DialTimeout, redisDialTimeout)
	setIfZero(&o.ReadTimeout, redisReadTimeout)
	setIfZero(&o.WriteTimeout, redisWriteTimeout)
	setIfZero(&o.PoolTimeout, redisPoolTimeout)
	if o.MaxRetries == 0 {
		o.MaxRetries = redisMaxRetries
	}
	if o.DialerRetries == 0 {
		o.DialerRetries = redisDialRetries
	}
	// Maintenance notifications are for managed Redis clusters; a plain
	// server would only answer the handshake with an error.
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
}

func setIfZero(d *time.Duration, v time.Duration) {
	if *d == 0 {
		*d = v
	}
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

// Ping checks that Redis answers.
func (r *Redis) Ping(ctx context.Context) error {
	return r.wrap(ctx, "ping", "", r.client.Ping(ctx).Err())
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
