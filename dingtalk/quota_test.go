package dingtalk

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const quotaAnswer = `{"code":"Forbidden.AccessDenied.ApiCountLimitForOrg","message":"api count limit for org","requestid":"rq"}`

func TestQuotaExceededIsNeverRetried(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var calls atomic.Int32
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, http.StatusForbidden, quotaAnswer)
	})
	err := f.client.Conference.Focus(context.Background(), "c1", "u1")
	require.ErrorIs(t, err, ErrQuotaExceeded)
	assert.Equal(t, int32(1), calls.Load(), "a quota error lasts the month: sending again only burns time")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, apiErr.Retryable())
}

func TestQuotaExceededIsLoggedOnceAMinutePerOrganisation(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	f := setup(t, WithLogger(zerolog.New(&logs)))
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	f.client.quota.now = func() time.Time { return now }
	f.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusForbidden, quotaAnswer)
	})
	focus := func(corp string) {
		err := f.client.Conference.Focus(WithCorp(context.Background(), corp), "c1", "u1")
		require.ErrorIs(t, err, ErrQuotaExceeded)
	}
	lines := func() int { return strings.Count(logs.String(), "monthly DingTalk API quota is used up") }

	focus("corpA")
	focus("corpA")
	assert.Equal(t, 1, lines(), "a second error of the same organisation within a minute is not logged")
	focus("corpB")
	assert.Equal(t, 2, lines(), "each organisation is logged on its own")
	now = now.Add(quotaLogEvery)
	focus("corpA")
	assert.Equal(t, 3, lines(), "a minute later it is logged again")
	assert.Contains(t, logs.String(), `"corp_id":"corpA"`)
}
