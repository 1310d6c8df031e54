package load

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// The store's size after the many-organisations benchmark: bytes of keys
// and values by kind of key (the part after "meetbot:" and before the next
// colon), plus the bbolt file size or Redis's used_memory growth.

// storeSize is what the bot left in its store.
type storeSize struct {
	backend string
	keys    map[string]int   // by kind
	bytes   map[string]int64 // by kind: keys+values (bbolt), MEMORY USAGE (Redis)
	total   int64            // file size (bbolt), used_memory growth (Redis)
}

func newStoreSize(backend string) storeSize {
	return storeSize{backend: backend, keys: map[string]int{}, bytes: map[string]int64{}}
}

func (z storeSize) add(key string, n int64) {
	kind := strings.TrimPrefix(key, "meetbot:")
	kind, _, _ = strings.Cut(kind, ":")
	z.keys[kind]++
	z.bytes[kind] += n
}

// openStore returns the store DSN of the pass and how to measure it once
// the bot has exited.
func (s *scaleRun) openStore() (string, func() storeSize) {
	switch s.store {
	case "bbolt":
		path := filepath.Join(s.t.TempDir(), "meetbot.db")
		return path, func() storeSize { return boltSize(s.t, path) }
	case "redis":
		addr := startRedis(s.t)
		c := redis.NewClient(&redis.Options{Addr: addr})
		s.t.Cleanup(func() { _ = c.Close() })
		before := usedMemory(s.t, c)
		return "redis://" + addr + "/0", func() storeSize { return redisSize(s.t, c, before) }
	}
	s.t.Fatalf("-load.stores: %q is neither bbolt nor redis", s.store)
	return "", nil
}

// boltSize walks the bbolt file: the kv bucket's records, and the
// entries of each list's bucket under lists (store/bolt_list.go).
func boltSize(t require.TestingT, path string) storeSize {
	z := newStoreSize("bbolt")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	z.total = fi.Size()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("kv")).ForEach(func(k, v []byte) error {
			z.add(string(k), int64(len(k)+len(v)))
			return nil
		}); err != nil {
			return err
		}
		lists := tx.Bucket([]byte("lists"))
		return lists.ForEachBucket(func(name []byte) error {
			return lists.Bucket(name).ForEach(func(k, v []byte) error {
				z.bytes[listKind(string(name))] += int64(len(k) + len(v))
				return nil
			})
		})
	}))
	return z
}

func listKind(key string) string {
	kind, _, _ := strings.Cut(strings.TrimPrefix(key, "meetbot:"), ":")
	return kind
}

// redisSize sums MEMORY USAGE over every key, and used_memory's growth
// since before.
func redisSize(t require.TestingT, c *redis.Client, before int64) storeSize {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	z := newStoreSize("redis")
	z.total = usedMemory(t, c) - before
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		n, err := c.MemoryUsage(ctx, iter.Val(), 0).Result()
		require.NoError(t, err)
		z.add(iter.Val(), n)
	}
	require.NoError(t, iter.Err())
	return z
}

// usedMemory is INFO memory's used_memory.
func usedMemory(t require.TestingT, c *redis.Client) int64 {
	info, err := c.Info(context.Background(), "memory").Result()
	require.NoError(t, err)
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(t, err)
			return n
		}
	}
	require.FailNow(t, "no used_memory in INFO memory")
	return 0
}

// startRedis runs a private redis-server (no persistence) until the test
// ends, so the measurement sees the bot's keys alone, and returns its
// address.
func startRedis(t *testing.T) string {
	bin, err := exec.LookPath("redis-server")
	require.NoError(t, err, "redis-server is not installed (apt-get install redis-server)")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir())
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			_ = c.Close()
			return addr
		}
	}
	require.FailNow(t, "redis-server never listened on "+addr)
	return ""
}

// haveRedis reports whether a Redis pass can run.
func haveRedis() bool {
	_, err := exec.LookPath("redis-server")
	return err == nil
}
