package dingtalktest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// broadcast wakes every waiter when the state it guards changes. It is
// guarded by its owner's mutex and allocates a channel only when somebody
// waits, so notifying on hot paths is nearly free.
type broadcast struct{ ch chan struct{} }

func (b *broadcast) wait() <-chan struct{} {
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

func (b *broadcast) notify() {
	if b.ch != nil {
		close(b.ch)
		b.ch = nil
	}
}

// waitUntil calls cond under mu until it returns true, sleeping on b between
// tries. It gives up when ctx is done or the Server closes.
func (s *Server) waitUntil(ctx context.Context, mu sync.Locker, b *broadcast, cond func() bool) error {
	for {
		mu.Lock()
		if cond() {
			mu.Unlock()
			return nil
		}
		ch := b.wait()
		mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.done:
			return ErrClosed
		}
	}
}

var seq atomic.Uint64

// secret returns an unguessable opaque string (tokens, tickets, sessions).
func secret() string { return rand.Text() }

// requestID looks like DingTalk's x-acs-request-id (an uppercase UUID).
func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}

// opaque derives a stable base64 id ("…==") from its parts, the way
// DingTalk's encrypted ids look.
func opaque(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return base64.StdEncoding.EncodeToString(h.Sum(nil)[:16])
}

// randomOpaque is like opaque but unique per call.
func randomOpaque() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// frameMessageID looks like a stream messageId ("212ca9d7_974_1898c159aa6_1783b").
func frameMessageID() string {
	n := seq.Add(1)
	return fmt.Sprintf("%08x_%d_%x_%x", mrand.Uint32(), n%1000, time.Now().UnixMilli(), n)
}

// digits returns n random decimal digits, not starting with 0.
func digits(n int) string {
	b := make([]byte, n)
	b[0] = byte('1' + mrand.IntN(9))
	for i := 1; i < n; i++ {
		b[i] = byte('0' + mrand.IntN(10))
	}
	return string(b)
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func itoa(n int) string { return strconv.Itoa(n) }
