// Command meetbot lets DingTalk meeting hosts control live video meetings
// from chat. It reads its settings from the environment and runs the bot
// (internal/app); `meetbot sandbox`, or `meetbot` with no credentials in a
// terminal, runs the sandbox: the real bot against a built-in DingTalk
// emulator (sandbox). See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // MEETBOT_TIMEZONE works in a container without zone files

	"github.com/mattn/go-isatty"

	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// cli runs one meetbot invocation and returns its exit status: 0, 1 when
// the bot stopped on an error, 2 for a usage or configuration problem.
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
	switch {
	case (cmd == "sandbox" || cfg.Sandbox() && isTerminal(stdin)) && cfg.SandboxMode != "off":
		return sandbox.Run(ctx, cfg, stdin, stdout, stderr)
	case cmd == "sandbox" || cfg.Sandbox():
		fmt.Fprintln(stderr, missingCredentials(cmd, cfg))
		return 2
	}
	log := app.NewLogger(cfg, stderr)
	if err := app.Run(ctx, cfg, log); err != nil {
		log.Error().Err(err).Msg("meetbot stopped")
		return 1
	}
	return 0
}

// missingCredentials is the one line of a run that has nothing to connect
// to DingTalk with and may not open the sandbox instead.
func missingCredentials(cmd string, cfg config.Config) string {
	if cmd == "sandbox" {
		return "meetbot: the sandbox is off here (MEETBOT_SANDBOX=off)"
	}
	if cfg.SandboxMode == "off" {
		return "meetbot: DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set; set them to connect to DingTalk"
	}
	return "meetbot: DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not set; set them to connect to DingTalk, " +
		"or run `meetbot sandbox` to try it against a built-in DingTalk emulator"
}

// isTerminal reports whether r is a terminal: `go run .` there opens the
// sandbox, while a service without credentials stops.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `meetbot — control live DingTalk video meetings from chat.

Usage:
  meetbot            run the bot (in a terminal with no credentials: the sandbox)
  meetbot sandbox    run the sandbox: the real bot against a built-in DingTalk emulator
  meetbot version    print the version and build information

`)
	_ = config.Usage(w)
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
