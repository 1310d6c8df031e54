package store

import (
	"context"
	"crypto/tls"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tls12 is the TLS configuration of a rediss DSN without TLS options.
var tls12 = &tls.Config{MinVersion: tls.VersionTLS12}

func TestParseRedisDSNSingle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn  string
		want redis.Options // the fields checked
	}{
		{"redis://127.0.0.1:6379/15", redis.Options{Addr: "127.0.0.1:6379", DB: 15}},
		{"REDIS://h", redis.Options{Addr: "h:6379"}},
		{"redis://", redis.Options{Addr: "localhost:6379"}},
		{"redis://:pw@h:6380", redis.Options{Addr: "h:6380", Password: "pw"}},
		{"redis://meetbot:p%40ss%2Fw@h/2", redis.Options{Addr: "h:6379", DB: 2, Username: "meetbot", Password: "p@ss/w"}},
		{"redis://[::1]:6380/1", redis.Options{Addr: "[::1]:6380", DB: 1}},
		{"redis://[::1]", redis.Options{Addr: "[::1]:6379"}},
		{"rediss://u:p@redis.example.com:6380/0", redis.Options{Addr: "redis.example.com:6380", Username: "u", Password: "p", TLSConfig: tls12}},
		{"rediss://h?skip_verify=true", redis.Options{Addr: "h:6379", TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			c, err := parseRedisDSN(tt.dsn)
			require.NoError(t, err)
			require.NotNil(t, c.single)
			o := c.single
			assert.Equal(t, tt.want, redis.Options{Addr: o.Addr, DB: o.DB, Username: o.Username, Password: o.Password, TLSConfig: o.TLSConfig})
			assert.Equal(t, o.Addr, c.where)
		})
	}
}

func TestParseRedisDSNKeepsGoRedisOptionsAndFillsDefaults(t *testing.T) {
	t.Parallel()
	c, err := parseRedisDSN("redis://h/0?dial_timeout=5s&pool_size=20&max_retries=-1")
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, c.single.DialTimeout)
	assert.Equal(t, 20, c.single.PoolSize)
	assert.Equal(t, -1, c.single.MaxRetries, "-1 turns retries off")
	assert.Equal(t, redisReadTimeout, c.single.ReadTimeout, "the bot's default where the DSN sets nothing")

	c, err = parseRedisDSN("redis+cluster://h?read_timeout=1s")
	require.NoError(t, err)
	assert.Equal(t, time.Second, c.cluster.ReadTimeout)
	assert.Equal(t, redisDialTimeout, c.cluster.DialTimeout)
	assert.Equal(t, redisMaxRetries, c.cluster.MaxRetries)

	c, err = parseRedisDSN("redis+sentinel://s/m?pool_size=7")
	require.NoError(t, err)
	assert.Equal(t, 7, c.sentinel.PoolSize)
	assert.Equal(t, redisWriteTimeout, c.sentinel.WriteTimeout)
}

func TestParseRedisDSNSentinel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn   string
		want  redis.FailoverOptions // the fields checked
		where string
	}{
		{
			dsn: "redis+sentinel://meetbot:p%3Ass@s1,s2:26380,[::1]/mymaster/3?sentinel_password=sp",
			want: redis.FailoverOptions{MasterName: "mymaster", SentinelAddrs: []string{"s1:26379", "s2:26380", "[::1]:26379"},
				DB: 3, Username: "meetbot", Password: "p:ss", SentinelPassword: "sp"},
			where: "master mymaster via sentinel s1:26379,s2:26380,[::1]:26379",
		},
		{
			dsn:   "rediss+sentinel://:pw@s1:5000/m?sentinel_username=sen&sentinel_password=sp",
			want:  redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"s1:5000"}, Password: "pw", SentinelUsername: "sen", SentinelPassword: "sp", TLSConfig: tls12},
			where: "master m via sentinel s1:5000",
		},
		{
			dsn:   "redis+sentinel://s1/m/",
			want:  redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"s1:26379"}},
			where: "master m via sentinel s1:26379",
		},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			c, err := parseRedisDSN(tt.dsn)
			require.NoError(t, err)
			require.NotNil(t, c.sentinel)
			o := c.sentinel
			assert.Equal(t, tt.want, redis.FailoverOptions{MasterName: o.MasterName, SentinelAddrs: o.SentinelAddrs,
				DB: o.DB, Username: o.Username, Password: o.Password, SentinelUsername: o.SentinelUsername,
				SentinelPassword: o.SentinelPassword, TLSConfig: o.TLSConfig})
			assert.Equal(t, tt.where, c.where)
		})
	}
}

