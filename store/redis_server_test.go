package store

import (
	"bytes"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// redisServer is a redis-server process a test started.
type redisServer struct {
	cmd *exec.Cmd
	out *syncBuffer
}

// syncBuffer is a bytes.Buffer the process and the test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freePort returns a loopback port nothing listens on (a moment ago).
func freePort(t *testing.T) int {
	t.Helper()
	_, port, err := net.SplitHostPort(closedAddr(t))
	require.NoError(t, err)
	n, err := strconv.Atoi(port)
	require.NoError(t, err)
	return n
}

// startRedisServer runs redis-server with args until the test ends and
// waits until port accepts connections. It skips the test when
// redis-server is not installed, and when it exits at once saying
// something that contains skipIf (if not empty), e.g. a build without TLS.
func startRedisServer(t *testing.T, port int, skipIf string, args ...string) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed (apt-get install redis-server): skipping")
	}
	s := &redisServer{cmd: exec.Command(bin, args...), out: &syncBuffer{}}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	require.NoError(t, s.cmd.Start())
	exited := make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-exited
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			if skipIf != "" && strings.Contains(s.out.String(), skipIf) {
				t.Skipf("redis-server cannot run this test: %s", lastLine(s.out.String()))
			}
			require.FailNow(t, "redis-server exited", "%s", s.out.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			assert.NoError(t, c.Close())
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.FailNow(t, "redis-server never listened", "on %s:\n%s", addr, s.out.String())
	return nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
