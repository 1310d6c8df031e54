package commands

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthorization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sender, text string
		outcome            Outcome
		reply              string
		members            int // Members calls
	}{
		{"host", "hana", "/spotlight", OK, "**Alice** is now spotlighted.", 1},
		{"co-host", "cole", "/spotlight", OK, "**Alice** is now spotlighted.", 1},
		{"admin outside the meeting", "root", "/spotlight", OK, "**Alice** is now spotlighted.", 0},
		{"participant refused", "olga", "/spotlight", Refused,
			"Only the host or a co-host of **周会 Weekly sync** can change the spotlight.", 1},
		{"outsider refused in chinese", "bob", "/聚焦", Refused,
			"只有**周会 Weekly sync**的主持人或联席主持人才能设置全员看他。", 1},
		{"cohost change refused", "olga", "/cohost add", Refused,
			"Only the host or a co-host of **周会 Weekly sync** can change co-hosts.", 1},
		{"unmute all refused in its own words", "olga", "/unmute all", Refused,
			"Only the host or a co-host of **周会 Weekly sync** can unmute everyone.", 1},
		{"unmute all refused in chinese", "olga", "/取消全员静音", Refused,
			"只有**周会 Weekly sync**的主持人或联席主持人才能解除全员静音。", 1},
		{"mute all refused", "olga", "/全体静音", Refused,
			"只有**周会 Weekly sync**的主持人或联席主持人才能全员静音。", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rep := e.handle(req(tt.sender, tt.text, "alice"))
			assert.Equal(t, tt.outcome, rep.Outcome)
			assert.Equal(t, tt.reply, rep.Text)
			assert.Equal(t, tt.members, e.conf.Count("Members"))
			if tt.outcome != OK {
				assert.Empty(t, e.conf.controlCalls(), "no control call for a refused sender")
			}
		})
	}
}

func TestSenderOutsideOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := req("", "/spotlight", "alice")
	rep := e.handle(r)
	assert.Equal(t, Refused, rep.Outcome)
	assert.Contains(t, rep.Text, "Only members of the organisation")
	assert.Empty(t, e.conf.Calls())
}

// An external participant's frame may carry a senderUnionId: it never
// stands in for membership of the organisation.
func TestExternalSenderWithAUnionIDIsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		sender Person
	}{
		{"no staffId, a unionId", Person{UnionID: "u-cole", Name: "Victor"}},
		{"a staffId the contacts do not know, a unionId", Person{UserID: "victor", UnionID: "u-cole", Name: "Victor"}},
	}
	for _, tt := range tests {
		for _, text := range []string{"/spotlight", "/meeting start", "/meeting use 838722123", "/cohost add"} {
			e := newEnv(t)
			r := req("", text, "alice")
			r.Sender = tt.sender
			rep := e.handle(r)
			assert.Equal(t, Refused, rep.Outcome, "%s: %s", tt.name, text)
			assert.Contains(t, rep.Text, "Only members of the organisation")
			assert.Empty(t, e.conf.Calls(), "%s: %s reached DingTalk", tt.name, text)
			assert.Equal(t, m1, e.boundTo())
		}
	}
}

func TestSteadyStateIsOneControlCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		r := req("cole", "/spotlight", "alice")
		r.Sender.UnionID = "u-cole"
		require.Equal(t, OK, e.handle(r).Outcome)
	}
	// One member list fetch for the first command, then only Focus.
	assert.Equal(t, 1, e.conf.Count("Members"))
	assert.Equal(t, 5, e.conf.Count("Focus"))
	assert.Len(t, e.conf.Calls(), 6)
	assert.Equal(t, 2, e.dir.Count(), "cole (the sender) and alice resolved once each, then from the KV cache")
}

func TestMemberCacheExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.AuthTTL = 5 * time.Second })
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	e.advance(4 * time.Second)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	assert.Equal(t, 1, e.conf.Count("Members"))
	e.advance(2 * time.Second)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome)
	assert.Equal(t, 2, e.conf.Count("Members"))
}

func TestPersonCacheExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.PersonTTL = time.Hour })
	r := req("hana", "/spotlight", "alice")
	r.Sender.UnionID = "u-hana"
	e.handle(r)
	e.handle(r)
	assert.Equal(t, 2, e.dir.Count(), "hana and alice, once each")
	e.advance(time.Hour)
	e.handle(r)
	assert.Equal(t, 4, e.dir.Count())
}

func TestPromotedJustNowIsAllowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// The cache says olga is a plain participant ...
	require.Equal(t, Refused, e.handle(req("olga", "/spotlight", "alice")).Outcome)
	e.advance(time.Second)
	// ... then the host promotes her in the DingTalk app.
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		ms := m1Members()
		ms[indexMember(ms, "u-olga")].CoHost = true
		return ms, nil
	}
	rep := e.handle(req("olga", "/spotlight", "alice"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	assert.Equal(t, 2, e.conf.Count("Members"), "refreshed once on the negative answer")
}

func TestRefusalsDoNotFloodMemberFetches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/spotlight", "alice")).Outcome) // warms the cache
	e.advance(2 * time.Second)
	for i := 0; i < 3; i++ {
		require.Equal(t, Refused, e.handle(req("olga", "/spotlight", "alice")).Outcome)
	}
	// One forced refresh for the first refusal; the next ones find a list
	// younger than minRefresh.
	assert.Equal(t, 2, e.conf.Count("Members"))
	assert.Equal(t, []string{"Focus m1 u-alice"}, e.conf.controlCalls())
}

func TestCoHostChangeUpdatesCachedFlags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	require.Equal(t, OK, e.handle(req("hana", "/cohost add", "alice")).Outcome)
	// alice may now spotlight without a refetch.
	rep := e.handle(req("alice", "/spotlight", "zhang"))
	assert.Equal(t, OK, rep.Outcome, rep.Text)
	// and cole, removed, may not.
	require.Equal(t, OK, e.handle(req("hana", "/cohost remove", "cole")).Outcome)
	assert.Equal(t, 1, e.conf.Count("Members"))
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		ms := m1Members()
		ms[indexMember(ms, "u-cole")].CoHost = false
		return ms, nil
	}
	assert.Equal(t, Refused, e.handle(req("cole", "/spotlight", "zhang")).Outcome)
}

func TestConcurrentCommandsShareOneMemberFetch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	release := make(chan struct{})
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		<-release
		return m1Members(), nil
	}
	const n = 20
	var started, done sync.WaitGroup
	outcomes := make(chan Outcome, n)
	for i := 0; i < n; i++ {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			outcomes <- e.handle(req("cole", "/spotlight", "alice")).Outcome
		}()
	}
	started.Wait()
	close(release)
	done.Wait()
	close(outcomes)
	for o := range outcomes {
		assert.Equal(t, OK, o)
	}
	assert.Equal(t, 1, e.conf.Count("Members"))
	assert.Equal(t, n, e.conf.Count("Focus"))
}

func TestMemberFetchOutlivesTheCallerThatStartedIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	release := make(chan struct{})
	e.conf.MembersFn = func(context.Context, string) ([]Member, error) {
		<-release
		return m1Members(), nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := e.reg.Handle(ctx, req("cole", "/spotlight", "alice"))
	assert.Equal(t, "DingTalk is slow to answer — try again.", rep.Text)
	assert.ErrorIs(t, rep.Err, context.Canceled)

	done := make(chan Reply)
	go func() { done <- e.handle(req("cole", "/spotlight", "alice")) }()
	close(release)
	assert.Equal(t, OK, (<-done).Outcome)
	assert.Equal(t, 1, e.conf.Count("Members"))
}

// TestEveryControlIsRefusedToMembers: every command of the control table
// that needs the host or a co-host, sent by a plain member, is refused
// with no control call at all.
func TestEveryControlIsRefusedToMembers(t *testing.T) {
	t.Parallel()
	reg := newRegistry(builtins())
	for _, ctl := range controlTable() {
		switch {
		case ctl.verb == (Text{}), ctl.command == "confirm": // /confirm first needs a /remove to confirm
			continue
		case strings.HasPrefix(ctl.command, "meeting.") && ctl.action != "": // bookings: anyone books, the organiser changes
			continue
		}
		def, ok := reg.byName[strings.ReplaceAll(ctl.command, ".", " ")]
		require.True(t, ok, ctl.command)
		for _, lang := range []Lang{English, Chinese} {
			text := def.Examples[0].In(lang)
			t.Run(text, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				rep := e.handle(req("olga", text, "alice"))
				assert.Equal(t, Refused, rep.Outcome, rep.Text)
				assert.Empty(t, e.conf.controlCalls())
				assert.Zero(t, e.conf.Count("Live"))
			})
		}
	}
}
