package load

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/internal/app"
)

// The child side of the load benchmarks. TestLoad and TestScaleManyOrgs
// re-execute the test binary with -test.run=^TestLoadChild$ and
// MEETBOT_LOAD_CHILD=meetbot, sdk or control, so each bot is its own
// process with its own RSS, CPU time and allocation counters. The child
// reads commands on stdin, one per line: "stats" prints a statsLine;
// "idle" collects garbage, returns it to the OS and prints a statsLine
// with the resting RSS; "heap PATH" writes an in-use heap profile; "exit"
// stops the bot and returns.

// Environment of a child.
const (
	envChild      = "MEETBOT_LOAD_CHILD"      // meetbot | sdk | control
	envChildURL   = "MEETBOT_LOAD_URL"        // the emulator
	envChildStore = "MEETBOT_LOAD_STORE"      // meetbot's store
	envChildCPU   = "MEETBOT_LOAD_CPUPROFILE" // optional CPU profile path
	envChildHeap  = "MEETBOT_LOAD_HEAPPROFILE"
	envChildApp   = "MEETBOT_LOAD_APP_TYPE" // meetbot's DINGTALK_APP_TYPE (default internal)
	envChildWatch = "MEETBOT_LOAD_WATCH"    // meetbot's MEETBOT_WATCH_INTERVAL
	envChildWorld = "MEETBOT_LOAD_WORLD"    // the control echo's controlWorld (a JSON file)
	envChildRate  = "MEETBOT_LOAD_MEMRATE"  // runtime.MemProfileRate, "1" to count live timers
	statsPrefix   = "LOADSTATS "
)

// childConfig is what every bot needs.
type childConfig struct {
	url, clientID, clientSecret, store string
	workers, queue                     int
}

// statsLine is what a child reports about itself. RSS and Timers are
// measured by "idle" only; Timers is -1 unless every allocation is
// profiled (envChildRate=1).
type statsLine struct {
	Mallocs    uint64        `json:"mallocs"`
	AllocBytes uint64        `json:"allocBytes"`
	CPU        time.Duration `json:"cpu"`
	Goroutines int           `json:"goroutines"`
	HeapInuse  uint64        `json:"heapInuse"`
	HeapAlloc  uint64        `json:"heapAlloc"`
	StackInuse uint64        `json:"stackInuse"`
	RSS        int64         `json:"rss"`
	RSSFile    int64         `json:"rssFile"` // of RSS, pages of mapped files (bbolt's)
	Timers     int64         `json:"timers"`
	// HTTPGoroutines and HTTPTimers are the goroutines and timers of the
	// HTTP clients' connections (idle keep-alive ones included): they
	// follow the concurrency of recent calls, not the organisations.
	HTTPGoroutines int   `json:"httpGoroutines"`
	HTTPTimers     int64 `json:"httpTimers"`
}

func TestLoadChild(t *testing.T) {
	kind := os.Getenv(envChild)
	if kind == "" {
		t.Skip("run by TestLoad and TestScaleManyOrgs only")
	}
	if os.Getenv(envChildRate) == "1" {
		runtime.MemProfileRate = 1
	}
	cfg := childConfig{url: os.Getenv(envChildURL), clientID: "dingemulatorapp", clientSecret: "emulator-secret",
		store: os.Getenv(envChildStore), workers: 64, queue: 20000}
	stopCPU := startCPUProfile(t, os.Getenv(envChildCPU))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stop func()
	switch kind {
	case "meetbot":
		stop = runChildMeetbot(ctx, t, cfg)
	case "sdk":
		b, err := startBaseline(ctx, cfg)
		require.NoError(t, err)
		stop = b.stop
	case "control":
		c, err := startControl(ctx, cfg, readWorld(t, os.Getenv(envChildWorld)))
		require.NoError(t, err)
		stop = c.stop
	default:
		t.Fatalf("%s=%q: want meetbot, sdk or control", envChild, kind)
	}
	serveStats(t)
	cancel()
	stop()
	stopCPU()
	writeHeapProfile(t, os.Getenv(envChildHeap), "allocs")
}

// runChildMeetbot runs the real meetbot: start and wait from app.go, the
// client-side limiter off, the store the parent chose, JSON logs at info
// level on stderr as in production, the watcher at the parent's interval.
func runChildMeetbot(ctx context.Context, t *testing.T, c childConfig) func() {
	watch, err := time.ParseDuration(os.Getenv(envChildWatch))
	require.NoError(t, err, envChildWatch)
	cfg := config.Config{
		ClientID: c.clientID, ClientSecret: c.clientSecret, APIURL: c.url, OAPIURL: c.url,
		AppType: config.AppInternal, Store: c.store, HTTPAddr: "127.0.0.1:0", APIQPS: 0,
		CommandTimeout: 10 * time.Second, Workers: c.workers, Queue: c.queue, LogLevel: "info", LogFormat: "json",
		WatchInterval: watch,
	}
	if app := os.Getenv(envChildApp); app != "" {
		cfg.AppType = app
	}
	log := zerolog.New(os.Stderr).Level(zerolog.InfoLevel).With().Timestamp().Logger()
	a, err := app.Start(ctx, cfg, log)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- a.Wait(ctx) }()
	return func() { require.NoError(t, <-done) }
}

