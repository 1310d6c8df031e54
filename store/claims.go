package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// claimRetry is how long the writer waits after a failed write of claims
// before it tries again; the claims stay decided in memory meanwhile.
const claimRetry = time.Second

// claimLinger is how long the writer lets claims gather before writing
// them: at most one transaction per period however fast messages come.
const claimLinger = 10 * time.Millisecond

// Claims is SetNX for message dedupe over a Bolt file, decided in memory so
// that claiming a message costs no fsync. bbolt's file lock means this
// process is the only writer, so a mutex-guarded check of memory and then
// of the file gives exactly one winner per key, as Bolt.SetNX does; the
// winning claims are written to the file in the background, many per
// transaction. A claim is in memory from the moment it is won until it is
// in the file, so there is no gap in which a second SetNX could win it.
//
// What it gives up: a claim won less than a write (a few milliseconds)
// before the process is killed is not in the file, so a message delivered
// again after a restart in that window runs twice. Redis must keep a
// synchronous SET NX instead: it is what makes two replicas handle a
// message once.
type Claims struct {
	b *Bolt

	mu     sync.Mutex
	queued map[string][]byte // won, not yet in the file: key → encoded record
	closed bool

	wake      chan struct{} // 1-buffered: queued has something new
	stop      chan struct{} // closed by Close
	done      chan struct{} // closed when the writer has returned
	closeOnce sync.Once
}

// NewClaims returns Claims over b and starts its background writer. Call
// Close before closing b, so the last claims reach the file.
func NewClaims(b *Bolt) *Claims {
	c := &Claims{
		b: b, queued: map[string][]byte{},
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go c.writeLoop()
	return c
}

// SetNX claims key: it stores val at key unless key is claimed already (in
// memory, or in the file and not expired) and reports whether it did. It
// returns before the claim is in the file.
func (c *Claims) SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error) {
	if err := preflight(ctx, ttl); err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false, c.b.wrap("setnx", key, ErrClosed)
	}
	if rec, ok := c.queued[key]; ok {
		if r, err := decodeRecord(rec); err == nil && !r.expired(c.b.now()) {
			return false, nil
		}
	}
	// Under mu: the writer removes a claim from memory only after it is
	// in the file, so a claim is always seen in one place or the other.
	if held, err := c.b.held(key); err != nil || held {
		return false, err
	}
	c.queued[key] = encodeRecord(kindValue, expiryAt(c.b.now(), ttl), val)
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return true, nil
}

// Close writes the claims still in memory to the file and stops the
// writer. It is idempotent; SetNX fails with ErrClosed afterwards.
func (c *Claims) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		close(c.stop)
		<-c.done
	})
	return c.flush()
}

// writeLoop writes queued claims, claimLinger after the first of them
// arrives, until Close.
func (c *Claims) writeLoop() {
	defer close(c.done)
	retry := time.NewTimer(0)
	<-retry.C
	linger := time.NewTimer(0)
	<-linger.C
	for {
		select {
		case <-c.stop:
			return
		case <-c.wake:
			linger.Reset(claimLinger)
			select {
			case <-c.stop:
				return // Close writes what is queued
			case <-linger.C:
			}
		case <-retry.C:
		}
		if err := c.flush(); err != nil {
			retry.Reset(claimRetry)
		}
	}
}

// flush writes every queued claim in one transaction (shared with other
// writers through Batch), then forgets the ones written.
func (c *Claims) flush() error {
	c.mu.Lock()
	batch := make(map[string][]byte, len(c.queued))
	for k, rec := range c.queued {
		batch[k] = rec
	}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.b.write(func(tx *bolt.Tx) error {
		kv := tx.Bucket(bucketName)
		for k, rec := range batch {
			if err := kv.Put([]byte(k), rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", describe("bolt", "write claims", "", c.b.path), err)
	}
	c.mu.Lock()
	for k := range batch {
		delete(c.queued, k)
	}
	c.mu.Unlock()
	return nil
}

// held reports whether key holds a live record of any kind in the file:
// the check SetNX makes, without a write transaction.
func (b *Bolt) held(key string) (bool, error) {
	var ok bool
	err := b.db.View(func(tx *bolt.Tx) error {
		var err error
		_, ok, err = b.load(tx, key)
		return err
	})
	if err != nil {
		return false, b.wrap("setnx", key, err)
	}
	return ok, nil
}
