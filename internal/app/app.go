package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/rs/zerolog"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/config"
	"github.com/meetbot/meetbot/dingtalk"
	"github.com/meetbot/meetbot/store"
)

// Compile-time checks that the concrete types fit the interfaces their
// consumers declare: only the wiring sees both sides.
var (
	_ commands.KV         = (store.Store)(nil)
	_ bot.Claimer         = (store.Store)(nil)
	_ commands.Conference = conference{}
	_ commands.Directory  = contactsDirectory{}
	_ bot.Replier         = replier{}
)

// shutdownGrace bounds how long in-flight commands may run after a stop signal.
const shutdownGrace = 15 * time.Second

// App is a running meetbot: store, DingTalk client, command registry,
// stream handler and health server. Start builds one; Wait runs it until
// its context ends.
type App struct {
	cfg     config.Config
	log     zerolog.Logger
	store   store.Store
	dt      *dingtalk.Client
	handler *bot.Handler
	stream  *bot.Stream
	health  *http.Server
	metrics *metrics
	// registry runs the commands. Its audit, spotlight and mute records go
	// through records, flushed before the store closes, as are the last
	// dedupe claims (closeDedupe).
	registry    *commands.Registry
	records     *store.Behind
	closeDedupe func() error
	// healthAddr is the address the health server listens on (the real
	// port when MEETBOT_HTTP_ADDR asks for port 0).
	healthAddr string
	// grace bounds the shutdown (shutdownGrace unless a test sets it).
	grace time.Duration
}

// Run starts meetbot and blocks until ctx is done, then shuts down.
func Run(ctx context.Context, cfg config.Config, log zerolog.Logger) error {
	a, err := Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	return a.Wait(ctx)
}

// Start builds every part and starts the stream and the health server. It
// returns once the health endpoint listens; the stream connects in the
// background, retrying until DingTalk answers.
func Start(ctx context.Context, cfg config.Config, log zerolog.Logger, opts ...Option) (*App, error) {
	var so options
	for _, o := range opts {
		o(&so)
	}
	store.LogRedisTo(log)
	st, err := store.Open(ctx, cfg.Store, so.storeOpts...)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", store.RedactDSN(cfg.Store), err)
	}
	if so.wrapStore != nil {
		st = so.wrapStore(st)
	}
	a := &App{cfg: cfg, log: log, store: st, grace: shutdownGrace}
	if so.grace > 0 {
		a.grace = so.grace
	}
	a.metrics = newMetrics(a.queueLen)
	a.metrics.onDone = so.onDone
	a.dt = dingtalk.NewClient(cfg.ClientID, cfg.ClientSecret, append([]dingtalk.Option{
		dingtalk.WithAPIURL(cfg.APIURL), dingtalk.WithOAPIURL(cfg.OAPIURL),
		dingtalk.WithQPS(cfg.APIQPS), dingtalk.WithLogger(log), dingtalk.WithObserver(a.metrics)},
		a.appTypeOptions()...)...)
	if err := a.checkCredentials(ctx); err != nil {
		st.Close()
		return nil, err
	}
	a.records = store.NewBehind(st, recordLinger(st), func(err error, key string, n int) {
		log.Warn().Err(err).Str("key_kind", keyKind(key)).Int("writes", n).Msg("store write failed; will retry")
	})
	replies := replier{a.dt.Messages}
	cards := newCardSender(a.dt.Cards, cfg.CardTemplateID, cfg.ClientID)
	registry := commands.New(commands.Config{
		Poster:       poster{replier: replies, cards: cards, robotCode: cfg.ClientID},
		App:          cfg.ClientID,
		Bookings:     bookings{a.dt.Schedule},
		RemindBefore: cfg.RemindBefore,
		Location:     cfg.Location(),
		Conference:   conference{a.dt.Conference},
		Directory:    contactsDirectory{a.dt.Contacts},
		KV:           st,
		Records:      a.records,
		Admins:       cfg.Admins,
		Retention:    cfg.Retention,
		Now:          so.now,
		Cards:        cfg.CardTemplateID != "",
	})
	a.registry = registry
	var dedupe bot.Claimer
	dedupe, a.closeDedupe = newDedupe(st)
	a.handler = bot.New(bot.Config{
		Commands: registry, Replier: replies, Dedupe: dedupe, Logger: log,
		RobotCode: cfg.ClientID, Workers: cfg.Workers, Queue: cfg.Queue, ChatQueue: cfg.ChatQueue,
		CommandTimeout: cfg.CommandTimeout,
		Observer:       a.metrics,
		Cards:          cards,
	})
	a.stream = bot.NewStream(bot.StreamConfig{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, APIURL: cfg.APIURL, Logger: log,
		Observer: a.metrics,
	}, a.handler)
	a.subscribeEvents()
	if err := a.serveHealth(); err != nil {
		_ = a.closeDedupe()
		st.Close()
		return nil, err
	}
	return a, nil
}

