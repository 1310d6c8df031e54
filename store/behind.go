package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Behind wraps a Store for records that a reply must not wait for and must
// not lose: the audit trail, the spotlight and mute records. Set, Delete
// and Push hand the write to a queue and return; rounds make the queued
// writes in the background, many in one transaction where the store can,
// and a write that fails stays queued and is tried again, with a growing
// pause, until the store takes it. Meanwhile this process reads its own
// writes: Get answers from the newest queued Set or Delete of a key, and
// Last puts the queued pushes of a list in front of the stored entries.
//
// Two modes:
//   - write-behind (Linger > 0, the embedded file): every write waits up
//     to Linger for company, so a busy chat's records share one fsync;
//   - write-through (Linger 0, Redis shared by replicas): a write is made
//     at once, as replicas read it; only a failed one is queued and
//     retried.
//
// Err reports a store that is refusing writes right now (for /readyz);
// Flush waits for the queue, before the store is closed. Other methods
// pass through.
type Behind struct {
	Store
	linger time.Duration
	log    func(err error, key string, n int) // failed write of n ops

	mu      sync.Mutex
	keys    map[string]*keyQueue
	queued  int
	running bool
	room    chan struct{} // closed and replaced whenever queued drops
	failing error         // the last round's first failure; nil after a clean round
}

// keyQueue is the queued writes of one key.
type keyQueue struct {
	ops     []writeOp
	settled chan struct{} // closed once every write queued for the key is made
}

// opKind is what a queued write does.
type opKind int

const (
	opSet opKind = iota + 1
	opDelete
	opPush
)

// writeOp is one queued write of a key.
type writeOp struct {
	kind opKind
	val  []byte
	ttl  time.Duration
	keep int // opPush
}

// Write-queue bounds and timing.
const (
	// maxQueuedWrites bounds the queue: past it a write waits for room,
	// within its context, so a store slower than the commands slows the
	// commands down rather than filling memory.
	maxQueuedWrites = 20000
	// behindWriteTimeout bounds one background write.
	behindWriteTimeout = 10 * time.Second
	// maxRetryPause is the longest pause between rounds while writes fail.
	maxRetryPause = 5 * time.Second
)

// ErrQueueFull is returned by a write that found the queue full until its
// context ended.
var ErrQueueFull = errors.New("store: write queue full")

// NewBehind wraps st. linger > 0 is write-behind, 0 write-through (see
// Behind). onFail, if not nil, is told of each failed write (it will be
// tried again).
func NewBehind(st Store, linger time.Duration, onFail func(err error, key string, n int)) *Behind {
	if onFail == nil {
		onFail = func(error, string, int) {}
	}
	return &Behind{Store: st, linger: linger, log: onFail, keys: map[string]*keyQueue{}, room: make(chan struct{})}
}

// Get returns the value key will hold once its queued writes are made.
func (b *Behind) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if val, found, known := b.peek(key); known {
		return val, found, nil
	}
	return b.Store.Get(ctx, key)
}

// Set stores val at key (see Behind).
func (b *Behind) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	return b.write(ctx, key, writeOp{kind: opSet, val: val, ttl: ttl})
}

// Delete removes key (see Behind).
func (b *Behind) Delete(ctx context.Context, key string) error {
	return b.write(ctx, key, writeOp{kind: opDelete})
}

// Push adds val to the list at key (see Behind and Store.Push).
func (b *Behind) Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	if err := checkKeep(keep); err != nil {
		return err
	}
	return b.write(ctx, key, writeOp{kind: opPush, val: val, keep: keep, ttl: ttl})
}

// Last returns up to n newest entries of the list at key: the queued
// pushes (newest first) before the stored entries. A queued entry equal
// to a stored one is the same record, written while it was being read,
// and counts once.
func (b *Behind) Last(ctx context.Context, key string, n int) ([][]byte, error) {
	stored, err := b.Store.Last(ctx, key, n)
	queued := b.queuedPushes(key)
	if err != nil && len(queued) == 0 {
		return nil, err
	}
	out := make([][]byte, 0, min(n, len(queued)+len(stored)))
	for i := len(queued) - 1; i >= 0 && len(out) < n; i-- {
		if !containsBytes(stored, queued[i]) {
			out = append(out, queued[i])
		}
	}
	for _, v := range stored {
		if len(out) == n {
			break
		}
		out = append(out, v)
	}
	return out, nil
}

func containsBytes(list [][]byte, v []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, v) {
			return true
		}
	}
	return false
}

// Err reports whether the store is refusing writes now: the error of the
// last round that failed, until a round succeeds.
func (b *Behind) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failing == nil {
		return nil
	}
	return fmt.Errorf("%d writes waiting: %w", b.queued, b.failing)
}

// Queued is the number of writes not yet made.
func (b *Behind) Queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.queued
}

// write makes op now (write-through) or queues it (write-behind, or a
// write-through that failed).
func (b *Behind) write(ctx context.Context, key string, op writeOp) error {
	if b.linger == 0 && !b.pending(key) {
		err := b.apply(ctx, key, []writeOp{op})
		if err == nil {
			return nil
		}
		b.log(err, key, 1)
	}
	return b.queue(ctx, key, op)
}

// pending reports whether key has queued writes (a later write must queue
// behind them to keep the order).
func (b *Behind) pending(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.keys[key]
	return ok
}

