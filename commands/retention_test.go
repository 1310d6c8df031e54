package commands

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestABindingExpiresAfterTheRetentionWithoutUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Retention = 10 * 24 * time.Hour })
	require.Equal(t, m1, e.boundTo())
	e.advance(9 * 24 * time.Hour)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome, "used on day 9: expiry pushed back")
	e.advance(9 * 24 * time.Hour)
	assert.Equal(t, m1, e.boundTo(), "day 18: still bound, 9 days after its last use")
	e.advance(11 * 24 * time.Hour)
	_, ok, err := e.kv.Get(context.Background(), bindKey(corp, chat))
	require.NoError(t, err)
	assert.False(t, ok, "11 days without use: gone")
}

func TestAnAuditTrailExpiresAfterTheRetention(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.Retention = 10 * 24 * time.Hour })
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	require.Len(t, e.trail(), 1)
	e.advance(10 * 24 * time.Hour)
	assert.Empty(t, e.trail(), "10 days after its last record")
}

// The in-memory change counts do not outlive the meetings they count.
func TestEndedMeetingsAreForgotten(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := range 3 * maxCachedMeetings {
		id := fmt.Sprintf("gone-%d", i)
		e.reg.st.setCoHosts(corp, id, []Person{people["alice"]}, true)
		e.reg.st.forgetMeeting(corp, id)
	}
	e.reg.st.mu.Lock()
	defer e.reg.st.mu.Unlock()
	assert.Empty(t, e.reg.st.changes)
	assert.Empty(t, e.reg.st.members)
}
