package e2e

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/internal/app"
	"github.com/meetbot/meetbot/internal/testkit"
	"github.com/meetbot/meetbot/store"
)

// fullDisk is a Store whose writes fail while full is set, as a disk that
// has run out of space.
type fullDisk struct {
	store.Store
	full atomic.Bool
}

var errNoSpace = errors.New("write meetbot.db: no space left on device")

func (d *fullDisk) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if d.full.Load() {
		return errNoSpace
	}
	return d.Store.Set(ctx, key, val, ttl)
}

func (d *fullDisk) Delete(ctx context.Context, key string) error {
	if d.full.Load() {
		return errNoSpace
	}
	return d.Store.Delete(ctx, key)
}

func (d *fullDisk) Push(ctx context.Context, key string, val []byte, keep int, ttl time.Duration) error {
	if d.full.Load() {
		return errNoSpace
	}
	return d.Store.Push(ctx, key, val, keep, ttl)
}

// TestE2EAnActionAnsweredDoneSurvivesAFullDisk: while the store refuses
// writes, an action still happens and is answered; /readyz turns 503; the
// action's record stays readable, and once the disk has room it is stored:
// /meeting log shows it and /undo takes it back.
func TestE2EAnActionAnsweredDoneSurvivesAFullDisk(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	disk := &fullDisk{}
	h.restart(app.WithStoreWrapper(func(st store.Store) store.Store { disk.Store = st; return disk }))
	a := h.app
	h.group(host, "/meeting") // bind while the disk has room

	disk.full.Store(true)
	reply := h.group(host, "/spotlight @Alice", alice)
	assert.Contains(t, reply, "**Alice** is now spotlighted")
	testkit.WaitFor(t, 10*time.Second, "/readyz to report the failing writes", func() bool {
		status, _ := health(t, a, "/readyz")
		return status == http.StatusServiceUnavailable
	})
	_, body := health(t, a, "/readyz")
	assert.Contains(t, body, "store writes failing")
	assert.Contains(t, h.group(host, "/meeting log"), "spotlighted **Alice** — done", "readable while not stored")

	disk.full.Store(false)
	require.NoError(t, a.Flush(context.Background()))
	status, _ := health(t, a, "/readyz")
	assert.Equal(t, http.StatusOK, status)
	raw, err := disk.Store.Last(context.Background(), "audit:"+h.emu.CorpID()+":"+h.weekly, 10)
	require.NoError(t, err)
	assert.Len(t, raw, 1, "the record reached the disk")
	reply = h.group(host, "/undo")
	assert.Contains(t, reply, "Undone: spotlighted **Alice**")
	assert.Empty(t, h.meeting(h.weekly).Focus)
}
