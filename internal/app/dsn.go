package app

import (
	"net/url"
	"strings"
)

// redactDSN hides a password in a redis:// store address.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		if u.User == nil {
			return dsn
		}
		return u.Redacted()
	}
	// Unparsable (a bad port, say): never print what may be a password.
	scheme, rest, ok := strings.Cut(dsn, "://")
	if at := strings.LastIndex(rest, "@"); ok && at >= 0 {
		return scheme + "://REDACTED@" + rest[at+1:]
	}
	return dsn
}
