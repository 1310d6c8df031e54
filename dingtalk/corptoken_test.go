package dingtalk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpFake answers corpAccessToken like DingTalk for two authorised
// organisations, and records the tickets it was given.
type corpFake struct {
	*fake
	ticket  atomic.Value // string: what the client's TicketFunc returns
	mu      sync.Mutex
	fetches map[string]int
	tickets []string
	refuse  map[string]string // corp → error code answered
	logs    bytes.Buffer
}

func setupCorp(t *testing.T) *corpFake {
	t.Helper()
	cf := &corpFake{fetches: map[string]int{}, refuse: map[string]string{}}
	cf.ticket.Store("ticket-1")
	tickets := func(context.Context) (string, error) { return cf.ticket.Load().(string), nil }
	log := zerolog.New(&syncWriter{mu: &cf.mu, w: &cf.logs})
	cf.fake = setup(t, WithThirdParty(tickets), WithLogger(log))
	cf.mux.HandleFunc("POST /v1.0/oauth2/corpAccessToken", cf.serveCorpToken)
	return cf
}

func (cf *corpFake) serveCorpToken(w http.ResponseWriter, r *http.Request) {
	var in corpTokenRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.SuiteKey != testAppKey || in.SuiteSecret != testSecret {
		writeJSON(w, http.StatusBadRequest, `{"code":"invalidClientIdOrSecret","message":"bad suite"}`)
		return
	}
	cf.mu.Lock()
	defer cf.mu.Unlock()
	cf.tickets = append(cf.tickets, in.SuiteTicket)
	if code, ok := cf.refuse[in.AuthCorpID]; ok {
		writeJSON(w, http.StatusBadRequest, `{"code":"`+code+`","message":"refused"}`)
		return
	}
	cf.fetches[in.AuthCorpID]++
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"accessToken":"%s-%d","expireIn":7200}`, in.AuthCorpID, cf.fetches[in.AuthCorpID]))
}

func (cf *corpFake) count(corp string) int {
	cf.mu.Lock()
	defer cf.mu.Unlock()
	return cf.fetches[corp]
}

type syncWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func TestCorpTokensArePerOrganisation(t *testing.T) {
	t.Parallel()
	cf := setupCorp(t)
	var seen sync.Map // token → corp
	cf.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("x-acs-dingtalk-access-token"), true)
		writeJSON(w, 200, `{"success":true}`)
	})
	var wg sync.WaitGroup
	for i := range 50 {
		corp := []string{"corpA", "corpB"}[i%2]
		wg.Go(func() {
			assert.NoError(t, cf.client.Conference.Focus(WithCorp(context.Background(), corp), "c1", "u1"))
		})
	}
	wg.Wait()
	assert.Equal(t, 1, cf.count("corpA"), "one shared fetch per organisation")
	assert.Equal(t, 1, cf.count("corpB"))
	_, okA := seen.Load("corpA-1")
	_, okB := seen.Load("corpB-1")
	assert.True(t, okA && okB, "each organisation's calls carry its own token")
	assert.Equal(t, 0, int(cf.fake.fetches.Load()), "the app token endpoint is never used")
}

func TestCorpTokenNeedsCorpAndTicket(t *testing.T) {
	t.Parallel()
	cf := setupCorp(t)
	err := cf.client.Token(context.Background())
	assert.ErrorIs(t, err, ErrNoCorp)
	cf.ticket.Store("")
	err = cf.client.Token(WithCorp(context.Background(), "corpA"))
	assert.ErrorIs(t, err, ErrNoSuiteTicket)
	cf.ticket.Store("ticket-2")
	require.NoError(t, cf.client.Token(WithCorp(context.Background(), "corpA")))
	assert.Equal(t, []string{"ticket-2"}, cf.tickets, "the current ticket is sent")
}

func TestCorpTokenInvalidatedPerOrganisation(t *testing.T) {
	t.Parallel()
	cf := setupCorp(t)
	var calls atomic.Int32
	cf.mux.HandleFunc(focusPattern, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 { // corpA's first token is rejected once
			writeJSON(w, 400, `{"code":"InvalidAuthentication","message":"不合法的access_token"}`)
			return
		}
		writeJSON(w, 200, `{"success":true}`)
	})
	ctxA, ctxB := WithCorp(context.Background(), "corpA"), WithCorp(context.Background(), "corpB")
	require.NoError(t, cf.client.Conference.Focus(ctxB, "c1", "u1"))
	cf.ticket.Store("ticket-2")
	require.NoError(t, cf.client.Conference.Focus(ctxA, "c1", "u1"))
	require.NoError(t, cf.client.Conference.Focus(ctxB, "c1", "u1"))
	assert.Equal(t, 2, cf.count("corpA"), "corpA refetched after its token was rejected")
	assert.Equal(t, 1, cf.count("corpB"), "corpB's token untouched")
	assert.Equal(t, []string{"ticket-1", "ticket-2", "ticket-2"}, cf.tickets, "refetch uses the newest ticket")
}

func TestUnauthorisedOrganisationIsRememberedAndLoggedOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code     string
		want     error
		negative bool
	}{
		{"invalidAuthCorp", ErrNotAuthorized, true},
		{"Forbidden.AccessDenied.SomethingElse", ErrNotAuthorized, true},
		{"invalidSuiteTicket", ErrNoSuiteTicket, false},
		{"invalidClientIdOrSecret", ErrBadCredentials, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			cf := setupCorp(t)
			now := time.Now()
			cf.client.tokens.(*corpTokens).now = func() time.Time { return now }
			cf.refuse["corpX"] = tt.code
			ctx := WithCorp(context.Background(), "corpX")
			for range 5 {
				assert.ErrorIs(t, cf.client.Token(ctx), tt.want)
			}
			cf.mu.Lock()
			asked, logs := len(cf.tickets), cf.logs.String()
			cf.mu.Unlock()
			if !tt.negative {
				assert.Greater(t, asked, 1, "not remembered")
				return
			}
			assert.Equal(t, 1, asked, "no retry storm: DingTalk asked once")
			assert.Equal(t, 1, strings.Count(logs, "its commands fail until it does"), "logged once")
			now = now.Add(deniedFor + time.Second)
			delete(cf.refuse, "corpX")
			assert.NoError(t, cf.client.Token(ctx), "asked again after the memory window")
		})
	}
}