func TestParseRedisDSNCluster(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn   string
		want  redis.ClusterOptions // the fields checked
		where string
	}{
		{
			dsn:   "redis+cluster://meetbot:pw@10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:7002",
			want:  redis.ClusterOptions{Addrs: []string{"10.0.0.1:7000", "10.0.0.2:7001", "10.0.0.3:7002"}, Username: "meetbot", Password: "pw"},
			where: "cluster 10.0.0.1:7000,10.0.0.2:7001,10.0.0.3:7002",
		},
		{
			dsn:   "rediss+cluster://:pw@cfg.example.com/0",
			want:  redis.ClusterOptions{Addrs: []string{"cfg.example.com:6379"}, Password: "pw", TLSConfig: tls12},
			where: "cluster cfg.example.com:6379",
		},
		{
			dsn:   "Redis+Cluster://h1/",
			want:  redis.ClusterOptions{Addrs: []string{"h1:6379"}},
			where: "cluster h1:6379",
		},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			c, err := parseRedisDSN(tt.dsn)
			require.NoError(t, err)
			require.NotNil(t, c.cluster, "a cluster client even with one seed host")
			o := c.cluster
			assert.Equal(t, tt.want, redis.ClusterOptions{Addrs: o.Addrs, Username: o.Username, Password: o.Password, TLSConfig: o.TLSConfig})
			assert.Equal(t, tt.where, c.where)
		})
	}
}

func TestParseRedisDSNErrorsNeverShowThePassword(t *testing.T) {
	t.Parallel()
	// Every DSN carries the password "s3cret"; no error may show any of it.
	tests := []struct {
		dsn  string
		want string // in the error
	}{
		{"redis:/u:s3cret@h", "want scheme://"},
		{"memcached://u:s3cret@h", `unknown scheme "memcached"`},
		{"redis+foo://u:s3cret@h", `unknown scheme "redis+foo"`},
		{"redis://u:s3cret@h1,h2", "take one host"},
		{"redis://u:s3cret@host:notaport/0", `invalid port in host "host:notaport"`},
		{"redis://u:s3cret@[::1/0", `invalid host "[::1"`},
		{"redis://u:s3/cret@host/0", "'@' after the host"},
		{"redis://u:s3?cret@host/0", "'@' after the host"},
		{"redis://u:s3cret%zz@h", "malformed user:password part"},
		{"redis://u:s3cret@h/0#x", "fragment"},
		{"redis://u:s3cret@h/x", "invalid database number"},
		{"redis://u:s3cret@h/0?dial_timeout=abc", "dial_timeout"},
		{"redis://u:s3cret@h/0?bogus=1", "unexpected option: bogus"},
		{"redis://u:s3cret@h/0?password=s3cret", "option password is not supported"},
		{"redis://u:s3cret@h/0?addr=h2:1", "option addr is not supported"},
		{"redis://u:s3cret@h/0?skip_verify=true", "option skip_verify needs TLS"},
		{"redis://u:s3cret@h/0?tls_ca_file=/ca.pem", "option tls_ca_file needs TLS"},
		{"redis://u:s3cret@h/0?sentinel_password=s3cret", "option sentinel_password is for redis+sentinel"},
		{"rediss://u:s3cret@h/0?skip_verify=maybe", "option skip_verify"},
		{"rediss://u:s3cret@h/0?tls_ca_file=/nonexistent/ca.pem", "option tls_ca_file"},
		{"rediss://u:s3cret@h/0?tls_cert_file=/c.pem", "go together"},
		{"redis+sentinel://u:s3cret@s1", "no master name"},
		{"redis+sentinel://u:s3cret@s1/", "no master name"},
		{"redis+sentinel://u:s3cret@/m", "no host"},
		{"redis+sentinel://u:s3cret@s1,/m", "empty host"},
		{"redis+sentinel://u:s3cret@s1/m/0/x", "invalid path"},
		{"redis+sentinel://u:s3cret@s1/m/x", "invalid database number"},
		{"redis+sentinel://u:s3cret@s1/m?master_name=n", "option master_name is not supported"},
		{"redis+sentinel://u:s3cret@s1/m?sentinel_password=s3cret%zz", "malformed query"},
		{"redis+sentinel://u:s3cret@s1/m?replica_only=true", "option replica_only is not supported"},
		{"redis+cluster://u:s3cret@h1/3", "database 0 only"},
		{"redis+cluster://u:s3cret@", "no host"},
		{"redis+cluster://u:s3cret@h1?read_only=true", "option read_only is not supported"},
		{"redis+cluster://u:s3cret@h1?db=2", "unexpected option: db"},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			t.Parallel()
			_, err := parseRedisDSN(tt.dsn)
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.want)
			assert.NotContains(t, err.Error(), "cret")
			assert.NotContains(t, err.Error(), "s3")
		})
	}
}

