package commands

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Write-behind (Config.WriteBehind): the records an action leaves — its
// audit entry, the spotlight and mute state — are queued and written a
// few milliseconds later, many in one transaction, instead of before the
// reply. With the embedded store
// each write waits for a shared transaction and an fsync, and a chat's
// commands run one after another, so writes before every reply set the
// pace of a busy chat, and a slow fsync stalls it.
//
// This process still reads what it wrote, at once and in order:
//   - the writes of one key are made in the order they were queued;
//   - a read of a value key answers from the newest queued write of that
//     key, if any (peek), so no read waits for the disk;
//   - a read of a list waits until the list's queued pushes are stored
//     (settle); only /undo and /meeting log read lists.
//
// Other processes see a record once it is written, within milliseconds:
// hence only for the embedded store, which no other process opens.

// writeTimeout bounds one background write.
const writeTimeout = 10 * time.Second

// maxQueuedWrites bounds the queue: past it, queueing waits for the
// writers, so a store slower than the commands slows the commands down
// rather than filling memory.
const maxQueuedWrites = 20000

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
	ttl  time.Duration // opSet
	keep int           // opPush
	msg  string        // logged if the write fails
	log  *zerolog.Logger
}

// keyQueue is the queued writes of one key.
type keyQueue struct {
	ops     []writeOp
	settled chan struct{} // closed once every write queued for the key is made
}

// pushAller is a KV that appends several entries to a list in one write
// (the embedded store).
type pushAller interface {
	PushAll(ctx context.Context, key string, vals [][]byte, keep int) error
}

// writeBehind queues writes and makes them in rounds: a round waits
// writeLinger for company, then makes every key's queued writes at once
// (one goroutine per key), so the store shares one transaction and one
// fsync among them. Rounds run one after another, so a key's writes are
// made in the order they were queued. No goroutine runs while nothing is
// queued.
type writeBehind struct {
	kv      KV
	mu      sync.Mutex
	room    *sync.Cond // signalled when queued drops
	keys    map[string]*keyQueue
	queued  int
	running bool // the round loop is running
}

// writeLinger is how long a round waits for more writes to share its
// transaction: a bound on how late a record reaches the store, at most
// one transaction per this period.
const writeLinger = 10 * time.Millisecond

func newWriteBehind(kv KV) *writeBehind {
	w := &writeBehind{kv: kv, keys: map[string]*keyQueue{}}
	w.room = sync.NewCond(&w.mu)
	return w
}

// queue adds op behind the queued writes of key.
func (w *writeBehind) queue(key string, op writeOp) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.queued >= maxQueuedWrites {
		w.room.Wait()
	}
	w.queued++
	q, ok := w.keys[key]
	if !ok {
		q = &keyQueue{settled: make(chan struct{})}
		w.keys[key] = q
	}
	q.ops = append(q.ops, op)
	if !w.running {
		w.running = true
		go w.rounds()
	}
}

// rounds runs rounds until nothing is queued.
func (w *writeBehind) rounds() {
	for {
		time.Sleep(writeLinger) // lets writes gather; not synchronisation
		w.mu.Lock()
		batch := make(map[string][]writeOp, len(w.keys))
		for key, q := range w.keys {
			batch[key] = q.ops[:len(q.ops):len(q.ops)]
		}
		w.mu.Unlock()
		var wg sync.WaitGroup
		for key, ops := range batch {
			wg.Go(func() { w.writeKey(key, ops) })
		}
		wg.Wait()
		if !w.done(batch) {
			return
		}
	}
}

// done forgets the writes of a round and settles keys with none left. It
// reports whether another round is needed, and stops the loop if not.
func (w *writeBehind) done(batch map[string][]writeOp) (more bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for key, ops := range batch {
		q := w.keys[key]
		clear(q.ops[:len(ops)])
		q.ops = q.ops[len(ops):]
		w.queued -= len(ops)
		if len(q.ops) == 0 {
			delete(w.keys, key)
			close(q.settled)
		}
	}
	w.room.Broadcast()
	w.running = len(w.keys) > 0
	return w.running
}

// writeKey makes the queued writes of one key. A key holds a value or a
// list, never both: of Sets and Deletes only the newest matters; pushes
// go in one PushAll when the store has it.
func (w *writeBehind) writeKey(key string, ops []writeOp) {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	pa, ok := w.kv.(pushAller)
	if ops[0].kind != opPush || !ok {
		if ops[0].kind != opPush {
			ops = ops[len(ops)-1:]
		}
		for _, op := range ops {
			w.apply(ctx, key, op)
		}
		return
	}
	vals := make([][]byte, len(ops))
	for i, op := range ops {
		vals[i] = op.val
	}
	if err := pa.PushAll(ctx, key, vals, ops[len(ops)-1].keep); err != nil {
		ops[0].log.Warn().Err(err).Int("records", len(ops)).Msg(ops[0].msg)
	}
}

// apply makes one write, logging a failure.
func (w *writeBehind) apply(ctx context.Context, key string, op writeOp) {
	var err error
	switch op.kind {
	case opSet:
		err = w.kv.Set(ctx, key, op.val, op.ttl)
	case opDelete:
		err = w.kv.Delete(ctx, key)
	case opPush:
		err = w.kv.Push(ctx, key, op.val, op.keep)
	}
	if err != nil {
		op.log.Warn().Err(err).Msg(op.msg)
	}
}

// peek returns the value key will hold once its queued writes are made:
// known is false when no Set or Delete of key is queued.
func (w *writeBehind) peek(key string) (val []byte, found, known bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q, ok := w.keys[key]
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

// settle waits until the queued writes of key are made, or ctx is done.
func (w *writeBehind) settle(ctx context.Context, key string) {
	w.mu.Lock()
	q, ok := w.keys[key]
	w.mu.Unlock()
	if !ok {
		return
	}
	select {
	case <-q.settled:
	case <-ctx.Done():
	}
}

// flush waits until every write queued so far is made, or ctx is done.
func (w *writeBehind) flush(ctx context.Context) error {
	w.mu.Lock()
	waits := make([]chan struct{}, 0, len(w.keys))
	for _, q := range w.keys {
		waits = append(waits, q.settled)
	}
	w.mu.Unlock()
	for _, ch := range waits {
		select {
		case <-ch:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	return nil
}

// write makes op on key: queued with write-behind, else at once. A
// failure is logged with op.msg, never returned: the action it records
// has already happened.
func (s *state) write(ctx context.Context, key string, op writeOp) {
	op.log = zerolog.Ctx(ctx)
	if s.behind != nil {
		s.behind.queue(key, op)
		return
	}
	w := writeBehind{kv: s.kv}
	w.apply(ctx, key, op)
}

// Flush waits until every record queued for writing (Config.WriteBehind)
// is stored, or ctx is done. Call it before closing the store.
func (r *Registry) Flush(ctx context.Context) error {
	if r.st.behind == nil {
		return nil
	}
	return r.st.behind.flush(ctx)
}

// setLater stores v as JSON at key (see write).
func (s *state) setLater(ctx context.Context, key string, v any, ttl time.Duration, msg string) {
	b, err := json.Marshal(v)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg(msg)
		return
	}
	s.write(ctx, key, writeOp{kind: opSet, val: b, ttl: ttl, msg: msg})
}

// peek is writeBehind.peek, or nothing known without write-behind.
func (s *state) peek(key string) (val []byte, found, known bool) {
	if s.behind == nil {
		return nil, false, false
	}
	return s.behind.peek(key)
}
