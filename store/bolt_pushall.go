package store

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PushAll adds vals, oldest first, as the newest entries of the list at
// key in one write, and drops all but the newest keep entries: Push for
// each val, in order, at the cost of one. keep must be at least 1.
func (b *Bolt) PushAll(ctx context.Context, key string, vals [][]byte, keep int, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKeep(keep); err != nil {
		return err
	}
	if err := checkTTL(ttl); err != nil {
		return err
	}
	if len(vals) == 0 {
		return nil
	}
	err := b.write(func(tx *bolt.Tx) error {
		lb, err := b.listBucket(tx, key, ttl)
		if err != nil {
			return err
		}
		var seq uint64
		for _, v := range vals {
			if seq, err = lb.NextSequence(); err != nil {
				return err
			}
			if err := lb.Put(seqKey(seq), v); err != nil {
				return err
			}
		}
		return trimList(lb, seq, keep)
	})
	return b.wrap("push", key, err)
}
