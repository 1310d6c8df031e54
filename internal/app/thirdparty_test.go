package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/meetbot/meetbot/store"
)

func TestSuiteTicketsKeepTheNewest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	tickets := suiteTickets{st}
	got, err := tickets.Ticket(ctx)
	require.NoError(t, err)
	assert.Empty(t, got, "none before the first push")

	t0 := time.UnixMilli(1_700_000_000_000)
	steps := []struct {
		ticket string
		at     time.Time
		want   string
	}{
		{"t1", t0, "t1"},
		{"t2", t0.Add(time.Minute), "t2"},
		{"t1", t0, "t2"}, // a redelivered older push
		{"t3", t0.Add(time.Minute), "t3"},
	}
	for _, s := range steps {
		require.NoError(t, tickets.SaveSuiteTicket(ctx, s.ticket, s.at))
		got, err := tickets.Ticket(ctx)
		require.NoError(t, err)
		assert.Equal(t, s.want, got)
	}
}
