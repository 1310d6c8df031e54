package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// crashChildEnv, when set to a file path, turns TestBoltCrashSafety into
// the child that writes to that file until it is killed.
const crashChildEnv = "MEETBOT_STORE_CRASH_CHILD"

// crashValue is the value the child writes at key: big enough to span
// pages once many are batched, and checkable after the crash.
func crashValue(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return bytes.Repeat(sum[:], 16)
}

func TestBoltCrashSafety(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		runCrashChild(path)
		return
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBoltCrashSafety$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	watchdog := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()

	committed := readCommitted(out, 500, func() { _ = cmd.Process.Kill() })
	err = cmd.Wait()
	require.Error(t, err, "the child must have been killed, not exit")
	assert.Contains(t, err.Error(), "killed")
	require.GreaterOrEqual(t, len(committed), 500, "the child wrote too little before dying")
	t.Logf("%d writes reported before SIGKILL", len(committed))

	b, err := OpenBolt(path)
	require.NoError(t, err, "the file opens after SIGKILL")
	defer func() { assert.NoError(t, b.Close()) }()
	checkIntegrity(t, b)
	for _, key := range committed {
		got, ok, err := b.Get(context.Background(), key)
		require.NoError(t, err)
		require.True(t, ok, "committed key %s lost", key)
		require.Equal(t, crashValue(key), got, "committed key %s damaged", key)
	}
}

// readCommitted collects the keys the child reported as written, calls kill
// once it has seen after of them, and returns every key reported up to EOF.
func readCommitted(out io.Reader, after int, kill func()) []string {
	var keys []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		key, ok := strings.CutPrefix(sc.Text(), "ok ")
		if !ok {
			continue
		}
		keys = append(keys, key)
		if len(keys) == after {
			kill() // SIGKILL while the writers are busy
		}
	}
	return keys
}

// checkIntegrity runs bbolt's consistency check over the whole file.
func checkIntegrity(t *testing.T, b *Bolt) {
	t.Helper()
	require.NoError(t, b.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			assert.NoError(t, err)
		}
		return nil
	}))
}

// runCrashChild writes keys from several goroutines and prints "ok <key>"
// after each write returns, until it is killed. It exits by itself after a
// minute so an orphan never runs forever.
func runCrashChild(path string) {
	b, err := OpenBolt(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	for w := range 8 {
		go func() {
			for i := 0; ; i++ {
				key := fmt.Sprintf("w%d-%d", w, i)
				if err := b.Set(context.Background(), key, crashValue(key), 0); err != nil {
					fmt.Fprintln(os.Stderr, "crash child:", err)
					os.Exit(2)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "ok %s\n", key)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Minute) // not synchronisation: the orphan guard
	os.Exit(3)
}
