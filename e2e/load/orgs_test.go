package load

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The many-organisations benchmark (issue 18): meetbot as a third-party
// app installed by O organisations with N chats each, every chat bound to
// a meeting of its own by "/meeting use <room code>" from the meeting's
// host. It measures corp-token fetches per organisation, goroutines and
// live timers before and after binding, the RSS and heap growth per idle
// bound chat, the store's size per bound chat (bbolt and Redis), DingTalk
// calls per binding by purpose, and the latency of one busy organisation
// with only it bound against the same with every other one bound and idle.
//
// The default is a quick run (20 organisations × 2 chats) that is part of
// the normal tests; the measurement is
//
//	go test -run '^TestScaleManyOrgs$' -count=1 -v -timeout 30m ./e2e/load \
//	    -load.orgs=1000 -load.orgchats=5 -load.busy=500 -load.idle=15s
var (
	scaleOrgs     = flag.Int("load.orgs", 20, "many organisations: organisations (TestScaleManyOrgs)")
	scaleChats    = flag.Int("load.orgchats", 2, "many organisations: chats per organisation, each bound")
	scaleBusy     = flag.Int("load.busy", 30, "many organisations: commands of the busy organisation, per phase")
	scaleBusyRate = flag.Int("load.busyrate", 100, "many organisations: the busy organisation's commands per second")
	scaleBindRate = flag.Int("load.bindrate", 500, "many organisations: bindings pushed per second")
	scaleIdle     = flag.Duration("load.idle", 0, "many organisations: wait after binding before measuring the idle bot")
	scaleStores   = flag.String("load.stores", "bbolt,redis", "many organisations: stores to measure (redis: a redis-server the test starts)")
	scaleTimers   = flag.String("load.timers", "auto", "count live timers by profiling every allocation (inflates RSS): on, off, or auto (up to 100 organisations)")
)

// scaleResult is one store's pass.
type scaleResult struct {
	store         string
	orgs, chats   int               // organisations, and chats of all of them
	busyChats     int               // chats of the busy organisation
	bound         int               // chats whose binding the bot confirmed
	unbound       []string          // a few answers to bindings that did not bind
	tokens        map[string]int    // corp-token fetches per organisation
	bindLat       latency           // binding every organisation but the busy one
	bindCalls     map[string]int    // and its calls by purpose
	busyCalls     [2]map[string]int // calls of the busy phases
	base, one     statsLine         // idle: nothing bound; the busy organisation bound
	all           statsLine         // idle: everything bound
	alone, crowd  latency           // the busy organisation: only it bound; everyone bound
	peakRSS       int64
	storeBytes    storeSize
	watchCalls    int
	timersCounted bool
}

func TestScaleManyOrgs(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if *loadProfile != "" {
		require.NoError(t, os.MkdirAll(*loadProfile, 0o755))
	}
	var results []scaleResult
	for _, st := range splitList(*scaleStores) {
		if st == "redis" && !haveRedis() {
			t.Log("redis-server is not installed: no Redis pass")
			continue
		}
		results = append(results, runScale(t, st))
	}
	require.NotEmpty(t, results, "-load.stores")
	t.Log("\n" + scaleTable(results))
	for _, r := range results { // what must hold even in the quick run
		assert.Equal(t, r.chats, r.bound, "%s: chats bound", r.store)
		assert.Equal(t, r.alone.sent, r.alone.answered, "%s: busy commands answered, alone", r.store)
		assert.Equal(t, r.crowd.sent, r.crowd.answered, "%s: busy commands answered, all bound", r.store)
		assert.Len(t, r.tokens, r.orgs, "%s: every organisation fetched its token", r.store)
		for corp, n := range r.tokens {
			assert.Equal(t, 1, n, "%s: corp-token fetches of %s", r.store, corp)
		}
	}
}

// scaleRun is one pass: a fresh emulator and a fresh bot with one store.
type scaleRun struct {
	t     *testing.T
	emu   *dingtalktest.Server
	orgs  []scaleOrg
	child *childProc
	cls   *classifier
	mark  int
	cur   atomic.Pointer[tracker]             // the busy organisation's messages
	seen  atomic.Pointer[dingtalktest.Server] // emu, for onCall (set after the emulator starts)
	hooks atomic.Int64                        // successful webhook replies, any organisation
	binds []bindMsg
	store string
}