// checkCredentials fetches a token once. Wrong credentials stop the bot at
// once with a clear line; DingTalk being unreachable does not (the stream
// keeps retrying and /readyz says so).
func (a *App) checkCredentials(ctx context.Context) error {
	if a.cfg.ThirdParty() { // tokens are per organisation; the gateway checks the suite's credentials
		return nil
	}
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := a.dt.Token(tctx)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, dingtalk.ErrBadCredentials):
		return fmt.Errorf("DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET were refused by DingTalk: %w", err)
	default:
		a.log.Warn().Err(err).Msg("cannot get a DingTalk access token yet; will keep trying")
		return nil
	}
}

// ErrCommandsLost is wait's error when a shutdown left commands neither
// carried out nor answered "send it again": the process then exits 1.
var ErrCommandsLost = errors.New("stopped with commands neither carried out nor answered")

// wait runs the stream until ctx is done, then stops taking messages,
// finishes queued commands within the shutdown grace (telling the senders
// of those that cannot start in time to send them again) and closes the
// store.
func (a *App) Wait(ctx context.Context) error {
	wctx, stopWatch := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		if a.cfg.WatchInterval > 0 {
			a.watch(wctx, a.cfg.WatchInterval)
		}
	}()
	err := a.stream.Run(ctx)
	stopWatch()
	<-watching
	a.log.Info().Int("queued", a.handler.QueueLen()).Msg("stopping: finishing queued commands")
	sctx, cancel := context.WithTimeout(context.Background(), a.grace)
	defer cancel()
	rep := a.handler.Shutdown(sctx)
	if rep.Told > 0 || rep.Lost > 0 {
		a.log.Warn().Int("told_to_resend", rep.Told).Int("lost", rep.Lost).Strs("chats", rep.Chats).
			Msg("shutdown: commands that could not run in time")
	}
	if rep.Lost > 0 && err == nil {
		err = fmt.Errorf("%w: %d", ErrCommandsLost, rep.Lost)
	}
	_ = a.health.Shutdown(sctx)
	if ferr := a.records.Flush(sctx); ferr != nil {
		a.log.Error().Err(ferr).Msg("records queued for the store not all written")
	}
	if cerr := a.closeDedupe(); cerr != nil {
		a.log.Error().Err(cerr).Msg("write dedupe claims")
	}
	if cerr := a.store.Close(); cerr != nil {
		a.log.Error().Err(cerr).Msg("close store")
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func (a *App) serveHealth() error {
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("MEETBOT_HTTP_ADDR=%s: %w", a.cfg.HTTPAddr, err)
	}
	a.healthAddr = ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle("GET /metrics", a.metrics.handler())
	a.health = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := a.health.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error().Err(err).Msg("health server stopped")
		}
	}()
	return nil
}

// readyz is 200 when the stream is connected, the store answers and a
// DingTalk token can be had; otherwise 503 naming what is not ready.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	var problems []string
	if !a.stream.Connected() {
		problems = append(problems, "stream: not connected")
	}
	if err := a.store.Ping(ctx); err != nil {
		problems = append(problems, "store: "+err.Error())
	}
	if err := a.records.Err(); err != nil {
		problems = append(problems, "store writes failing: "+err.Error())
	}
	if err := a.tokenReady(ctx); err != nil {
		problems = append(problems, "token: "+err.Error())
	}
	if len(problems) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		for _, p := range problems {
			fmt.Fprintln(w, p)
		}
		return
	}
	fmt.Fprintln(w, "ready")
}

// NewLogger is the bot's logger: JSON lines on w, or console lines for
// people (LOG_FORMAT=console, colours unless NO_COLOR is set), at LOG_LEVEL.
func NewLogger(cfg config.Config, w io.Writer) zerolog.Logger {
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w, NoColor: os.Getenv("NO_COLOR") != ""}
	}
	return zerolog.New(w).Level(cfg.Level()).With().Timestamp().Logger()
}
