package commands

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemberListIsRefreshedAheadOfExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.AuthTTL = 10 * time.Second })
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Equal(t, 1, e.conf.Count("Members"))

	e.advance(8 * time.Second)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	assert.Equal(t, 1, e.conf.Count("Members"), "not yet in the last tenth of its life")

	e.advance(1500 * time.Millisecond) // 9.5 s: answered from the cache, refreshed behind it
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Eventually(t, func() bool { return e.conf.Count("Members") == 2 }, 5*time.Second, time.Millisecond)

	e.advance(time.Second) // past the first list's expiry: the refreshed one is still fresh
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	assert.Equal(t, 2, e.conf.Count("Members"))
}
