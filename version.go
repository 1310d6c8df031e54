package main

import (
	"fmt"
	"io"
	"runtime/debug"
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