func runScale(t *testing.T, store string) scaleResult {
	s := &scaleRun{t: t, cls: newClassifier(), store: store}
	emu, err := dingtalktest.Start("127.0.0.1:0", dingtalktest.Options{ThirdParty: true, OnCall: s.onCall})
	require.NoError(t, err)
	defer emu.Close()
	s.emu = emu
	s.seen.Store(emu)
	s.orgs = seedOrgs(emu, *scaleOrgs, *scaleChats)
	dsn, measure := s.openStore()
	start := time.Now()
	s.child = startChild(t, childSpec{kind: kindMeetbot, url: emu.URL(), store: dsn, profile: s.profilePath,
		env: []string{envChildApp + "=" + config.AppThirdParty, envChildWatch + "=" + loadWatch.String(),
			envChildRate + "=" + s.memRate()}})
	s.connect()
	r := scaleResult{store: store, orgs: len(s.orgs), chats: len(s.orgs) * *scaleChats, busyChats: *scaleChats,
		timersCounted: s.memRate() == "1"}
	r.base = s.child.idle(t)
	s.bind(s.orgs[:1])
	s.busy(max(*scaleBusy/5, 6)) // warm-up: people cached, member lists fetched
	s.calls()
	r.alone, r.busyCalls[0] = s.busy(*scaleBusy), s.calls()
	r.one = s.idleProfile("one")
	r.bindLat = s.bind(s.orgs[1:])
	r.bindCalls = s.calls()
	time.Sleep(*scaleIdle)
	r.all = s.idleProfile("all")
	r.crowd, r.busyCalls[1] = s.busy(*scaleBusy), s.calls()
	r.bound, r.unbound = s.confirmBound()
	r.peakRSS, _ = s.child.exit(t)
	t.Logf("%s pass: %s", store, time.Since(start).Round(time.Second))
	r.tokens = corpTokenFetches(emu.Calls())
	r.watchCalls = newClassifier().count(emu.Calls())[purposeWatch]
	r.storeBytes = measure()
	return r
}

func (s *scaleRun) onCall(c dingtalktest.Call) {
	if c.Path != "/robot/sendBySession" || c.Status != 200 || c.Code != "" {
		return
	}
	s.hooks.Add(1)
	if tr, emu := s.cur.Load(), s.seen.Load(); tr != nil && emu != nil {
		if id, ok := emu.WebhookMsgID(c); ok {
			tr.reply(id, time.Now())
		}
	}
}

// memRate is the child's runtime.MemProfileRate setting: "1" to count
// live timers, "" to leave it.
func (s *scaleRun) memRate() string {
	if *scaleTimers == "on" || (*scaleTimers == "auto" && *scaleOrgs <= 100) {
		return "1"
	}
	return ""
}

// connect waits for the bot's stream and gives it a suite ticket.
func (s *scaleRun) connect() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(s.t, s.emu.WaitConnected(ctx, 1), "meetbot did not connect")
	id, _ := s.emu.PushSuiteTicket("ticket-scale")
	_, err := s.emu.WaitAck(ctx, id)
	require.NoError(s.t, err, "the suite ticket was not acked")
}

// calls classifies the calls recorded since the previous look.
func (s *scaleRun) calls() map[string]int {
	all := s.emu.Calls()
	n := s.cls.count(all[s.mark:])
	s.mark = len(all)
	return n
}

// idleProfile measures the idle bot and, with -load.profile, writes its
// in-use heap profile (compare two with go tool pprof -diff_base).
func (s *scaleRun) idleProfile(name string) statsLine {
	if p := s.profilePath("inuse-" + name); p != "" {
		s.child.heapProfile(s.t, p)
	}
	return s.child.idle(s.t)
}

func (s *scaleRun) profilePath(what string) string {
	if *loadProfile == "" {
		return ""
	}
	return filepath.Join(*loadProfile, fmt.Sprintf("orgs-%s.%s.pprof", s.store, what))
}

// corpTokenFetches counts the successful corp-token calls per
// organisation.
func corpTokenFetches(calls []dingtalktest.Call) map[string]int {
	n := map[string]int{}
	for _, c := range calls {
		if c.Path != "/v1.0/oauth2/corpAccessToken" || c.Status != 200 || c.Code != "" {
			continue
		}
		n[authCorp(c.Body)]++
	}
	return n
}
