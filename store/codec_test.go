package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	rec := encodeRecord(kindValue, 42, []byte("payload"))
	got, err := decodeRecord(rec)
	require.NoError(t, err)
	assert.Equal(t, record{kind: kindValue, expiry: 42, payload: []byte("payload")}, got)
}

func TestDecodeRecordRejectsGarbage(t *testing.T) {
	t.Parallel()
	tests := map[string][]byte{
		"empty":        nil,
		"short header": {1, 0, 0},
		"unknown kind": append([]byte{7}, make([]byte, 8)...),
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := decodeRecord(raw)
			assert.ErrorIs(t, err, errCorrupt)
		})
	}
}

func TestListRoundTrip(t *testing.T) {
	t.Parallel()
	entries := [][]byte{[]byte("newest"), {}, []byte("oldest")}
	payload := encodeList(entries)
	tests := []struct {
		n    int
		want [][]byte
	}{
		{n: -1, want: entries},
		{n: 5, want: entries},
		{n: 2, want: entries[:2]},
		{n: 0, want: nil},
	}
	for _, tt := range tests {
		got, err := decodeList(payload, tt.n)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "n=%d", tt.n)
	}
}

func TestDecodeListRejectsTruncation(t *testing.T) {
	t.Parallel()
	payload := encodeList([][]byte{[]byte("abcdef")})
	_, err := decodeList(payload[:len(payload)-1], -1)
	assert.ErrorIs(t, err, errCorrupt)
	_, err = decodeList([]byte{0xff}, -1) // unterminated uvarint
	assert.ErrorIs(t, err, errCorrupt)
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	tests := []struct {
		name string
		ttl  time.Duration
		at   time.Time
		want bool
	}{
		{"no ttl never expires", 0, now.Add(100 * 365 * 24 * time.Hour), false},
		{"before expiry", time.Second, now.Add(time.Second - 1), false},
		{"at expiry", time.Second, now.Add(time.Second), true},
		{"after expiry", time.Second, now.Add(time.Hour), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := record{kind: kindValue, expiry: expiryAt(now, tt.ttl)}
			assert.Equal(t, tt.want, r.expired(tt.at))
		})
	}
}
