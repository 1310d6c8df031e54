package main

import (
	"fmt"
	"io"
	"net/url"
	"runtime/debug"
	"strings"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// printVersion writes the version and the build information Go records.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "meetbot %s\n", version)
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	fmt.Fprintf(w, "go: %s\n", info.GoVersion)
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.time", "vcs.modified", "GOOS", "GOARCH", "CGO_ENABLED":
			fmt.Fprintf(w, "%s: %s\n", s.Key, s.Value)
		}
	}
	for _, d := range info.Deps {
		if d.Path == "github.com/open-dingtalk/dingtalk-stream-sdk-go" {
			fmt.Fprintf(w, "stream sdk: %s\n", d.Version)
		}
	}
}

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
