package main

import (
	"time"

	"github.com/meetbot/meetbot/store"
)

// startOption adjusts what start builds, for tests.
type startOption func(*startOptions)

// startOptions are what start takes besides the configuration.
type startOptions struct {
	now       func() time.Time              // the commands clock; nil = time.Now
	grace     time.Duration                 // shutdown grace; 0 = shutdownGrace
	wrapStore func(store.Store) store.Store // wraps the opened store (fault injection)
	storeOpts []store.Option                // options of store.Open
}

// withStoreOptions passes options to store.Open (a test clock, say).
func withStoreOptions(opts ...store.Option) startOption {
	return func(o *startOptions) { o.storeOpts = append(o.storeOpts, opts...) }
}

// withStoreWrapper wraps the store the bot opens, for tests that make it
// fail.
func withStoreWrapper(wrap func(store.Store) store.Store) startOption {
	return func(o *startOptions) { o.wrapStore = wrap }
}

// withGrace bounds the shutdown to d instead of shutdownGrace.
func withGrace(d time.Duration) startOption {
	return func(o *startOptions) { o.grace = d }
}

// withClock gives the commands (undo window, audit times) a clock.
func withClock(now func() time.Time) startOption {
	return func(o *startOptions) { o.now = now }
}

// queueLen is the handler's queue length, 0 before it exists.
func (a *app) queueLen() int {
	if a.handler == nil {
		return 0
	}
	return a.handler.QueueLen()
}
