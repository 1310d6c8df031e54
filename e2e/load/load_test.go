package load

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The load benchmark: meetbot against the fastest bot on the same SDK.
//
//	go test -run '^TestLoad$' -count=1 -v . -load
//
// It starts the DingTalk emulator in this process, then runs each bot as a
// child process against it (see load_child_test.go) through three phases:
// cold (two commands per chat on empty caches), burst (K commands over C
// chats pushed at once) and sustained (R commands a second for T). It
// prints one table with both bots and the meetbot/baseline ratios.
var (
	loadOn      = flag.Bool("load", os.Getenv("MEETBOT_LOAD") == "1", "run the load benchmark (or MEETBOT_LOAD=1)")
	loadK       = flag.Int("load.k", 5000, "burst: commands pushed at once")
	loadC       = flag.Int("load.c", 50, "chats (one live meeting each)")
	loadR       = flag.Int("load.r", 500, "sustained: commands per second")
	loadT       = flag.Duration("load.t", 10*time.Second, "sustained: duration")
	loadBots    = flag.String("load.bots", "baseline,meetbot", "bots to run, in order")
	loadProfile = flag.String("load.profile", "", "directory for each child's CPU and allocation profiles")
	loadProcs   = flag.Int("load.procs", 2, "GOMAXPROCS of each child bot")
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
	calls map[string]int
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
	var results []botResult
	for _, kind := range strings.Split(*loadBots, ",") {
		l := &loadRun{t: t, emu: emu, cur: &cur, chats: chats, kind: strings.TrimSpace(kind)}
		results = append(results, l.run())
	}
	t.Log("\n" + loadTable(results))
}

// loadRun drives one bot through the phases.
type loadRun struct {
	t     *testing.T
	emu   *dingtalktest.Server
	cur   *atomic.Pointer[tracker]
	chats []loadChat
	kind  string
	child *childProc
}

func (l *loadRun) run() botResult {
	l.waitDisconnected()
	l.child = startChild(l.t, l.kind, l.emu.URL(), l.profilePath)
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
	return filepath.Join(*loadProfile, l.kind+"."+what+".pprof")
}

// phase pushes n messages with push, waits for every reply (or gives up
// after a generous deadline) and measures what happened meanwhile.
func (l *loadRun) phase(n int, push func(*tracker)) phase {
	tr := newTracker(n)
	l.cur.Store(tr)
	defer l.cur.Store(nil)
	calls0 := len(l.emu.Calls())
	before := l.child.stats(l.t)
	push(tr)
	ctx, cancel := context.WithTimeout(context.Background(), *loadT+60*time.Second)
	defer cancel()
	tr.wait(ctx)
	p := phase{lat: tr.summary(), cost: l.child.stats(l.t).minus(before)}
	p.calls = countCalls(l.emu.Calls()[calls0:])
	return p
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
