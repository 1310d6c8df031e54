package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactDSN(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "redis://:xxxxx@127.0.0.1:6379/0", redactDSN("redis://:hunter2@127.0.0.1:6379/0"))
	assert.Equal(t, "meetbot.db", redactDSN("meetbot.db"))
	for _, bad := range []string{"redis://user:s3cret@host:notaport/0", "rediss://u:s3cret@[::1/0", "redis://:s3cret@@h:1/0"} {
		assert.NotContains(t, redactDSN(bad), "s3cret", "an unparsable URL never prints its password: %s", bad)
	}
}
