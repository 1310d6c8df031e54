package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sentinelSetup is a master and one Sentinel watching it as "meetmaster".
// The master wants the password "s3cret", the Sentinel "sentinel-s3cret".
type sentinelSetup struct {
	master, sentinel int    // ports
	query            string // DSN options the setup needs (TLS files)
	scheme           string
}

// startSentinel starts the master and the Sentinel, over TLS if pki is not nil.
func startSentinel(t *testing.T, pki *testPKI) sentinelSetup {
	t.Helper()
	s := sentinelSetup{master: freePort(t), sentinel: freePort(t), scheme: "redis+sentinel"}
	portFlag, tlsConf, tlsArgs := "--port", "", []string(nil)
	if pki != nil {
		s.scheme, portFlag = "rediss+sentinel", "--tls-port"
		s.query = fmt.Sprintf("tls_ca_file=%s&tls_cert_file=%s&tls_key_file=%s", pki.ca, pki.clientCert, pki.clientKey)
		tlsArgs = []string{"--port", "0", "--tls-cert-file", pki.serverCert, "--tls-key-file", pki.serverKey,
			"--tls-ca-cert-file", pki.ca, "--tls-auth-clients", "optional"}
		tlsConf = fmt.Sprintf("port 0\ntls-port %d\ntls-replication yes\ntls-auth-clients optional\n"+
			"tls-cert-file %s\ntls-key-file %s\ntls-ca-cert-file %s\n", s.sentinel, pki.serverCert, pki.serverKey, pki.ca)
	}
	startRedisServer(t, s.master, "TLS", append([]string{portFlag, strconv.Itoa(s.master), "--bind", "127.0.0.1",
		"--requirepass", "s3cret", "--save", "", "--appendonly", "no", "--dir", t.TempDir()}, tlsArgs...)...)

	dir := t.TempDir()
	conf := fmt.Sprintf("bind 127.0.0.1\nport %d\ndir %s\nrequirepass sentinel-s3cret\n"+
		"sentinel monitor meetmaster 127.0.0.1 %d 1\nsentinel auth-pass meetmaster s3cret\n%s",
		s.sentinel, dir, s.master, tlsConf)
	path := filepath.Join(dir, "sentinel.conf")
	require.NoError(t, os.WriteFile(path, []byte(conf), 0o600))
	startRedisServer(t, s.sentinel, "TLS", path, "--sentinel")
	return s
}

// dsn is the DSN of master through the setup's Sentinel, database 2, with
// the data and Sentinel passwords given and the extra options.
func (s sentinelSetup) dsn(master, password, sentinelPassword string, extra ...string) string {
	q := append([]string{"sentinel_password=" + sentinelPassword}, extra...)
	if s.query != "" {
		q = append(q, s.query)
	}
	return fmt.Sprintf("%s://:%s@127.0.0.1:%d/%s/2?%s", s.scheme, password, s.sentinel, master, strings.Join(q, "&"))
}

// TestRedisSentinel: a redis+sentinel DSN finds the master through the
// Sentinel (logging in to each with its own password) and the store
// passes the conformance suite there, in plain text and over TLS.
func TestRedisSentinel(t *testing.T) {
	t.Parallel()
	for name, tls := range map[string]bool{"plain": false, "tls": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var pki *testPKI
			if tls {
				p := newTestPKI(t)
				pki = &p
			}
			s := startSentinel(t, pki)
			dsn := s.dsn("meetmaster", "s3cret", "sentinel-s3cret")
			testConformance(t, func(t *testing.T) Store { return openTestRedis(t, dsn) })
			t.Run("WritesReachTheMaster", func(t *testing.T) { testSentinelWritesReachTheMaster(t, s, dsn) })
			t.Run("Refusals", func(t *testing.T) { testSentinelRefusals(t, s) })
		})
	}
}

// testSentinelWritesReachTheMaster: a key written through the Sentinel DSN
// is in the master's database 2.
func testSentinelWritesReachTheMaster(t *testing.T, s sentinelSetup, dsn string) {
	ctx := context.Background()
	r := openTestRedis(t, dsn)
	require.NoError(t, r.Set(ctx, "k", []byte("v"), time.Minute))

	c, err := parseRedisDSN(fmt.Sprintf("%s://:s3cret@127.0.0.1:%d/2?%s",
		map[string]string{"redis+sentinel": "redis", "rediss+sentinel": "rediss"}[s.scheme], s.master, s.query))
	require.NoError(t, err)
	master := redis.NewClient(c.single)
	defer master.Close()
	got, err := master.Get(ctx, r.prefix+"k").Result()
	require.NoError(t, err)
	assert.Equal(t, "v", got)
}

// testSentinelRefusals: wrong passwords and an unknown master fail to
// open, without showing a password.
func testSentinelRefusals(t *testing.T, s sentinelSetup) {
	ctx := context.Background()
	tests := []struct{ name, dsn, want string }{
		{"wrong data password", s.dsn("meetmaster", "wrong-s3cret", "sentinel-s3cret", "max_retries=-1"), "WRONGPASS"},
		{"wrong Sentinel password", s.dsn("meetmaster", "s3cret", "wrong-s3cret", "max_retries=-1"), "WRONGPASS"},
		{"unknown master", s.dsn("nosuchmaster", "s3cret", "sentinel-s3cret", "max_retries=-1"),
			"master nosuchmaster via sentinel 127.0.0.1:" + strconv.Itoa(s.sentinel) + "): the Sentinels know no such master"},
	}
	for _, tt := range tests {
		_, err := OpenRedis(ctx, tt.dsn)
		require.Error(t, err, tt.name)
		assert.ErrorContains(t, err, tt.want, tt.name)
		assert.NotContains(t, err.Error(), "s3cret", tt.name)
	}
}
