package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Store is a key-value store with the method set of commands.KV plus
// readiness and shutdown. *Bolt and *Redis implement it.
type Store interface {
	// Get returns the value at key and whether it exists (and has not expired).
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Set stores val at key; a ttl of 0 means no expiry.
	Set(ctx context.Context, key string, val []byte, ttl time.Duration) error
	// Delete removes key, value or list; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
	// SetNX stores val only if key is absent (or expired) and reports whether it did.
	SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error)
	// Push adds val as the newest entry of the list at key, keeping only
	// the newest keep entries. The whole list expires ttl after this push
	// (0: never), so a list nobody adds to any more goes away.
	Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error
	// Last returns up to n newest entries of the list at key, newest first.
	Last(ctx context.Context, key string, n int) ([][]byte, error)
	// Ping reports whether the store can serve requests, for readiness checks.
	Ping(ctx context.Context) error
	// Close releases the store. It is idempotent; other calls fail afterwards.
	Close() error
}

// Errors the stores wrap; test them with errors.Is.
var (
	// ErrUnavailable says the backend cannot be reached (Redis down or
	// unreachable). The call may succeed later.
	ErrUnavailable = errors.New("store unavailable")
	// ErrClosed says the store was used after Close.
	ErrClosed = errors.New("store closed")
	// ErrWrongType says a list operation hit a value key or the reverse.
	ErrWrongType = errors.New("store: operation against a key holding the wrong kind of value")
)

// Open opens the store named by dsn: a URL with one of the schemes
// redis://, rediss://, redis+sentinel://, rediss+sentinel://,
// redis+cluster:// or rediss+cluster:// opens Redis (see OpenRedis); a
// string without "scheme://" is the path of a bbolt file (see OpenBolt).
// Any other scheme is an error. Options that do not apply to the chosen
// backend are ignored.
func Open(ctx context.Context, dsn string, opts ...Option) (Store, error) {
	if dsn == "" {
		return nil, errors.New("store: empty DSN: want a file path or a redis:// URL")
	}
	scheme, ok := dsnScheme(dsn)
	switch {
	case !ok:
		return OpenBolt(dsn, opts...)
	case isRedisScheme(scheme):
		return OpenRedis(ctx, dsn, opts...)
	}
	return nil, fmt.Errorf("store: unknown DSN scheme %q: want a file path or a %s URL", scheme, redisSchemeList)
}

// dsnScheme returns the scheme of a DSN that is a URL; ok is false for a
// file path. A scheme is a letter then letters, digits, '+', '-' or '.'.
func dsnScheme(dsn string) (scheme string, ok bool) {
	scheme, _, found := strings.Cut(dsn, "://")
	if !found || scheme == "" {
		return "", false
	}
	for i, c := range scheme {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	return scheme, true
}

func isRedisScheme(scheme string) bool {
	_, ok := redisSchemes[strings.ToLower(scheme)]
	return ok
}

// Option tunes a store. Each option says which backend it applies to.
type Option func(*options)

type options struct {
	prefix      string           // Redis key prefix
	sweepEvery  time.Duration    // Bolt sweeper period
	lockTimeout time.Duration    // Bolt file lock wait
	now         func() time.Time // Bolt clock, replaced in tests
	noBatch     bool             // Bolt: db.Update instead of db.Batch (benchmarks)
}

func newOptions(opts []Option) options {
	o := options{
		prefix:      "meetbot:",
		sweepEvery:  time.Minute,
		lockTimeout: time.Second,
		now:         time.Now,
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithPrefix sets the prefix of every Redis key (default "meetbot:"), so
// several bots or environments can share one Redis database. Redis only.
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = prefix }
}

// WithSweepInterval sets how often the bbolt sweeper deletes expired keys
// (default one minute). Bolt only; d <= 0 keeps the default.
func WithSweepInterval(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.sweepEvery = d
		}
	}
}

// WithLockTimeout sets how long OpenBolt waits for the file lock held by
// another process before failing (default one second). Bolt only; d <= 0
// keeps the default.
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.lockTimeout = d
		}
	}
}

// WithClock replaces the Bolt clock, so tests (and measurements of what
// expiry reclaims) can expire keys without waiting. Bolt only.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// withoutBatch makes Bolt write with db.Update, to measure what Batch buys.
func withoutBatch() Option {
	return func(o *options) { o.noBatch = true }
}

// checkTTL rejects negative ttls, which neither backend can honour.
func checkTTL(ttl time.Duration) error {
	if ttl < 0 {
		return fmt.Errorf("store: negative ttl %s", ttl)
	}
	return nil
}

// checkKeep rejects list lengths that would make Push keep nothing.
func checkKeep(keep int) error {
	if keep < 1 {
		return fmt.Errorf("store: push keep %d: must be at least 1", keep)
	}
	return nil
}

// describe names a failed call for an error message: backend, operation,
// key (if any) and where the data lives (file path or Redis address).
func describe(backend, op, key, where string) string {
	if key == "" {
		return fmt.Sprintf("store: %s %s (%s)", backend, op, where)
	}
	return fmt.Sprintf("store: %s %s %q (%s)", backend, op, key, where)
}
