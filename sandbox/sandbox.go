package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
	"github.com/meetbot/meetbot/internal/app"
)

// The sandbox runs the real bot, unchanged, against the DingTalk emulator
// on loopback: same app.Start, same stream SDK over a real websocket, same
// REST client. Only the chat is simulated: you type messages as someone in
// the demo organisation and see the bot's reply and the API calls it made.

// sandboxOptions tune a sandbox run; tests shorten the waits and inject
// faults.
type sandboxOptions struct {
	replyTimeout   time.Duration              // how long to wait for each reply
	connectTimeout time.Duration              // how long the bot may take to connect
	setup          func(*dingtalktest.Server) // after seeding, before the bot starts
}

var defaultSandboxOptions = sandboxOptions{replyTimeout: 10 * time.Second, connectTimeout: 10 * time.Second}

// Run runs the sandbox until stdin ends, :quit or ctx is done, and returns
// its exit status. With a terminal it is an interactive chat; otherwise it
// reads the lines, prints a plain transcript and returns non-zero if any
// message got no reply.
func Run(ctx context.Context, cfg config.Config, stdin io.Reader, stdout, stderr io.Writer) int {
	return runSandboxWith(ctx, cfg, stdin, stdout, stderr, defaultSandboxOptions)
}

func runSandboxWith(ctx context.Context, cfg config.Config, stdin io.Reader, stdout, stderr io.Writer,
	opts sandboxOptions) int {
	began := time.Now()
	sb, err := startSandbox(ctx, cfg, opts)
	if err != nil {
		fmt.Fprintf(stderr, "meetbot sandbox: %v\n", err)
		return 1
	}
	defer sb.close()
	sb.ready = time.Since(began)
	if isTerminal(stdin) {
		return sb.interactive(ctx, stdout)
	}
	return sb.transcript(ctx, stdin, stdout)
}

// sandbox is the emulator and the bot connected to it.
type sandbox struct {
	opts     sandboxOptions
	cfg      config.Config // as given; DINGTALK_APP_TYPE=third_party starts with two organisations
	emu      *dingtalktest.Server
	orgs     []*sandboxOrg // one, or two when the bot is a third-party app
	calls    *callLog
	people   *roster
	commands []string // command words for tab completion
	// handledN counts the messages and clicks the bot has carried out
	// (app.WithCommandDone); a pointer, shared by the copy restart makes.
	handledN *atomic.Int64
	tmp      string // store and log; removed on close
	logFile  *os.File
	stop     context.CancelFunc
	done     chan error // the bot's a.wait result
	app      *app.App   // the running bot: :end runs its watcher at once
	// skew moves the bot's commands clock ahead of the wall clock: :end
	// skips the watcher's wait for a recording (a time.Duration).
	skew    *atomic.Int64
	ready   time.Duration
	startup int // calls made before the first message
}

// startSandbox starts and seeds the emulator, starts the bot against it in
// a temporary directory and waits until the bot's stream is connected.
func startSandbox(ctx context.Context, cfg config.Config, opts sandboxOptions) (sb *sandbox, err error) {
	sb = &sandbox{opts: opts, cfg: cfg, calls: newCallLog(), people: newRoster(demoPeople), handledN: new(atomic.Int64),
		skew: new(atomic.Int64)}
	defer func() {
		if err != nil {
			err = sb.failed(err)
		}
	}()
	if sb.tmp, err = os.MkdirTemp("", "meetbot-sandbox-"); err != nil {
		return sb, err
	}
	if sb.logFile, err = os.Create(filepath.Join(sb.tmp, "meetbot.log")); err != nil {
		return sb, err
	}
	// Recordings and AI notes are ready as soon as they stop (DingTalk
	// takes minutes): :end shows the whole story at once.
	eo := dingtalktest.Options{OnCall: sb.calls.add, ProcessingDelay: -1}
	if cfg.ThirdParty() {
		eo.ThirdParty, eo.CorpID = true, demoOrgs[0].CorpID
	}
	sb.emu, err = dingtalktest.Start("127.0.0.1:0", eo)
	if err != nil {
		return sb, fmt.Errorf("start the DingTalk emulator: %w", err)
	}
	sb.orgs = seedOrgs(sb.emu, cfg.ThirdParty())
	if opts.setup != nil {
		opts.setup(sb.emu)
	}
	return sb, sb.startBot(ctx, cfg)
}