// queue adds op behind the queued writes of key, waiting for room within ctx.
func (b *Behind) queue(ctx context.Context, key string, op writeOp) error {
	b.mu.Lock()
	for b.queued >= maxQueuedWrites {
		room := b.room
		b.mu.Unlock()
		select {
		case <-room:
		case <-ctx.Done():
			return fmt.Errorf("%w: %s", ErrQueueFull, key)
		}
		b.mu.Lock()
	}
	defer b.mu.Unlock()
	b.queued++
	q, ok := b.keys[key]
	if !ok {
		q = &keyQueue{settled: make(chan struct{})}
		b.keys[key] = q
	}
	q.ops = append(q.ops, op)
	if !b.running {
		b.running = true
		go b.rounds()
	}
	return nil
}

// rounds makes the queued writes until none is left: each round takes
// what is queued, writes every key at once (one goroutine per key, so the
// store shares a transaction among them) and forgets what was written.
// Rounds follow one another, so a key's writes are made in order; after a
// round with failures the pause doubles, up to maxRetryPause.
func (b *Behind) rounds() {
	pause := b.linger
	for {
		time.Sleep(pause) // lets writes gather, or the store recover; not synchronisation
		batch := b.snapshot()
		failed := make(map[string]error, 0)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for key, ops := range batch {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), behindWriteTimeout)
				defer cancel()
				if err := b.apply(ctx, key, ops); err != nil {
					b.log(err, key, len(ops))
					mu.Lock()
					failed[key] = err
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if !b.done(batch, failed) {
			return
		}
		pause = nextPause(pause, b.linger, len(failed) > 0)
	}
}

// nextPause is the pause before the next round: the linger after a clean
// round, else twice the last pause (at least 10 ms), up to maxRetryPause.
func nextPause(last, linger time.Duration, failed bool) time.Duration {
	if !failed {
		return linger
	}
	return min(max(2*last, 10*time.Millisecond), maxRetryPause)
}

// snapshot returns the queued writes of every key.
func (b *Behind) snapshot() map[string][]writeOp {
	b.mu.Lock()
	defer b.mu.Unlock()
	batch := make(map[string][]writeOp, len(b.keys))
	for key, q := range b.keys {
		batch[key] = q.ops[:len(q.ops):len(q.ops)]
	}
	return batch
}

// done forgets the writes of a round that were made (failed keys keep
// theirs, to be tried again first), settles keys with none left, and
// reports whether another round is needed, stopping the loop if not.
func (b *Behind) done(batch map[string][]writeOp, failed map[string]error) (more bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failing = nil
	for _, err := range failed {
		b.failing = err
		break
	}
	for key, ops := range batch {
		if failed[key] != nil {
			continue
		}
		q := b.keys[key]
		clear(q.ops[:len(ops)])
		q.ops = q.ops[len(ops):]
		b.queued -= len(ops)
		if len(q.ops) == 0 {
			delete(b.keys, key)
			close(q.settled)
		}
	}
	close(b.room)
	b.room = make(chan struct{})
	b.running = len(b.keys) > 0
	return b.running
}

// pushAller is a Store that appends several entries to a list in one
// write (the embedded file).
type pushAller interface {
	PushAll(ctx context.Context, key string, vals [][]byte, keep int, ttl time.Duration) error
}

// apply makes the writes of one key. A key holds a value or a list, never
// both: of Sets and Deletes only the newest matters; pushes go in one
// PushAll when the store has it.
func (b *Behind) apply(ctx context.Context, key string, ops []writeOp) error {
	last := ops[len(ops)-1]
	if ops[0].kind != opPush {
		if last.kind == opDelete {
			return b.Store.Delete(ctx, key)
		}
		return b.Store.Set(ctx, key, last.val, last.ttl)
	}
	if pa, ok := b.Store.(pushAller); ok {
		vals := make([][]byte, len(ops))
		for i, op := range ops {
			vals[i] = op.val
		}
		return pa.PushAll(ctx, key, vals, last.keep, last.ttl)
	}
	for _, op := range ops {
		if err := b.Store.Push(ctx, key, op.val, op.keep, op.ttl); err != nil {
			return err
		}
	}
	return nil
}

// peek returns the value key will hold once its queued writes are made:
// known is false when no Set or Delete of key is queued.
func (b *Behind) peek(key string) (val []byte, found, known bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	q, ok := b.keys[key]
	if !ok {
		return nil, false, false
	}
	for i := len(q.ops) - 1; i >= 0; i-- {
		switch q.ops[i].kind {
		case opSet:
			return q.ops[i].val, true, true
		case opDelete:
			return nil, false, true
		}
	}
	return nil, false, false
}

// queuedPushes returns the values queued for the list at key, oldest first.
func (b *Behind) queuedPushes(key string) [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	q, ok := b.keys[key]
	if !ok {
		return nil
	}
	var out [][]byte
	for _, op := range q.ops {
		if op.kind == opPush {
			out = append(out, op.val)
		}
	}
	return out
}

// Flush waits until every write queued so far is made, or ctx is done.
func (b *Behind) Flush(ctx context.Context) error {
	b.mu.Lock()
	waits := make([]chan struct{}, 0, len(b.keys))
	for _, q := range b.keys {
		waits = append(waits, q.settled)
	}
	b.mu.Unlock()
	for _, ch := range waits {
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("%d writes not made: %w", b.Queued(), context.Cause(ctx))
		}
	}
	return nil
}
