package store

import (
	"net/url"
	"strings"
)

// redacted stands in for a password.
const redacted = "xxxxx"

// RedactDSN returns dsn fit for a log line or an error: the password of
// the user:password part and the value of every option whose name holds
// "password" (sentinel_password) become "xxxxx". A file path comes back
// unchanged. It never fails: everything between "://" and the last '@' is
// taken as the user:password part, so a malformed DSN (say, a password
// with an unencoded '/') loses more than its password, never less.
func RedactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, _, hasPassword := strings.Cut(rest[:at], ":")
		if !hasPassword || strings.ContainsAny(user, "/?#") {
			user = redacted // no ':' may mean a password alone
		} else {
			user += ":" + redacted
		}
		rest = user + "@" + rest[at+1:]
	}
	if before, query, ok := strings.Cut(rest, "?"); ok {
		rest = before + "?" + redactQuery(query)
	}
	return scheme + "://" + rest
}

// redactQuery hides the values of password options in a raw query.
func redactQuery(query string) string {
	query, _, hasFragment := strings.Cut(query, "#")
	pairs := strings.Split(query, "&")
	for i, pair := range pairs {
		name, _, _ := strings.Cut(pair, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if strings.Contains(strings.ToLower(name), "password") {
			pairs[i] = name + "=" + redacted
		}
	}
	query = strings.Join(pairs, "&")
	if hasFragment { // an unencoded '#' in a password
		query += "#" + redacted
	}
	return query
}
