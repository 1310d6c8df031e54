package store

import (
	"encoding/binary"
	"errors"
	"time"
)

// How Bolt lays out a stored record:
//
//	byte 0     kind: kindValue, kindList or kindListRef
//	bytes 1-8  expiry, Unix nanoseconds, big endian; 0 = never
//	bytes 9-   payload: the value itself, or the list entries newest
//	           first, each a uvarint length followed by its bytes
const headerLen = 9

type kind byte

const (
	kindValue kind = 1
	kindList  kind = 2 // a whole list in one record (files written before kindListRef)
	// kindListRef marks a list whose entries are in a nested bucket (bolt_list.go).
	kindListRef kind = 3
)

// errCorrupt says a stored record cannot be decoded.
var errCorrupt = errors.New("store: corrupt record")

// record is a decoded stored record. payload aliases the encoded bytes.
type record struct {
	kind    kind
	expiry  int64 // Unix nanoseconds; 0 = never
	payload []byte
}

// expiryAt converts a ttl into the stored expiry; ttl 0 gives 0 (never).
func expiryAt(now time.Time, ttl time.Duration) int64 {
	if ttl == 0 {
		return 0
	}
	return now.Add(ttl).UnixNano()
}

// expired reports whether r is past its expiry at now.
func (r record) expired(now time.Time) bool {
	return r.expiry != 0 && now.UnixNano() >= r.expiry
}

func encodeRecord(k kind, expiry int64, payload []byte) []byte {
	buf := make([]byte, headerLen+len(payload))
	buf[0] = byte(k)
	binary.BigEndian.PutUint64(buf[1:headerLen], uint64(expiry))
	copy(buf[headerLen:], payload)
	return buf
}

func decodeRecord(b []byte) (record, error) {
	if len(b) < headerLen {
		return record{}, errCorrupt
	}
	r := record{
		kind:    kind(b[0]),
		expiry:  int64(binary.BigEndian.Uint64(b[1:headerLen])),
		payload: b[headerLen:],
	}
	if r.kind != kindValue && r.kind != kindList && r.kind != kindListRef {
		return record{}, errCorrupt
	}
	return r, nil
}

// encodeList encodes entries (newest first) as a list payload.
func encodeList(entries [][]byte) []byte {
	size := 0
	for _, e := range entries {
		size += binary.MaxVarintLen64 + len(e)
	}
	buf := make([]byte, 0, size)
	for _, e := range entries {
		buf = binary.AppendUvarint(buf, uint64(len(e)))
		buf = append(buf, e...)
	}
	return buf
}

// decodeList returns up to n entries of a list payload (n < 0: all). The
// entries are copies, safe to use after the transaction ends.
func decodeList(payload []byte, n int) ([][]byte, error) {
	var out [][]byte
	for len(payload) > 0 && (n < 0 || len(out) < n) {
		size, used := binary.Uvarint(payload)
		if used <= 0 || uint64(len(payload)-used) < size {
			return nil, errCorrupt
		}
		payload = payload[used:]
		out = append(out, clone(payload[:size]))
		payload = payload[size:]
	}
	return out, nil
}

// clone copies b; bbolt memory is only valid inside its transaction.
// The copy is never nil, so an empty value reads back as empty, not missing.
func clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