func TestOpenRejectsUnknownSchemes(t *testing.T) {
	t.Parallel()
	_, err := Open(context.Background(), "memcached://u:s3cret@h:11211")
	require.Error(t, err)
	assert.ErrorContains(t, err, `unknown DSN scheme "memcached"`)
	assert.NotContains(t, err.Error(), "s3cret")
}

func TestDSNScheme(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn    string
		scheme string
		ok     bool
	}{
		{"redis://h", "redis", true},
		{"rediss+cluster://h", "rediss+cluster", true},
		{"file://x", "file", true},
		{"meetbot.db", "", false},
		{"/var/lib/meetbot://odd.db", "", false},
		{"://h", "", false},
		{"1redis://h", "", false},
	}
	for _, tt := range tests {
		scheme, ok := dsnScheme(tt.dsn)
		assert.Equal(t, tt.ok, ok, tt.dsn)
		assert.Equal(t, tt.scheme, scheme, tt.dsn)
	}
}

func TestRedactDSN(t *testing.T) {
	t.Parallel()
	tests := []struct{ dsn, want string }{
		{"meetbot.db", "meetbot.db"},
		{"redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"},
		{"redis://:s3cret@127.0.0.1:6379/0", "redis://:xxxxx@127.0.0.1:6379/0"},
		{"rediss://meetbot:s3cret@h:6380/0", "rediss://meetbot:xxxxx@h:6380/0"},
		{"redis://s3cret@h/0", "redis://xxxxx@h/0"},
		{"redis+sentinel://u:s3cret@s1,s2/m?sentinel_password=s3cret&dial_timeout=1s",
			"redis+sentinel://u:xxxxx@s1,s2/m?sentinel_password=xxxxx&dial_timeout=1s"},
		{"redis+cluster://u:s3cret@h1:7000,h2:7001", "redis+cluster://u:xxxxx@h1:7000,h2:7001"},
		{"redis://u:s3/cret@h/0", "redis://u:xxxxx@h/0"},
		{"redis://u/x:s3cret@h/0", "redis://xxxxx@h/0"},
		{"redis://h/0?Sentinel%5FPassword=s3cret", "redis://h/0?Sentinel_Password=xxxxx"},
		{"redis://h/0?sentinel_password=s3#cret", "redis://h/0?sentinel_password=xxxxx#xxxxx"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, RedactDSN(tt.dsn), tt.dsn)
	}
	for _, bad := range []string{"redis://user:s3cret@host:notaport/0", "rediss://u:s3cret@[::1/0", "redis://:s3cret@@h:1/0"} {
		assert.NotContains(t, RedactDSN(bad), "s3cret", "an unparsable URL never shows its password: %s", bad)
	}
}