// startBot runs the real bot (start, then a.wait in a goroutine) and waits
// for its stream connection.
func (sb *sandbox) startBot(ctx context.Context, cfg config.Config) error {
	log := zerolog.New(sb.logFile).Level(cfg.Level()).With().Timestamp().Logger()
	bctx, stop := context.WithCancel(ctx)
	a, err := app.Start(bctx, sandboxConfig(cfg, sb.emu, sb.tmp), log, app.WithCommandDone(sb.doneOne),
		app.WithClock(func() time.Time { return time.Now().Add(time.Duration(sb.skew.Load())) }))
	if err != nil {
		stop()
		return fmt.Errorf("start the bot: %w", err)
	}
	done := make(chan error, 1)
	sb.stop, sb.done, sb.app = stop, done, a
	go func() { done <- a.Wait(bctx) }()
	sb.commands = commandWords(a.Commands())
	wctx, cancel := context.WithTimeout(ctx, sb.opts.connectTimeout)
	defer cancel()
	if err := sb.emu.WaitConnected(wctx, 1); err != nil {
		return fmt.Errorf("the bot did not connect to the emulator: %w", err)
	}
	if sb.thirdParty() {
		if err := sb.pushTicket(wctx); err != nil {
			return err
		}
	}
	sb.startup = sb.calls.mark()
	return nil
}

// pushTicket pushes a suite ticket, as DingTalk does soon after a
// third-party app connects, and waits until the bot has taken it: without
// one it can get no organisation's token.
func (sb *sandbox) pushTicket(ctx context.Context) error {
	id, _ := sb.emu.PushSuiteTicket("")
	ack, err := sb.emu.WaitAck(ctx, id)
	if err != nil {
		return fmt.Errorf("the bot did not take the suite ticket: %w", err)
	}
	if !strings.Contains(ack.Data, "SUCCESS") {
		return fmt.Errorf("the bot refused the suite ticket: %s", ack.Data)
	}
	return nil
}

// sandboxCardTemplate is the card template id the sandbox's bot uses. The
// emulator accepts any id; the sandbox draws cards with the shipped
// template (commands/cardtemplate), as DingTalk would with the imported one.
const sandboxCardTemplate = "meetbot-sandbox.schema"

// sandboxConfig points cfg at the emulator: its URL for both DingTalk
// hosts, its app (or suite) credentials and app type, a card template, a
// store in dir and any free health port.
func sandboxConfig(cfg config.Config, emu *dingtalktest.Server, dir string) config.Config {
	o := emu.Options()
	cfg.ClientID, cfg.ClientSecret = o.ClientID, o.ClientSecret
	cfg.AppType = config.AppInternal
	if o.ThirdParty {
		cfg.AppType = config.AppThirdParty
	}
	cfg.APIURL, cfg.OAPIURL = emu.URL(), emu.URL()
	cfg.CardTemplateID = sandboxCardTemplate
	cfg.Store = filepath.Join(dir, "meetbot.db")
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.WatchInterval = sandboxWatch
	return cfg
}

// sandboxWatch is how often the sandbox's bot watches its meetings.
const sandboxWatch = 5 * time.Second

// failed adds the end of the bot's log to a startup error, then cleans up.
func (sb *sandbox) failed(err error) error {
	if tail := sb.logTail(10); tail != "" {
		err = fmt.Errorf("%w\nlast lines of the bot's log:\n%s", err, tail)
	}
	sb.close()
	return err
}

// close stops the bot (letting it finish in-flight commands), then the
// emulator, and removes the temporary directory.
func (sb *sandbox) close() {
	if sb.stop != nil {
		sb.stop()
		<-sb.done
		sb.stop = nil
	}
	if sb.emu != nil {
		sb.emu.Close()
	}
	if sb.logFile != nil {
		_ = sb.logFile.Close()
	}
	if sb.tmp != "" {
		_ = os.RemoveAll(sb.tmp)
	}
}

// logTail returns the last n lines of the bot's log.
func (sb *sandbox) logTail(n int) string {
	if sb.logFile == nil {
		return ""
	}
	b, err := os.ReadFile(sb.logFile.Name())
	if err != nil {
		return ""
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// commandWords are "/name" for every command name and alias, for tab
// completion.
func commandWords(defs []commands.Definition) []string {
	var words []string
	for _, d := range defs {
		for _, n := range append([]string{d.Name}, d.Aliases...) {
			words = append(words, "/"+n)
		}
	}
	return words
}

// errNoReply marks a message the bot did not answer in time.
var errNoReply = errors.New("no reply")
