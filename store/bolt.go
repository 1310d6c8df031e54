package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// bucketName is the single bbolt bucket holding every key.
var bucketName = []byte("kv")

// batchDelay is how long a write waits for others to share its transaction
// and fsync. bbolt's default of 10 ms caps a burst at about 100 batches a
// second; 1 ms costs a lone writer at most 1 ms and measured ~60k SetNX/s
// with 128 writers against ~3k/s with a transaction each (BenchmarkBoltSetNXParallel).
const batchDelay = time.Millisecond

// Bolt is a Store in one bbolt file. It is safe for concurrent use by many
// goroutines of one process; bbolt's file lock keeps other processes out.
type Bolt struct {
	db    *bolt.DB
	path  string
	now   func() time.Time
	write func(func(*bolt.Tx) error) error // db.Batch, or db.Update in benchmarks

	stop      chan struct{} // closed by Close to stop the sweeper
	swept     chan struct{} // closed when the sweeper has returned
	closeOnce sync.Once
	closeErr  error
}

// OpenBolt opens (creating it if needed) the bbolt file at path and starts
// the sweeper that deletes expired keys. If another process holds the file
// it fails after the lock timeout (see WithLockTimeout) with an error naming
// the file. Call Close to stop the sweeper and release the file.
func OpenBolt(path string, opts ...Option) (*Bolt, error) {
	o := newOptions(opts)
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      o.lockTimeout,
		FreelistType: bolt.FreelistMapType, // fast with the churn of dedupe keys
		// The freelist is rebuilt by a scan at open instead of being
		// written on every commit: less to write per transaction.
		NoFreelistSync: true,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: file is locked (in use by another process?): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(listsBucket); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(bucketName)
		return err
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: open %s: create bucket: %w", path, err)
	}
	b := &Bolt{
		db: db, path: path, now: o.now, write: db.Batch,
		stop: make(chan struct{}), swept: make(chan struct{}),
	}
	db.MaxBatchDelay = batchDelay
	if o.noBatch {
		b.write = db.Update
	}
	go b.sweepLoop(o.sweepEvery)
	return b, nil
}

// Path returns the file the store lives in.
func (b *Bolt) Path() string { return b.path }

// Get returns the value at key and whether it exists and has not expired.
func (b *Bolt) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	var val []byte
	var found bool
	err := b.db.View(func(tx *bolt.Tx) error {
		r, ok, err := b.load(tx, key)
		if !ok || err != nil {
			return err
		}
		if r.kind != kindValue {
			return ErrWrongType
		}
		val, found = clone(r.payload), true
		return nil
	})
	if err != nil {
		return nil, false, b.wrap("get", key, err)
	}
	return val, found, nil
}

// Set stores val at key, replacing any value or list; ttl 0 means no expiry.
func (b *Bolt) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if err := preflight(ctx, ttl); err != nil {
		return err
	}
	err := b.write(func(tx *bolt.Tx) error {
		if err := dropList(tx, key); err != nil {
			return err
		}
		rec := encodeRecord(kindValue, expiryAt(b.now(), ttl), val)
		return tx.Bucket(bucketName).Put([]byte(key), rec)
	})
	return b.wrap("set", key, err)
}

// Delete removes key; deleting an absent key is not an error.
func (b *Bolt) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := b.write(func(tx *bolt.Tx) error {
		if err := dropList(tx, key); err != nil {
			return err
		}
		return tx.Bucket(bucketName).Delete([]byte(key))
	})
	return b.wrap("delete", key, err)
}

// SetNX stores val at key only if key is absent or expired and reports
// whether it did. Concurrent callers in this process see exactly one winner:
// bbolt runs write transactions one at a time, and a batch shares one.
func (b *Bolt) SetNX(ctx context.Context, key string, val []byte, ttl time.Duration) (bool, error) {
	if err := preflight(ctx, ttl); err != nil {
		return false, err
	}
	var won bool
	err := b.write(func(tx *bolt.Tx) error {
		// Batch may run this more than once; set won on every run.
		won = false
		_, exists, err := b.load(tx, key)
		if exists || err != nil {
			return err
		}
		rec := encodeRecord(kindValue, expiryAt(b.now(), ttl), val)
		if err := tx.Bucket(bucketName).Put([]byte(key), rec); err != nil {
			return err
		}
		won = true
		return nil
	})
	if err != nil {
		return false, b.wrap("setnx", key, err)
	}
	return won, nil
}

// Ping checks that the file is open and readable.
func (b *Bolt) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := b.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketName) == nil {
			return errors.New("bucket missing")
		}
		return nil
	})
	return b.wrap("ping", "", err)
}

// Close stops the sweeper and closes the file. It is idempotent and waits
// for running transactions to finish.
func (b *Bolt) Close() error {
	b.closeOnce.Do(func() {
		close(b.stop)
		<-b.swept
		b.closeErr = b.db.Close()
	})
	return b.closeErr
}

// load reads the live record at key: ok is false when the key is absent or
// expired. The record's payload is only valid inside tx.
func (b *Bolt) load(tx *bolt.Tx, key string) (record, bool, error) {
	raw := tx.Bucket(bucketName).Get([]byte(key))
	if raw == nil {
		return record{}, false, nil
	}
	r, err := decodeRecord(raw)
	if err != nil {
		return record{}, false, err
	}
	if r.expired(b.now()) {
		return record{}, false, nil
	}
	return r, true, nil
}

// wrap names the operation, the key and the file in err, and maps bbolt's
// "not open" to ErrClosed.
func (b *Bolt) wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		err = ErrClosed
	}
	return fmt.Errorf("%s: %w", describe("bolt", op, key, b.path), err)
}

// preflight checks what every write checks before touching the file.
func preflight(ctx context.Context, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkTTL(ttl)
}
