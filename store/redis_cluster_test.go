package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/internal/testkit"
)

// TestRedisClusterSpreadsKeysOverEveryMaster: on the test cluster the
// store's keys land on every master, each one readable and each list
// (LPUSH, LTRIM and PEXPIRE in one MULTI/EXEC) whole. Every operation
// touches one key, so none can fail with CROSSSLOT.
func TestRedisClusterSpreadsKeysOverEveryMaster(t *testing.T) {
	t.Parallel()
	r := openTestRedis(t, testkit.RedisTargets[1].DSN(t))
	cluster, ok := r.client.(*redis.ClusterClient)
	require.True(t, ok, "a redis+cluster DSN gives a cluster client")
	ctx := context.Background()
	const n = 60
	for i := range n {
		require.NoError(t, r.Set(ctx, fmt.Sprintf("person:corp:%d", i), []byte{byte(i)}, time.Minute))
		for j := range 3 {
			require.NoError(t, r.Push(ctx, fmt.Sprintf("audit:corp:%d", i), []byte{byte(j)}, 2, time.Minute))
		}
	}

	var mu sync.Mutex
	perMaster := map[string]int{}
	require.NoError(t, cluster.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		keys, err := testkit.RedisKeys(ctx, m, r.prefix+"*")
		mu.Lock()
		defer mu.Unlock()
		perMaster[m.Options().Addr] = len(keys)
		return err
	}))
	require.Greater(t, len(perMaster), 1, "a cluster of one master would test nothing")
	for addr, keys := range perMaster {
		assert.Positive(t, keys, "no key on master %s", addr)
	}
	all, err := testkit.RedisKeys(ctx, r.client, r.prefix+"*")
	require.NoError(t, err)
	assert.Len(t, all, 2*n, "RedisKeys scans every master")

	for i := range n {
		got, ok, err := r.Get(ctx, fmt.Sprintf("person:corp:%d", i))
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []byte{byte(i)}, got)
		list, err := r.Last(ctx, fmt.Sprintf("audit:corp:%d", i), 5)
		require.NoError(t, err)
		assert.Equal(t, [][]byte{{2}, {1}}, list)
	}
	require.NoError(t, r.Ping(ctx), "every master answers")
}

// TestRedisClusterTLSWithACLUser: a rediss+cluster DSN with an ACL user
// reaches a TLS-only cluster (one master holding every slot, which is
// enough for the client to route by slot) and passes the conformance
// suite there. The DSN names localhost and the node announces 127.0.0.1:
// each certificate check is against the address dialled.
func TestRedisClusterTLSWithACLUser(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	port, dir := freePort(t), t.TempDir()
	startRedisServer(t, port, "TLS",
		"--port", "0", "--tls-port", strconv.Itoa(port), "--bind", "127.0.0.1", "--tls-cluster", "yes",
		"--cluster-enabled", "yes", "--cluster-port", strconv.Itoa(freePort(t)), "--cluster-announce-ip", "127.0.0.1",
		"--cluster-config-file", filepath.Join(dir, "nodes.conf"),
		"--tls-cert-file", pki.serverCert, "--tls-key-file", pki.serverKey, "--tls-ca-cert-file", pki.ca,
		"--tls-auth-clients", "optional", "--user", "default", "off",
		"--user", "meetbot", "on", ">s3cret", "~*", "&*", "+@all",
		"--save", "", "--appendonly", "no", "--dir", dir)
	files := "tls_ca_file=" + pki.ca
	assignAllSlots(t, fmt.Sprintf("rediss://meetbot:s3cret@localhost:%d/0?%s", port, files))

	dsn := fmt.Sprintf("rediss+cluster://meetbot:s3cret@localhost:%d?%s", port, files)
	testConformance(t, func(t *testing.T) Store { return openTestRedis(t, dsn) })

	_, err := OpenRedis(context.Background(), strings.Replace(dsn, ":s3cret@", ":wrong-s3cret@", 1)+"&max_retries=-1")
	require.Error(t, err)
	assert.ErrorContains(t, err, "WRONGPASS")
	assert.NotContains(t, err.Error(), "s3cret")
}

// assignAllSlots gives every slot to the one node at dsn and waits until
// the cluster is ok.
func assignAllSlots(t *testing.T, dsn string) {
	t.Helper()
	c, err := parseRedisDSN(dsn)
	require.NoError(t, err)
	node := redis.NewClient(c.single)
	defer node.Close()
	ctx := context.Background()
	require.NoError(t, node.ClusterAddSlotsRange(ctx, 0, 16383).Err())
	testkit.WaitFor(t, 10*time.Second, "cluster_state:ok", func() bool {
		info, err := node.ClusterInfo(ctx).Result()
		return err == nil && strings.Contains(info, "cluster_state:ok")
	})
}
