package load

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The load benchmark (issue 18): meetbot against a control echo, the least
// a bot can do per command and still make meetbot's steady-state calls,
// and against an echo bot on the stream SDK.
//
//	go test -run '^TestLoad$' -count=1 -v ./e2e/load -load -load.rounds=3
//
// It starts the DingTalk emulator in this process, then runs each bot as a
// child process against it (see child_test.go) through three phases: cold
// (two commands per chat on empty caches), burst (K commands over C chats
// pushed at once) and sustained (R commands a second for T). Each round
// runs every bot in turn and prints one table with all of them and the
// meetbot/control and meetbot/SDK ratios; with several rounds a summary of
// the targets' ratios follows.
var (
	loadOn      = flag.Bool("load", os.Getenv("MEETBOT_LOAD") == "1", "run the load benchmark (or MEETBOT_LOAD=1)")
	loadK       = flag.Int("load.k", 3000, "burst: commands pushed at once")
	loadC       = flag.Int("load.c", 50, "chats (one live meeting each)")
	loadR       = flag.Int("load.r", 500, "sustained: commands per second")
	loadT       = flag.Duration("load.t", 10*time.Second, "sustained: duration")
	loadBots    = flag.String("load.bots", "control,sdk,meetbot", "bots to run, in order: control, sdk, meetbot")
	loadRounds  = flag.Int("load.rounds", 1, "rounds: every bot runs once per round, in -load.bots order")
	loadWatch   = flag.Duration("load.watch", time.Minute, "meetbot's MEETBOT_WATCH_INTERVAL (0 = no watcher)")
	loadProfile = flag.String("load.profile", "", "directory for each child's CPU and allocation profiles")
	loadProcs   = flag.Int("load.procs", 2, "GOMAXPROCS of each child bot")
)

// Bot kinds.
const (
	kindControl = "control"
	kindSDK     = "sdk"
	kindMeetbot = "meetbot"
)

// botResult is everything measured for one bot.
type botResult struct {
	kind                  string
	cold, burst, sustain  phase
	steady                statsLine // burst + sustained
	steadyCmds            int
	peakRSS               int64
	childCPU              time.Duration // whole process life
	chats, newPeoplePerCh int
}

// phase is one phase's latency, API calls and the child's own cost.
type phase struct {
	lat   latency
	calls map[string]int // by purpose
	kinds map[string]int // by endpoint kind
	cost  statsLine
}

func TestLoad(t *testing.T) {
	if !*loadOn {
		t.Skip("load benchmark: run with -load or MEETBOT_LOAD=1")
	}
	if *loadProfile != "" {
		require.NoError(t, os.MkdirAll(*loadProfile, 0o755))
	}
	var cur atomic.Pointer[tracker]
	var emuRef atomic.Pointer[dingtalktest.Server]
	emu, err := dingtalktest.Start("127.0.0.1:0", dingtalktest.Options{OnCall: func(c dingtalktest.Call) {
		tr, e := cur.Load(), emuRef.Load()
		if tr == nil || e == nil {
			return
		}
		if id, ok := e.WebhookMsgID(c); ok {
			tr.reply(id, time.Now())
		}
	}})
	require.NoError(t, err)
	defer emu.Close()
	emuRef.Store(emu)
	chats := seedLoad(emu, *loadC)
	world := writeWorld(t, emu, chats)
	var rounds [][]botResult
	for round := range *loadRounds {
		var results []botResult
		for _, kind := range strings.Split(*loadBots, ",") {
			l := &loadRun{t: t, emu: emu, cur: &cur, chats: chats, kind: strings.TrimSpace(kind), round: round, world: world}
			results = append(results, l.run())
		}
		t.Logf("round %d of %d\n%s", round+1, *loadRounds, loadTable(results))
		rounds = append(rounds, results)
	}
	if len(rounds) > 1 {
		t.Log("\n" + roundsSummary(rounds))
	}
}

// loadRun drives one bot through the phases.
type loadRun struct {
	t     *testing.T
	emu   *dingtalktest.Server
	cur   *atomic.Pointer[tracker]
	chats []loadChat
	kind  string
	round int
	world string // the control echo's world file
	child *childProc
	cls   *classifier
	mark  int // calls recorded before the current phase
}

