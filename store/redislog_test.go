package store

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedisLoggerWritesStructuredLines(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	redisLogger{log: zerolog.New(&buf)}.Printf(context.Background(), "redis: dial %s: %s", "127.0.0.1:1", "refused")
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
	assert.Equal(t, "warn", line["level"])
	assert.Equal(t, "redis", line["component"])
	assert.Equal(t, "redis: dial 127.0.0.1:1: refused", line["message"])
}
