package store

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// A Redis DSN (the forms are in OpenRedis's comment) is read here by hand,
// then handed to go-redis's URL parsers for the options they know, without
// credentials: the user:password part is applied afterwards, so no
// go-redis error can quote it. Credentials given as any option other than
// sentinel_password are refused, so that RedactDSN can hide every one.

// redisKind is the shape of a Redis deployment.
type redisKind int

const (
	redisSingle redisKind = iota + 1
	redisSentinel
	redisCluster
)

// redisSchemes maps each accepted scheme to the deployment it names and
// whether it speaks TLS.
var redisSchemes = map[string]struct {
	kind redisKind
	tls  bool
}{
	"redis": {redisSingle, false}, "rediss": {redisSingle, true},
	"redis+sentinel": {redisSentinel, false}, "rediss+sentinel": {redisSentinel, true},
	"redis+cluster": {redisCluster, false}, "rediss+cluster": {redisCluster, true},
}

const redisSchemeList = "redis://, rediss://, redis+sentinel://, rediss+sentinel://, redis+cluster:// or rediss+cluster://"

// refusedOptions are go-redis options meetbot does not take, and why.
var refusedOptions = map[string]string{
	"username":                  "put the user in the user:password part",
	"password":                  "put the password in the user:password part",
	"addr":                      "list the hosts comma-separated before the path",
	"master_name":               "put the master name in the path",
	"read_only":                 "meetbot reads its own writes, so it reads from masters only",
	"replica_only":              "meetbot writes, so it talks to the master",
	"route_by_latency":          "meetbot reads its own writes, so it reads from masters only",
	"route_randomly":            "meetbot reads its own writes, so it reads from masters only",
	"use_disconnected_replicas": "meetbot reads its own writes, so it reads from masters only",
}

// dsnParts is a Redis DSN taken apart, before go-redis reads its options.
type dsnParts struct {
	kind     redisKind
	tls      bool
	user     string
	password string
	hosts    []string // as written; ports may be missing
	path     string
	query    url.Values
}

// redisConfig is a parsed DSN: exactly one of the option structs is set.
type redisConfig struct {
	single   *redis.Options
	sentinel *redis.FailoverOptions
	cluster  *redis.ClusterOptions
	where    string // the servers, for error messages; never a credential
}

// newClient builds the client the DSN names, without I/O.
func (c redisConfig) newClient() redis.UniversalClient {
	switch {
	case c.sentinel != nil:
		return redis.NewFailoverClient(c.sentinel)
	case c.cluster != nil:
		return redis.NewClusterClient(c.cluster)
	}
	return redis.NewClient(c.single)
}

// parseRedisDSN reads a Redis DSN (see the forms above) into client
// options with meetbot's defaults. Its errors never quote the DSN, its
// user:password part or a password option.
func parseRedisDSN(dsn string) (redisConfig, error) {
	p, err := splitRedisDSN(dsn)
	if err != nil {
		return redisConfig{}, fmt.Errorf("store: invalid Redis DSN: %w", err)
	}
	if err := p.checkOptions(); err != nil {
		return redisConfig{}, fmt.Errorf("store: invalid Redis DSN: %w", err)
	}
	var c redisConfig
	switch p.kind {
	case redisSentinel:
		c, err = sentinelConfig(p)
	case redisCluster:
		c, err = clusterConfig(p)
	default:
		c, err = singleConfig(p)
	}
	if err != nil {
		return redisConfig{}, fmt.Errorf("store: invalid Redis DSN: %w", err)
	}
	return c, nil
}

// splitRedisDSN takes dsn apart by hand rather than with url.Parse, which
// takes one host only and quotes the whole URL, password included, in
// its errors.
func splitRedisDSN(dsn string) (dsnParts, error) {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsnParts{}, errors.New("want scheme://host…")
	}
	s, ok := redisSchemes[strings.ToLower(scheme)]
	if !ok {
		return dsnParts{}, fmt.Errorf("unknown scheme %q: want %s", scheme, redisSchemeList)
	}
	p := dsnParts{kind: s.kind, tls: s.tls}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if strings.Contains(tail, "@") {
		// Most likely a password with an unencoded '/', '?' or '#'.
		return dsnParts{}, errors.New("'@' after the host: percent-encode '/', '?', '#' and '@' in the user:password part")
	}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		if err := p.setUser(authority[:at]); err != nil {
			return dsnParts{}, err
		}
		authority = authority[at+1:]
	}
	if authority != "" {
		p.hosts = strings.Split(authority, ",")
	}
	u, err := url.Parse("redis://h" + tail)
	if err != nil {
		return dsnParts{}, errors.New("malformed path or query")
	}
	if u.Fragment != "" {
		return dsnParts{}, errors.New("unexpected '#' fragment")
	}
	p.path = u.Path
	if p.query, err = url.ParseQuery(u.RawQuery); err != nil {
		// No detail: it could quote a piece of sentinel_password.
		return dsnParts{}, errors.New("malformed query: percent-encode reserved characters in option values")
	}
	return p, nil
}

// setUser reads the user:password part, percent-decoding it.
func (p *dsnParts) setUser(info string) error {
	u, err := url.Parse("redis://" + info + "@h")
	if err != nil || u.User == nil {
		return errors.New("malformed user:password part: percent-encode reserved characters in it")
	}
	p.user = u.User.Username()
	p.password, _ = u.User.Password()
	return nil
}

// hostPort returns h as host:port, with defPort if h has no port.
func hostPort(h, defPort string) (string, error) {
	host, port, err := net.SplitHostPort(h)
	if err != nil { // no port: "name", "[::1]" or "::1"
		host, port = h, defPort
		if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			host = h[1 : len(h)-1]
		}
		if strings.ContainsAny(host, "[]") || strings.Contains(host, ":") && net.ParseIP(host) == nil {
			return "", fmt.Errorf("invalid host %q", h)
		}
	}
	if host == "" {
		return "", fmt.Errorf("empty host in %q", h)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("invalid port in host %q", h)
	}
	return net.JoinHostPort(host, port), nil
}

// hostPorts applies hostPort to every host; there must be at least one.
func hostPorts(hosts []string, defPort string) ([]string, error) {
	if len(hosts) == 0 {
		return nil, errors.New("no host")
	}
	out := make([]string, len(hosts))
	for i, h := range hosts {
		var err error
		if out[i], err = hostPort(h, defPort); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkOptions refuses the options meetbot does not take and the ones of
// another deployment.
func (p dsnParts) checkOptions() error {
	for _, name := range slices.Sorted(maps.Keys(p.query)) {
		if why, ok := refusedOptions[name]; ok {
			return fmt.Errorf("option %s is not supported: %s", name, why)
		}
		if strings.HasPrefix(name, "sentinel_") && p.kind != redisSentinel {
			return fmt.Errorf("option %s is for redis+sentinel:// or rediss+sentinel://", name)
		}
	}
	return nil
}

// take removes option name from the query and returns its value.
func (p dsnParts) take(name string) string {
	v := p.query.Get(name)
	p.query.Del(name)
	return v
}

// goRedisURL is what go-redis's URL parsers read: the first host, path
// and query of the DSN, the other hosts as addr options, no credentials
// (set afterwards) and no TLS (set by redisTLS).
func goRedisURL(hosts []string, path string, query url.Values) string {
	u := url.URL{Scheme: "redis", Path: path}
	if len(hosts) > 0 {
		u.Host = hosts[0]
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if len(hosts) > 1 {
		q["addr"] = hosts[1:]
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// goRedisErr strips the URL that go-redis's url.Parse errors quote.
func goRedisErr(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
