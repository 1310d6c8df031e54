package store

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// How Bolt keeps lists: the key holds a kindListRef marker record in the
// kv bucket (so Get, Set, SetNX and Delete see it like any key), and the
// entries live in a nested bucket of the same name under listsBucket,
// keyed by an 8-byte big-endian sequence number, oldest first. A push
// writes one entry and deletes the ones past keep, so its cost does not
// grow with the list (audit trails keep up to a thousand records).
//
// Files written before this layout hold a list as one kindList record
// with every entry inside; Last reads it as it is and the next Push moves
// it into a bucket.

// listsBucket holds one nested bucket per list.
var listsBucket = []byte("lists")

// Push adds val as the newest entry of the list at key and drops all but
// the newest keep entries; the list expires ttl after this push (0: never).
// keep must be at least 1.
func (b *Bolt) Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKeep(keep); err != nil {
		return err
	}
	if err := checkTTL(ttl); err != nil {
		return err
	}
	err := b.write(func(tx *bolt.Tx) error {
		lb, err := b.listBucket(tx, key, ttl)
		if err != nil {
			return err
		}
		seq, err := lb.NextSequence()
		if err != nil {
			return err
		}
		if err := lb.Put(seqKey(seq), val); err != nil {
			return err
		}
		return trimList(lb, seq, keep)
	})
	return b.wrap("push", key, err)
}

// listBucket returns the entry bucket of the list at key, creating the
// list (or converting one in the old single-record layout) as needed, and
// sets the list's expiry ttl from now (0: never). A value key is
// ErrWrongType; an expired list starts afresh.
func (b *Bolt) listBucket(tx *bolt.Tx, key string, ttl time.Duration) (*bolt.Bucket, error) {
	r, ok, err := b.load(tx, key)
	if err != nil {
		return nil, err
	}
	if ok && r.kind == kindValue {
		return nil, ErrWrongType
	}
	lists := tx.Bucket(listsBucket)
	ref := encodeRecord(kindListRef, expiryAt(b.now(), ttl), nil)
	if ok && r.kind == kindListRef {
		if lb := lists.Bucket([]byte(key)); lb != nil {
			return lb, tx.Bucket(bucketName).Put([]byte(key), ref)
		}
	}
	var old [][]byte
	if ok && r.kind == kindList {
		if old, err = decodeList(r.payload, -1); err != nil {
			return nil, err
		}
	}
	if err := dropList(tx, key); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bucketName).Put([]byte(key), ref); err != nil {
		return nil, err
	}
	lb, err := lists.CreateBucket([]byte(key))
	if err != nil {
		return nil, err
	}
	for i := len(old) - 1; i >= 0; i-- { // old lists are newest first
		seq, _ := lb.NextSequence()
		if err := lb.Put(seqKey(seq), old[i]); err != nil {
			return nil, err
		}
	}
	return lb, nil
}

// trimList deletes the entries older than the newest keep. Entries are
// contiguous (added at the end, removed from the front), so everything
// up to last-keep goes.
func trimList(lb *bolt.Bucket, last uint64, keep int) error {
	if last <= uint64(keep) {
		return nil
	}
	cut := last - uint64(keep)
	c := lb.Cursor()
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= cut; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// dropList deletes the entry bucket of key, if any. Set, Delete and Push
// on a fresh key call it so no stale entries survive.
func dropList(tx *bolt.Tx, key string) error {
	err := tx.Bucket(listsBucket).DeleteBucket([]byte(key))
	if errors.Is(err, berrors.ErrBucketNotFound) {
		return nil
	}
	return err
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), seq)
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
	switch r.kind {
	case kindList:
		return decodeList(r.payload, n)
	case kindListRef:
	default:
		return nil, ErrWrongType
	}
	lb := tx.Bucket(listsBucket).Bucket([]byte(key))
	if lb == nil {
		return nil, nil
	}
	var out [][]byte
	c := lb.Cursor()
	for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
		out = append(out, clone(v))
	}
	return out, nil
}
