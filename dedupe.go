package main

import (
	"github.com/meetbot/meetbot/bot"
	"github.com/meetbot/meetbot/store"
)

// embedded reports whether st is the bbolt file, which this process alone
// writes (the file lock keeps other processes out), rather than Redis,
// which replicas share.
func embedded(st store.Store) bool {
	_, ok := st.(*store.Bolt)
	return ok
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
