package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// sweepScanLimit bounds the keys one sweep transaction looks at, so the
// sweeper never holds the single bbolt writer for long while messages wait.
const sweepScanLimit = 10000

// sweepLoop deletes expired keys every period until Close.
func (b *Bolt) sweepLoop(every time.Duration) {
	defer close(b.swept)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-tick.C:
			// An error here is not fatal: the next sweep retries, and
			// expired keys read as absent meanwhile.
			_, _ = b.sweep()
		}
	}
}

// Sweep deletes every expired key now, a chunk per transaction, and
// returns how many it deleted; the sweeper does the same every interval.
// It stops early when the store is closing.
func (b *Bolt) Sweep() (int, error) { return b.sweep() }

// sweep is Sweep.
func (b *Bolt) sweep() (int, error) {
	deleted := 0
	var from []byte
	for {
		select {
		case <-b.stop:
			return deleted, nil
		default:
		}
		n, next, err := b.sweepChunk(from)
		deleted += n
		if err != nil || next == nil {
			return deleted, err
		}
		from = next
	}
}

// sweepChunk scans up to sweepScanLimit keys from `from`, deletes the expired
// ones and returns where the next chunk starts (nil at the end).
func (b *Bolt) sweepChunk(from []byte) (int, []byte, error) {
	var expired [][]byte
	var next []byte
	err := b.db.Update(func(tx *bolt.Tx) error {
		expired, next = nil, nil
		now := b.now()
		c := tx.Bucket(bucketName).Cursor()
		k, v := c.Seek(from)
		for scanned := 0; k != nil && scanned < sweepScanLimit; scanned++ {
			if r, err := decodeRecord(v); err == nil && r.expired(now) {
				expired = append(expired, clone(k))
			}
			k, v = c.Next()
		}
		if k != nil {
			next = clone(k)
		}
		// Delete after the scan: deleting under a moving cursor skips keys.
		// An expired list takes its entry bucket with it.
		for _, key := range expired {
			if err := tx.Bucket(bucketName).Delete(key); err != nil {
				return err
			}
			if err := dropList(tx, string(key)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return len(expired), next, nil
}

// Usage is what the file holds: live keys (values and lists) and the bytes
// of their keys, values and list entries. Pages bbolt keeps free for reuse
// are not counted: the file does not shrink, its free pages are reused.
type Usage struct {
	Keys  int
	Bytes int
}

// Usage reports what the store holds now, expired keys not yet swept
// included.
func (b *Bolt) Usage() (Usage, error) {
	var u Usage
	err := b.db.View(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketName).ForEach(func(k, v []byte) error {
			u.Keys++
			u.Bytes += len(k) + len(v)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(listsBucket).ForEachBucket(func(name []byte) error {
			return tx.Bucket(listsBucket).Bucket(name).ForEach(func(k, v []byte) error {
				u.Bytes += len(k) + len(v)
				return nil
			})
		})
	})
	return u, err
}