func (l *loadRun) run() botResult {
	l.waitDisconnected()
	if l.kind == "baseline" { // the SDK echo's old name
		l.kind = kindSDK
	}
	l.cls, l.mark = newClassifier(), len(l.emu.Calls())
	l.child = startChild(l.t, childSpec{kind: l.kind, url: l.emu.URL(), profile: l.profilePath,
		env: []string{envChildWorld + "=" + l.world, envChildWatch + "=" + loadWatch.String()}})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(l.t, l.emu.WaitConnected(ctx, 1), "%s did not connect", l.kind)
	r := botResult{kind: l.kind, chats: len(l.chats), newPeoplePerCh: 3}
	r.cold = l.phase(2*len(l.chats), l.pushCold)
	before := l.child.stats(l.t)
	r.burst = l.phase(*loadK, l.pushBurst)
	r.sustain = l.phase(*loadR*int(loadT.Seconds()), l.pushSustained)
	r.steady = l.child.stats(l.t).minus(before)
	r.steadyCmds = r.burst.lat.sent + r.sustain.lat.sent
	r.peakRSS, r.childCPU = l.child.exit(l.t)
	return r
}

func (l *loadRun) profilePath(what string) string {
	if *loadProfile == "" {
		return ""
	}
	name := l.kind + "." + what + ".pprof"
	if *loadRounds > 1 {
		name = fmt.Sprintf("%s.r%d.%s.pprof", l.kind, l.round+1, what)
	}
	return filepath.Join(*loadProfile, name)
}

// phase pushes n messages with push, waits for every reply (or gives up
// after a generous deadline) and measures what happened meanwhile. Its
// calls are those recorded since the previous phase ended (the cold
// phase's include the bot's start).
func (l *loadRun) phase(n int, push func(*tracker)) phase {
	tr := newTracker(n)
	l.cur.Store(tr)
	defer l.cur.Store(nil)
	before := l.child.stats(l.t)
	push(tr)
	ctx, cancel := context.WithTimeout(context.Background(), *loadT+60*time.Second)
	defer cancel()
	tr.wait(ctx)
	p := phase{lat: tr.summary(), cost: l.child.stats(l.t).minus(before)}
	calls := l.emu.Calls()
	p.calls, p.kinds = l.cls.count(calls[l.mark:]), countCalls(calls[l.mark:])
	l.mark = len(calls)
	return p
}

// writeWorld writes what the control echo knows in advance: each chat's
// meeting, whom "/spotlight off" focuses, everyone's unionId.
func writeWorld(t *testing.T, emu *dingtalktest.Server, chats []loadChat) string {
	w := controlWorld{Chats: map[string]controlChat{}, Unions: map[string]string{}}
	union := func(id string) string {
		u, ok := emu.User(id)
		require.True(t, ok, id)
		w.Unions[id] = u.UnionID
		return u.UnionID
	}
	for _, c := range chats {
		w.Chats[c.chat.ID] = controlChat{Meeting: c.meeting, Default: union(c.x)}
		union(c.y)
	}
	b, err := json.Marshal(w)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "world.json")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

// pushCold sends each chat two commands: spotlight @x, then cohost add @y
// (the first mention of three new people per chat). The chat's cycle then
// goes on at its step 3, so the next co-host command removes @y.
func (l *loadRun) pushCold(tr *tracker) {
	for _, k := range []int{0, 2} {
		for _, c := range l.chats {
			tr.push(l.emu, c.commandAt(k, ""))
		}
	}
	for _, c := range l.chats {
		c.sent.Store(3)
	}
}

// pushBurst sends K commands round-robin over the chats, all at once.
func (l *loadRun) pushBurst(tr *tracker) {
	for i := range *loadK {
		c := l.chats[i%len(l.chats)]
		tr.push(l.emu, c.command(i/len(l.chats), ""))
	}
}

// pushSustained sends R commands a second for T, round-robin over the
// chats, each at its scheduled time (sleeping only to pace the sender).
func (l *loadRun) pushSustained(tr *tracker) {
	n := *loadR * int(loadT.Seconds())
	every := time.Second / time.Duration(*loadR)
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * every)); d > 0 {
			time.Sleep(d)
		}
		c := l.chats[i%len(l.chats)]
		tr.push(l.emu, c.command(i/len(l.chats), ""))
	}
}

// waitDisconnected waits until the previous child's stream is gone, so
// the next child's connection is the only one taking pushes.
func (l *loadRun) waitDisconnected() {
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for l.emu.Connections() > 0 {
		require.True(l.t, time.Now().Before(deadline), "a previous bot is still connected")
		<-tick.C
	}
}
