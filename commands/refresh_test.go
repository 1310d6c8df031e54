package commands

import (
	"context"
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

// A member list fetched while the bot itself changed co-hosts may predate
// the change; it must not replace the cached list that records it.
func TestMemberListFetchedDuringOwnChangeIsNotCached(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	calls := 0
	conf := &fakeConference{MembersFn: func(context.Context, string) ([]Member, error) {
		calls++
		if calls == 1 { // the first fetch is slow and answers with the old roles
			close(started)
			<-release
		}
		return []Member{{UnionID: "u-bob", Nick: "Bob", CoHost: calls > 1}}, nil
	}}
	s := newState(Config{Conference: conf, AuthTTL: time.Minute, Now: time.Now})
	done := make(chan []Member)
	go func() {
		list, _, err := s.memberList(context.Background(), "corp", "m1", true)
		assert.NoError(t, err)
		done <- list
	}()
	<-started
	s.setCoHosts("corp", "m1", []Person{{UnionID: "u-bob"}}, true) // the bot made Bob co-host meanwhile
	close(release)
	list := <-done
	assert.Equal(t, 2, calls, "the stale list is fetched again")
	assert.True(t, list[0].CoHost)
	cached, _, err := s.memberList(context.Background(), "corp", "m1", false)
	require.NoError(t, err)
	assert.True(t, cached[0].CoHost, "the cache keeps Bob as co-host")
}
