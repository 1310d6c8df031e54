package e2e

import (
	"bytes"
	"context"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/internal/app"
)

// An unparsable Redis URL stops the bot with a line naming the store, and
// that line never carries the password.
func TestE2EAnUnparsableRedisURLNeverPrintsItsPassword(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	cfg := config.Config{Store: "redis://meetbot:s3cret-pass@redis.internal:notaport/0", HTTPAddr: "127.0.0.1:0",
		ClientID: "id", ClientSecret: "secret", APIURL: "http://127.0.0.1:1", OAPIURL: "http://127.0.0.1:1"}
	_, err := app.Start(context.Background(), cfg, zerolog.New(&logs))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-pass")
	assert.Contains(t, err.Error(), "redis.internal", "the store is still named")
	assert.NotContains(t, logs.String(), "s3cret-pass")
}
