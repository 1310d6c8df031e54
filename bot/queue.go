package bot

import (
	"context"
	"sync"
)

// serialQueue runs jobs on a fixed pool of workers, one job at a time per
// key and in submission order within a key, jobs of different keys in
// parallel. It holds at most limit jobs; Submit refuses beyond that so the
// caller can tell the user instead of blocking the stream reader.
//
// Unlike hashing keys onto worker shards, a busy conversation never delays
// another one that happens to share its shard.
type serialQueue struct {
	mu      sync.Mutex
	pending map[string][]func() // per key; the head is running or about to
	ready   chan string         // keys whose head may run; never more than limit entries
	size    int
	limit   int
	closed  bool
	drained chan struct{} // closed once closed && size == 0
	wg      sync.WaitGroup
}

func newSerialQueue(workers, limit int) *serialQueue {
	q := &serialQueue{
		pending: make(map[string][]func()),
		ready:   make(chan string, limit),
		limit:   limit,
		drained: make(chan struct{}),
	}
	q.wg.Add(workers)
	for range workers {
		go q.work()
	}
	return q
}

// Submit queues fn behind earlier jobs of key. It reports false when the
// queue is full or closed.
func (q *serialQueue) Submit(key string, fn func()) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || q.size >= q.limit {
		return false
	}
	jobs, busy := q.pending[key]
	q.pending[key] = append(jobs, fn)
	q.size++
	if !busy {
		q.ready <- key // cannot block: one entry per key with jobs, and keys <= size <= limit
	}
	return true
}

// Len is the number of jobs waiting or running.
func (q *serialQueue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.size
}

func (q *serialQueue) work() {
	defer q.wg.Done()
	for key := range q.ready {
		q.mu.Lock()
		fn := q.pending[key][0]
		q.mu.Unlock()

		fn()

		q.mu.Lock()
		rest := q.pending[key][1:]
		q.size--
		if len(rest) == 0 {
			delete(q.pending, key)
		} else {
			q.pending[key] = rest
			q.ready <- key
		}
		if q.closed && q.size == 0 {
			q.finish()
		}
		q.mu.Unlock()
	}
}

// Close stops taking jobs and waits until every queued job has run or ctx
// is done. It reports how many jobs were still queued when it gave up.
func (q *serialQueue) Close(ctx context.Context) int {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		if q.size == 0 {
			q.finish()
		}
	}
	q.mu.Unlock()
	select {
	case <-q.drained:
		q.wg.Wait()
		return 0
	case <-ctx.Done():
		return q.Len()
	}
}

// finish is called with mu held once the queue is closed and empty.
func (q *serialQueue) finish() {
	select {
	case <-q.drained:
	default:
		close(q.drained)
		close(q.ready)
	}
}
