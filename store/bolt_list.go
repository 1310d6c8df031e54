package store

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// Push adds val as the newest entry of the list at key and drops all but
// the newest keep entries. The whole list is one record, rewritten on each
// push: lists here are short audit trails, so that is cheaper than a
// bucket per list. keep must be at least 1.
func (b *Bolt) Push(ctx context.Context, key string, val []byte, keep int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKeep(keep); err != nil {
		return err
	}
	err := b.write(func(tx *bolt.Tx) error {
		old, err := b.loadList(tx, key, keep-1)
		if err != nil {
			return err
		}
		entries := append([][]byte{val}, old...)
		rec := encodeRecord(kindList, 0, encodeList(entries))
		return tx.Bucket(bucketName).Put([]byte(key), rec)
	})
	return b.wrap("push", key, err)
}

// Last returns up to n newest entries of the list at key, newest first. An
// absent key gives an empty result; n <= 0 gives nothing.
func (b *Bolt) Last(ctx context.Context, key string, n int) ([][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, nil
	}
	var out [][]byte
	err := b.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = b.loadList(tx, key, n)
		return err
	})
	if err != nil {
		return nil, b.wrap("last", key, err)
	}
	return out, nil
}

// loadList returns copies of up to n newest entries of the list at key. An
// absent or expired key is an empty list; a value key is ErrWrongType.
func (b *Bolt) loadList(tx *bolt.Tx, key string, n int) ([][]byte, error) {
	r, ok, err := b.load(tx, key)
	if !ok || err != nil {
		return nil, err
	}
	if r.kind != kindList {
		return nil, ErrWrongType
	}
	return decodeList(r.payload, n)
}
