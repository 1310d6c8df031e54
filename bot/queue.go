package bot

import (
	"context"
	"sync"
)

// job is one queued unit of work: run carries it out; abandon, called
// instead when the queue is shut down before the job starts, tells its
// sender it was not run.
type job struct {
	run     func()
	abandon func(ctx context.Context) bool // reports whether the sender was told
}

// serialQueue runs jobs on a fixed pool of workers, one job at a time per
// key and in submission order within a key, jobs of different keys in
// parallel. It holds at most limit jobs, and at most perKey of one key;
// Submit refuses beyond either so the caller can tell the user instead of
// blocking the stream reader. The per-key bound is fairness: one chat
// sending faster than the workers drain it fills its own share, never the
// whole queue, so another chat is never refused for it.
//
// Unlike hashing keys onto worker shards, a busy conversation never delays
// another one that happens to share its shard.
type serialQueue struct {
	mu      sync.Mutex
	pending map[string][]job // per key; the head is running or about to
	running map[string]bool  // keys whose head a worker is running
	ready   chan string      // keys whose head may run; never more than limit entries
	size    int
	limit   int
	perKey  int
	closed  bool
	drained chan struct{} // closed once closed && size == 0
	wg      sync.WaitGroup
}

func newSerialQueue(workers, limit, perKey int) *serialQueue {
	q := &serialQueue{
		pending: make(map[string][]job),
		running: make(map[string]bool),
		ready:   make(chan string, limit),
		limit:   limit,
		perKey:  perKey,
		drained: make(chan struct{}),
	}
	q.wg.Add(workers)
	for range workers {
		go q.work()
	}
	return q
}

// Submit queues fn behind earlier jobs of key. It reports false when the
// queue is full or closed, or key already has perKey jobs.
func (q *serialQueue) Submit(key string, fn func()) bool {
	return q.SubmitJob(key, job{run: fn, abandon: func(context.Context) bool { return false }})
}

// SubmitJob is Submit for a job that can tell its sender it was abandoned.
func (q *serialQueue) SubmitJob(key string, j job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	jobs, busy := q.pending[key]
	if q.closed || q.size >= q.limit || len(jobs) >= q.perKey {
		return false
	}
	q.pending[key] = append(jobs, j)
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
		jobs := q.pending[key]
		if len(jobs) == 0 { // abandoned while it waited
			q.mu.Unlock()
			continue
		}
		q.running[key] = true
		fn := jobs[0].run
		q.mu.Unlock()

		fn()

		q.mu.Lock()
		delete(q.running, key)
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

// Abandon takes every job that has not started out of the queue and
// returns them (with their keys), for the caller to tell their senders.
// Jobs already running go on. Call it after Close.
func (q *serialQueue) Abandon() (jobs []job, keys []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for key, list := range q.pending {
		start := 0
		if q.running[key] {
			start = 1
		}
		if len(list) > start {
			keys = append(keys, key)
		}
		jobs = append(jobs, list[start:]...)
		q.size -= len(list) - start
		if start == 0 {
			delete(q.pending, key)
		} else {
			q.pending[key] = list[:1]
		}
	}
	if q.closed && q.size == 0 {
		q.finish()
	}
	return jobs, keys
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
