package load

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// childProc is a bot running in a child process of the load benchmark.
type childProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan statsLine
}

// childSpec says which bot a child process runs, and how.
type childSpec struct {
	kind    string // meetbot | sdk | control
	url     string // the emulator
	store   string // meetbot's store: "" = a bbolt file in the child's temp dir
	env     []string
	profile func(what string) string // the child's profile files ("" = none)
}

// startChild re-executes this test binary as a bot. Its stderr (the bot's
// log) goes to a file in a temp dir.
func startChild(t *testing.T, s childSpec) *childProc {
	dir := t.TempDir()
	if s.store == "" {
		s.store = filepath.Join(dir, "meetbot.db")
	}
	if s.profile == nil {
		s.profile = func(string) string { return "" }
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"="+s.kind, envChildURL+"="+s.url, envChildStore+"="+s.store,
		envChildCPU+"="+s.profile("cpu"), envChildHeap+"="+s.profile("allocs"),
		"GOMAXPROCS="+strconv.Itoa(*loadProcs))
	cmd.Env = append(cmd.Env, s.env...)
	logf, err := os.Create(filepath.Join(dir, s.kind+".log"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = logf.Close() })
	cmd.Stderr = logf
	c := &childProc{cmd: cmd, lines: make(chan statsLine, 1)}
	c.stdin, err = cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // no-op once it exited
	go c.read(out)
	return c
}

// read forwards the child's stats lines; other output (the test
// framework's PASS) is dropped.
func (c *childProc) read(out io.Reader) {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), statsPrefix)
		if !ok {
			continue
		}
		var s statsLine
		if json.Unmarshal([]byte(line), &s) == nil {
			c.lines <- s
		}
	}
	close(c.lines)
}

// stats asks the child for its counters.
func (c *childProc) stats(t *testing.T) statsLine { return c.ask(t, "stats") }

// idle asks the child for its counters after a garbage collection that
// returns freed memory to the OS: its resting RSS, heap and goroutines.
func (c *childProc) idle(t *testing.T) statsLine { return c.ask(t, "idle") }

// heapProfile has the child write an in-use heap profile to path.
func (c *childProc) heapProfile(t *testing.T, path string) { c.ask(t, "heap "+path) }

func (c *childProc) ask(t *testing.T, command string) statsLine {
	_, err := fmt.Fprintln(c.stdin, command)
	require.NoError(t, err)
	select {
	case s, ok := <-c.lines:
		require.True(t, ok, "child exited")
		return s
	case <-time.After(60 * time.Second):
		require.FailNow(t, "child did not answer", "%q", command)
	}
	return statsLine{}
}

// exit reads the child's peak RSS, stops it and returns its total CPU time.
func (c *childProc) exit(t *testing.T) (peak int64, cpu time.Duration) {
	peak, err := procStatus(c.cmd.Process.Pid, "VmHWM")
	require.NoError(t, err)
	_, err = fmt.Fprintln(c.stdin, "exit")
	require.NoError(t, err)
	require.NoError(t, c.cmd.Wait(), "child failed; its log is in the test's temp dir")
	ps := c.cmd.ProcessState
	return peak, ps.UserTime() + ps.SystemTime()
}

// minus is the difference of two snapshots.
func (s statsLine) minus(before statsLine) statsLine {
	return statsLine{Mallocs: s.Mallocs - before.Mallocs, AllocBytes: s.AllocBytes - before.AllocBytes,
		CPU: s.CPU - before.CPU}
}
