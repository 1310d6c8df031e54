package app

import (
	"context"
	"time"

	"github.com/meetbot/meetbot/commands"
	"github.com/meetbot/meetbot/store"
)

// Option adjusts what Start builds: for the sandbox and tests.
type Option func(*options)

// options are what Start takes besides the configuration.
type options struct {
	now       func() time.Time              // the commands clock; nil = time.Now
	grace     time.Duration                 // shutdown grace; 0 = shutdownGrace
	wrapStore func(store.Store) store.Store // wraps the opened store (fault injection)
	storeOpts []store.Option                // options of store.Open
	onDone    func()                        // told after each command or click is carried out
}

// WithCommandDone calls fn after each message or card click the bot has
// carried out, its reply and card sent: the sandbox knows a line is done.
func WithCommandDone(fn func()) Option {
	return func(o *options) { o.onDone = fn }
}

// WithStoreOptions passes options to store.Open (a test clock, say).
func WithStoreOptions(opts ...store.Option) Option {
	return func(o *options) { o.storeOpts = append(o.storeOpts, opts...) }
}

// WithStoreWrapper wraps the store the bot opens, for tests that make it
// fail.
func WithStoreWrapper(wrap func(store.Store) store.Store) Option {
	return func(o *options) { o.wrapStore = wrap }
}

// WithGrace bounds the shutdown to d instead of shutdownGrace.
func WithGrace(d time.Duration) Option {
	return func(o *options) { o.grace = d }
}

// WithClock gives the commands (undo window, audit times) a clock.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// Connected reports whether the bot's stream is connected to DingTalk.
func (a *App) Connected() bool { return a.stream.Connected() }

// HealthAddr is the address of /healthz, /readyz and /metrics (the real
// port when MEETBOT_HTTP_ADDR asks for port 0).
func (a *App) HealthAddr() string { return a.healthAddr }

// Store is the state store the bot opened.
func (a *App) Store() store.Store { return a.store }

// Flush waits until the audit, spotlight and mute records queued so far
// are in the store.
func (a *App) Flush(ctx context.Context) error { return a.records.Flush(ctx) }

// Commands are the command definitions, in help order.
func (a *App) Commands() []commands.Definition { return a.registry.Commands() }

// queueLen is the handler's queue length, 0 before it exists.
func (a *App) queueLen() int {
	if a.handler == nil {
		return 0
	}
	return a.handler.QueueLen()
}

// WatchRound runs one round of the meeting watcher now, whether or not
// this replica holds the watch lease: for tests and the sandbox.
func (a *App) WatchRound(ctx context.Context) (commands.WatchReport, error) {
	interval := a.cfg.WatchInterval
	if interval <= 0 {
		interval = time.Minute
	}
	return a.registry.WatchRound(ctx, interval)
}
