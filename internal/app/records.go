package app

import (
	"strings"
	"time"

	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/store"
)

// recordLinger is how long audit, spotlight and mute records wait to share
// a write: with the bbolt file, which this process alone writes (the file
// lock keeps other processes out), 10 ms, so a busy chat's records share
// one fsync after the reply; with Redis, which replicas read at once,
// none: written before the reply, and retried in the background only if
// that fails.
func recordLinger(st store.Store) time.Duration {
	if _, ok := st.(*store.Bolt); ok {
		return 10 * time.Millisecond
	}
	return 0
}

// keyKind is the kind of a store key for logs ("audit", "focus"…): never
// the ids it holds.
func keyKind(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	return kind
}

// newDedupe returns what the bot claims message ids with, and what must be
// closed before the store. With the bbolt file a claim is decided in
// memory and written in the background (store.Claims): no fsync stands
// between a message and its reply. With Redis it stays a synchronous SET
// NX, which is what makes two replicas handle a message once.
func newDedupe(st store.Store) (bot.Claimer, func() error) {
	b, ok := st.(*store.Bolt)
	if !ok {
		return st, func() error { return nil }
	}
	c := store.NewClaims(b)
	return c, c.Close
}
