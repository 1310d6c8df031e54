package testkit

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

// RedisTarget is a Redis deployment the tests run against when the
// environment variable Env holds its DSN.
type RedisTarget struct {
	Name    string // subtest name
	Env     string // variable holding the DSN
	Example string // what .ci/run sets it to
}

// RedisTargets are the deployments the Redis tests cover: one server and
// a Redis Cluster.
var RedisTargets = []RedisTarget{
	{Name: "single", Env: "MEETBOT_TEST_REDIS", Example: "redis://127.0.0.1:6379/15"},
	{Name: "cluster", Env: "MEETBOT_TEST_REDIS_CLUSTER",
		Example: "redis+cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002"},
}

// DSN returns the target's DSN, or skips t saying how to set it.
func (r RedisTarget) DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(r.Env)
	if dsn == "" {
		t.Skipf("%s is unset: skipping the Redis (%s) test; set it, e.g. %s=%s (.ci/run does)",
			r.Env, r.Name, r.Env, r.Example)
	}
	return dsn
}

// RedisKeys returns the keys matching the glob pattern. On a cluster it
// scans every master, since SCAN sees the keys of one node only.
func RedisKeys(ctx context.Context, c redis.UniversalClient, pattern string) ([]string, error) {
	cluster, ok := c.(*redis.ClusterClient)
	if !ok {
		return scanKeys(ctx, c, pattern)
	}
	var (
		mu  sync.Mutex
		all []string
	)
	err := cluster.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		keys, err := scanKeys(ctx, m, pattern)
		mu.Lock()
		all = append(all, keys...)
		mu.Unlock()
		return err
	})
	return all, err
}

func scanKeys(ctx context.Context, c redis.Cmdable, pattern string) ([]string, error) {
	var keys []string
	iter := c.Scan(ctx, 0, pattern, 100).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	return keys, iter.Err()
}
