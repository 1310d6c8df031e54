// Command meetbot lets DingTalk meeting hosts control live video meetings
// from chat. With no credentials it runs a sandbox against the built-in
// DingTalk emulator; see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// cli runs one meetbot invocation and returns its exit status.
func cli(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	case "version", "--version":
		printVersion(stdout)
		return 0
	case "", "sandbox":
	default:
		fmt.Fprintf(stderr, "meetbot: unknown argument %q\n\n", cmd)
		usage(stderr)
		return 2
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintf(stderr, "meetbot: configuration: %v\n", oneLine(err))
		return 2
	}
	if cmd == "sandbox" || cfg.Sandbox() {
		return runSandbox(ctx, cfg, stdin, stdout, stderr)
	}
	log := newLogger(cfg, stderr)
	if err := run(ctx, cfg, log); err != nil {
		log.Error().Err(err).Msg("meetbot stopped")
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprint(w, `meetbot — control live DingTalk video meetings from chat.

Usage:
  meetbot            run the bot (with no DINGTALK_CLIENT_ID: the sandbox)
  meetbot sandbox    run the sandbox: the real bot against a built-in DingTalk emulator
  meetbot version    print the version and build information

`)
	_ = config.Usage(w)
}

func newLogger(cfg config.Config, w io.Writer) zerolog.Logger {
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w, NoColor: os.Getenv("NO_COLOR") != ""}
	}
	return zerolog.New(w).Level(cfg.Level()).With().Timestamp().Logger()
}

// oneLine joins errors.Join's lines so a configuration error stays one line
// per problem, separated by "; ".
func oneLine(err error) string {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return err.Error()
	}
	s := ""
	for i, e := range joined.Unwrap() {
		if i > 0 {
			s += "; "
		}
		s += e.Error()
	}
	return s
}
