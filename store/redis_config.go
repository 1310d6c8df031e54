package store

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Timeouts for a bot: a store call sits on the path of a chat reply, so a
// sick Redis must fail it within seconds rather than hang it.
const (
	redisDialTimeout  = 2 * time.Second
	redisReadTimeout  = 2 * time.Second
	redisWriteTimeout = 2 * time.Second
	redisPoolTimeout  = 3 * time.Second
	redisMaxRetries   = 2 // per command, on connection errors
	redisDialRetries  = 2 // per connection attempt
)

// Default ports.
const (
	redisPort    = "6379"
	sentinelPort = "26379"
)

// singleConfig is the configuration of one Redis server.
func singleConfig(p dsnParts) (redisConfig, error) {
	if len(p.hosts) > 1 {
		return redisConfig{}, errors.New("redis:// and rediss:// take one host: for several use redis+sentinel:// or redis+cluster://")
	}
	hosts := []string{"localhost"}
	if len(p.hosts) == 1 {
		hosts = p.hosts
	}
	hosts, err := hostPorts(hosts, redisPort)
	if err != nil {
		return redisConfig{}, err
	}
	tlsc, err := p.tlsConfig()
	if err != nil {
		return redisConfig{}, err
	}
	o, err := redis.ParseURL(goRedisURL(hosts, p.path, p.query))
	if err != nil {
		return redisConfig{}, goRedisErr(err)
	}
	o.Username, o.Password, o.TLSConfig = p.user, p.password, tlsc
	tuneRedis(&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout, &o.MaxRetries, &o.DialerRetries)
	// Maintenance notifications are for managed Redis clusters; a plain
	// server would only answer the handshake with an error.
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return redisConfig{single: o, where: o.Addr}, nil
}

// sentinelConfig is the configuration of a master found through Sentinel.
// The Sentinels get no credentials unless sentinel_username or
// sentinel_password say so: a Sentinel without a password refuses AUTH.
func sentinelConfig(p dsnParts) (redisConfig, error) {
	hosts, err := hostPorts(p.hosts, sentinelPort)
	if err != nil {
		return redisConfig{}, err
	}
	master, db, err := sentinelPath(p.path)
	if err != nil {
		return redisConfig{}, err
	}
	tlsc, err := p.tlsConfig()
	if err != nil {
		return redisConfig{}, err
	}
	sentinelUser, sentinelPassword := p.take("sentinel_username"), p.take("sentinel_password")
	p.query.Set("master_name", master)
	o, err := redis.ParseFailoverURL(goRedisURL(hosts, db, p.query))
	if err != nil {
		return redisConfig{}, goRedisErr(err)
	}
	o.Username, o.Password, o.TLSConfig = p.user, p.password, tlsc
	o.SentinelUsername, o.SentinelPassword = sentinelUser, sentinelPassword
	tuneRedis(&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout, &o.MaxRetries, &o.DialerRetries)
	where := fmt.Sprintf("master %s via sentinel %s", master, strings.Join(hosts, ","))
	return redisConfig{sentinel: o, where: where}, nil
}

// sentinelPath splits "/master[/db]" into the master name and "/db".
func sentinelPath(path string) (master, db string, err error) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case parts[0] == "":
		return "", "", errors.New("no master name: want redis+sentinel://host:26379[,host…]/<master>[/<db>]")
	case len(parts) == 1:
		return parts[0], "", nil
	case len(parts) == 2:
		return parts[0], "/" + parts[1], nil
	}
	return "", "", fmt.Errorf("invalid path %q: want /<master>[/<db>]", path)
}

// clusterConfig is the configuration of a Redis Cluster, reached through
// any of the hosts listed (the client learns the others from them).
func clusterConfig(p dsnParts) (redisConfig, error) {
	hosts, err := hostPorts(p.hosts, redisPort)
	if err != nil {
		return redisConfig{}, err
	}
	if p.path != "" && p.path != "/" && p.path != "/0" {
		return redisConfig{}, fmt.Errorf("invalid path %q: a cluster has database 0 only", p.path)
	}
	tlsc, err := p.tlsConfig()
	if err != nil {
		return redisConfig{}, err
	}
	o, err := redis.ParseClusterURL(goRedisURL(hosts, "", p.query))
	if err != nil {
		return redisConfig{}, goRedisErr(err)
	}
	o.Username, o.Password, o.TLSConfig = p.user, p.password, tlsc
	tuneRedis(&o.DialTimeout, &o.ReadTimeout, &o.WriteTimeout, &o.PoolTimeout, &o.MaxRetries, &o.DialerRetries)
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return redisConfig{cluster: o, where: "cluster " + strings.Join(hosts, ",")}, nil
}

// tlsOptions are the DSN options that only make sense with TLS.
var tlsOptions = []string{"tls_ca_file", "tls_cert_file", "tls_key_file", "skip_verify"}

// tlsConfig takes the TLS options out of the query and returns the TLS
// configuration of every connection, or nil for a scheme without TLS.
// ServerName stays empty, so crypto/tls checks each server's certificate
// against the host dialled: the one in the DSN, a cluster node the client
// learnt of, or the master a Sentinel named.
func (p dsnParts) tlsConfig() (*tls.Config, error) {
	if !p.tls {
		for _, name := range tlsOptions {
			if p.query.Has(name) {
				return nil, fmt.Errorf("option %s needs TLS: use a rediss scheme", name)
			}
		}
		return nil, nil
	}
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	switch v := p.take("skip_verify"); v {
	case "", "false", "0":
	case "true", "1":
		c.InsecureSkipVerify = true
	default:
		return nil, fmt.Errorf("option skip_verify: want true or false, got %q", v)
	}
	if ca := p.take("tls_ca_file"); ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, fmt.Errorf("option tls_ca_file: %w", err)
		}
		c.RootCAs = x509.NewCertPool()
		if !c.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("option tls_ca_file: no PEM certificate in %s", ca)
		}
	}
	cert, key := p.take("tls_cert_file"), p.take("tls_key_file")
	if (cert == "") != (key == "") {
		return nil, errors.New("options tls_cert_file and tls_key_file go together")
	}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, fmt.Errorf("options tls_cert_file, tls_key_file: %w", err)
		}
		c.Certificates = []tls.Certificate{pair}
	}
	return c, nil
}

// tuneRedis fills in bot-friendly defaults where the DSN set nothing.
func tuneRedis(dial, read, write, pool *time.Duration, retries, dialRetries *int) {
	for d, v := range map[*time.Duration]time.Duration{
		dial: redisDialTimeout, read: redisReadTimeout, write: redisWriteTimeout, pool: redisPoolTimeout,
	} {
		if *d == 0 {
			*d = v
		}
	}
	if *retries == 0 {
		*retries = redisMaxRetries
	}
	if *dialRetries == 0 {
		*dialRetries = redisDialRetries
	}
}
