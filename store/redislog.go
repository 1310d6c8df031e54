package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
)

// redisLogOnce guards go-redis's process-wide logger, which is not safe to
// set while clients run.
var redisLogOnce sync.Once

// LogRedisTo routes go-redis's own log lines (dial failures while Redis is
// down, pool warnings), which it otherwise prints unstructured to stderr,
// into log at warn level. It takes effect once per process; call it before
// opening a Redis store. The lines name the server's host:port, never the
// password.
func LogRedisTo(log zerolog.Logger) {
	redisLogOnce.Do(func() { redis.SetLogger(redisLogger{log: log}) })
}

type redisLogger struct{ log zerolog.Logger }

func (l redisLogger) Printf(_ context.Context, format string, v ...any) {
	l.log.Warn().Str("component", "redis").Msg(fmt.Sprintf(format, v...))
}
