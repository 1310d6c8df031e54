package load

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/internal/app"
)

// The child side of the load benchmark. TestLoad re-executes the test
// binary with -test.run=^TestLoadChild$ and MEETBOT_LOAD_CHILD=meetbot or
// baseline, so each bot is its own process with its own RSS, CPU time and
// allocation counters. The child reads commands on stdin, one per line:
// "stats" prints a statsLine; "exit" stops the bot and returns.

// Environment of a child.
const (
	envChild      = "MEETBOT_LOAD_CHILD"      // meetbot | baseline
	envChildURL   = "MEETBOT_LOAD_URL"        // the emulator
	envChildStore = "MEETBOT_LOAD_STORE"      // meetbot's store
	envChildCPU   = "MEETBOT_LOAD_CPUPROFILE" // optional CPU profile path
	envChildHeap  = "MEETBOT_LOAD_HEAPPROFILE"
	statsPrefix   = "LOADSTATS "
)

// childConfig is what both bots need.
type childConfig struct {
	url, clientID, clientSecret, store string
	workers, queue                     int
}

// statsLine is what a child reports about itself.
type statsLine struct {
	Mallocs    uint64        `json:"mallocs"`
	AllocBytes uint64        `json:"allocBytes"`
	CPU        time.Duration `json:"cpu"`
}

func TestLoadChild(t *testing.T) {
	kind := os.Getenv(envChild)
	if kind == "" {
		t.Skip("run by TestLoad only")
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
	case "baseline":
		b, err := startBaseline(ctx, cfg)
		require.NoError(t, err)
		stop = b.stop
	default:
		t.Fatalf("%s=%q: want meetbot or baseline", envChild, kind)
	}
	serveStats(t)
	cancel()
	stop()
	stopCPU()
	writeHeapProfile(t, os.Getenv(envChildHeap))
}

// runChildMeetbot runs the real meetbot: start and wait from app.go, the
// client-side limiter off, the store in the parent's temp dir, JSON logs
// at info level on stderr as in production.
func runChildMeetbot(ctx context.Context, t *testing.T, c childConfig) func() {
	cfg := config.Config{
		ClientID: c.clientID, ClientSecret: c.clientSecret, APIURL: c.url, OAPIURL: c.url,
		Store: c.store, HTTPAddr: "127.0.0.1:0", APIQPS: 0, CommandTimeout: 10 * time.Second,
		Workers: c.workers, Queue: c.queue, LogLevel: "info", LogFormat: "json",
	}
	log := zerolog.New(os.Stderr).Level(zerolog.InfoLevel).With().Timestamp().Logger()
	a, err := app.Start(ctx, cfg, log)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- a.Wait(ctx) }()
	return func() { require.NoError(t, <-done) }
}

// serveStats answers the parent's commands until "exit" or stdin closes.
func serveStats(t *testing.T) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "stats":
			b, err := json.Marshal(ownStats())
			require.NoError(t, err)
			_, err = fmt.Fprintf(os.Stdout, "%s%s\n", statsPrefix, b)
			require.NoError(t, err)
		case "exit":
			return
		}
	}
}

// ownStats reads the process's allocation counters and CPU time.
func ownStats() statsLine {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return statsLine{Mallocs: ms.Mallocs, AllocBytes: ms.TotalAlloc, CPU: cpu}
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

func writeHeapProfile(t *testing.T, path string) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, pprof.Lookup("allocs").WriteTo(f, 0))
}

// peakRSS is VmHWM of a running process, in bytes.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int64
		if _, err := fmt.Sscanf(sc.Text(), "VmHWM: %d kB", &kb); err == nil {
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
