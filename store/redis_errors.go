package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// wrap names the operation and key in err and classifies it: the closed
// client becomes ErrClosed, a WRONGTYPE reply ErrWrongType and a connection
// failure ErrUnavailable (keeping the cause); a master unknown to the
// Sentinels is said in words.
func (r *Redis) wrap(ctx context.Context, op, key string, err error) error {
	if err == nil {
		return nil
	}
	where := describe("redis", op, key, r.where)
	switch {
	case errors.Is(err, redis.ErrClosed):
		return fmt.Errorf("%s: %w", where, ErrClosed)
	case redis.HasErrorPrefix(err, "WRONGTYPE"):
		return fmt.Errorf("%s: %w", where, ErrWrongType)
	case errors.Is(err, redis.Nil):
		// Get handles its own; any other nil reply is a Sentinel's answer
		// to a master name it does not know.
		return fmt.Errorf("%s: the Sentinels know no such master: %w", where, err)
	case unavailable(ctx, err):
		return fmt.Errorf("%s: %w: %w", where, ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", where, err)
}

// unavailable reports whether err means Redis cannot serve requests right
// now: the connection failed, timed out or broke, the pool is starved, or
// the server is loading, read-only, or has lost its master. The caller's
// own cancellation or deadline is not Redis's fault and does not count.
func unavailable(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return false
	}
	var netErr net.Error // includes dial errors and socket timeouts
	switch {
	case errors.As(err, &netErr),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded), // a dial timeout inside go-redis
		errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, redis.ErrPoolExhausted):
		return true
	}
	return redis.IsLoadingError(err) || redis.IsReadOnlyError(err) ||
		redis.IsMasterDownError(err) || redis.IsClusterDownError(err) ||
		redis.IsTryAgainError(err) || redis.IsMaxClientsError(err)
}