func readWorld(t *testing.T, path string) controlWorld {
	b, err := os.ReadFile(path)
	require.NoError(t, err, envChildWorld)
	var w controlWorld
	require.NoError(t, json.Unmarshal(b, &w))
	return w
}

// serveStats answers the parent's commands until "exit" or stdin closes.
func serveStats(t *testing.T) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var s statsLine
		switch cmd := in.Text(); {
		case cmd == "exit":
			return
		case cmd == "stats":
			s = ownStats()
		case cmd == "idle":
			s = idleStats(t)
		case strings.HasPrefix(cmd, "heap "):
			runtime.GC()
			writeHeapProfile(t, strings.TrimPrefix(cmd, "heap "), "heap")
			s = ownStats()
		default:
			continue
		}
		b, err := json.Marshal(s)
		require.NoError(t, err)
		_, err = fmt.Fprintf(os.Stdout, "%s%s\n", statsPrefix, b)
		require.NoError(t, err)
	}
}

// idleStats is ownStats after two collections (the memory profile shows
// the heap as of the last completed one) and returning freed memory to
// the OS, with the resting RSS and the live timers.
func idleStats(t *testing.T) statsLine {
	runtime.GC()
	runtime.GC()
	debug.FreeOSMemory()
	s := ownStats()
	var err error
	s.RSS, err = procStatus(os.Getpid(), "VmRSS")
	require.NoError(t, err)
	s.RSSFile, err = procStatus(os.Getpid(), "RssFile")
	require.NoError(t, err)
	s.Timers, s.HTTPTimers = liveTimers()
	s.HTTPGoroutines = httpGoroutines()
	return s
}

// httpGoroutines counts the goroutines of net/http connections, from the
// goroutine profile (stacks grouped, with counts).
func httpGoroutines() int {
	var buf bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&buf, 1)
	n := 0
	for _, block := range strings.Split(buf.String(), "\n\n") {
		if !strings.Contains(block, "net/http.(*persistConn)") {
			continue
		}
		var count int
		if _, err := fmt.Sscanf(block, "%d @", &count); err == nil {
			n += count
		}
	}
	return n
}

// liveTimers counts the timers (time.Timer, time.Ticker, time.AfterFunc,
// context deadlines) in the heap, from the memory profile, and those made
// by net/http: only when every allocation is profiled, else -1.
func liveTimers() (all, byHTTP int64) {
	if runtime.MemProfileRate != 1 {
		return -1, -1
	}
	n, _ := runtime.MemProfile(nil, true)
	recs := make([]runtime.MemProfileRecord, n+64)
	n, _ = runtime.MemProfile(recs, true)
	for _, r := range recs[:n] {
		if r.InUseObjects() == 0 {
			continue
		}
		timer, http := false, false
		frames := runtime.CallersFrames(r.Stack())
		for more := true; more; {
			var f runtime.Frame
			f, more = frames.Next()
			timer = timer || f.Function == "time.newTimer"
			http = http || strings.HasPrefix(f.Function, "net/http.")
		}
		if timer {
			all += r.InUseObjects()
			if http {
				byHTTP += r.InUseObjects()
			}
		}
	}
	return all, byHTTP
}

// ownStats reads the process's allocation counters and CPU time.
func ownStats() statsLine {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return statsLine{Mallocs: ms.Mallocs, AllocBytes: ms.TotalAlloc, CPU: cpu, Goroutines: runtime.NumGoroutine(),
		HeapInuse: ms.HeapInuse, HeapAlloc: ms.HeapAlloc, StackInuse: ms.StackInuse, Timers: -1, HTTPTimers: -1}
}

func startCPUProfile(t *testing.T, path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		require.NoError(t, f.Close())
	}
}

// writeHeapProfile writes the "allocs" or "heap" profile (the same data,
// shown by default as allocations or as what is in use).
func writeHeapProfile(t *testing.T, path, which string) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, pprof.Lookup(which).WriteTo(f, 0))
}

// procStatus reads a size field of a running process's
// /proc/PID/status (VmHWM: peak RSS, VmRSS: RSS now), in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int64
		if _, err := fmt.Sscanf(sc.Text(), field+": %d kB", &kb); err == nil {
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}
