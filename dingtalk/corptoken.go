package dingtalk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/meetbot/meetbot/internal/corpctx"
)

// deniedFor is how long an organisation that has not authorised the app
// (or revoked it) is answered from memory: its users' messages cost no
// token call for that long, so nothing can storm DingTalk.
const deniedFor = time.Minute

// Sentinels of third-party mode (WithThirdParty).
var (
	// ErrNotAuthorized: the organisation has not authorised (installed) the
	// app, or revoked it. Answered from memory for a minute after DingTalk
	// said so.
	ErrNotAuthorized = errors.New("dingtalk: organisation has not authorised the app")
	// ErrNoSuiteTicket: no suite ticket yet, or DingTalk refused it as
	// stale. DingTalk pushes a new one regularly.
	ErrNoSuiteTicket = errors.New("dingtalk: no valid suite ticket")
	// ErrNoCorp: a call in third-party mode without WithCorp on its context.
	ErrNoCorp = errors.New("dingtalk: no organisation in the context (WithCorp)")
)

// WithCorp returns ctx carrying the organisation (corpId) whose access
// token calls made with it use. Only third-party mode reads it. It is the
// same key commands puts the message's organisation under (internal/corpctx).
func WithCorp(ctx context.Context, corpID string) context.Context { return corpctx.With(ctx, corpID) }

// CorpFrom returns the organisation set by WithCorp, or "".
func CorpFrom(ctx context.Context) string { return corpctx.From(ctx) }

// TicketFunc returns the latest suite ticket DingTalk pushed, or "" when
// none is known yet.
type TicketFunc func(ctx context.Context) (string, error)

// WithThirdParty makes the client a third-party enterprise app: the Client
// ID and secret passed to NewClient are the SuiteKey and SuiteSecret, and
// every call uses the access token of the organisation named by WithCorp
// on its context (POST /v1.0/oauth2/corpAccessToken), cached per
// organisation. ticket supplies the suite ticket for those fetches.
func WithThirdParty(ticket TicketFunc) Option {
	return func(c *Client) { c.tokens = newCorpTokens(c, ticket) }
}

// corpTokens is the tokenSource of third-party mode: one cachedToken per
// organisation, plus a short memory of organisations that refused.
type corpTokens struct {
	c      *Client
	ticket TicketFunc
	now    func() time.Time

	mu     sync.Mutex
	corps  map[string]*cachedToken
	denied map[string]time.Time // corpId → end of the refusal memory
}

func newCorpTokens(c *Client, ticket TicketFunc) *corpTokens {
	return &corpTokens{c: c, ticket: ticket, now: time.Now,
		corps: make(map[string]*cachedToken), denied: make(map[string]time.Time)}
}

// Token implements tokenSource for the organisation in ctx.
func (s *corpTokens) Token(ctx context.Context) (string, error) {
	corp := CorpFrom(ctx)
	if corp == "" {
		return "", ErrNoCorp
	}
	ct, refused := s.lookup(corp)
	if refused {
		return "", fmt.Errorf("organisation %s: %w", corp, ErrNotAuthorized)
	}
	tok, err := ct.Token(ctx)
	if errors.Is(err, ErrNotAuthorized) {
		s.deny(corp, err)
	}
	return tok, err
}

// lookup returns the organisation's cache, or refused while DingTalk's
// refusal is remembered.
func (s *corpTokens) lookup(corp string) (ct *cachedToken, refused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until, ok := s.denied[corp]; ok {
		if s.now().Before(until) {
			return nil, true
		}
		delete(s.denied, corp)
	}
	ct, ok := s.corps[corp]
	if !ok {
		ct = newCachedToken(func(ctx context.Context) (string, time.Duration, error) {
			return s.fetch(ctx, corp)
		})
		s.corps[corp] = ct
	}
	return ct, false
}

// deny remembers a refusal and logs it once per memory window: many
// waiters of one failed fetch all land here, only the first logs.
func (s *corpTokens) deny(corp string, err error) {
	s.mu.Lock()
	until, known := s.denied[corp]
	fresh := !known || !s.now().Before(until)
	if fresh {
		s.denied[corp] = s.now().Add(deniedFor)
	}
	s.mu.Unlock()
	if fresh {
		s.c.logger.Warn().Str("corp_id", corp).Err(err).Dur("retry_after", deniedFor).
			Msg("organisation has not authorised meetbot (or revoked it): its commands fail until it does")
	}
}

// Invalidate implements tokenSource. Tokens are unique, so dropping it
// from whichever organisation holds it is enough.
func (s *corpTokens) Invalidate(token string) {
	s.mu.Lock()
	caches := make([]*cachedToken, 0, len(s.corps))
	for _, ct := range s.corps {
		caches = append(caches, ct)
	}
	s.mu.Unlock()
	for _, ct := range caches {
		ct.Invalidate(token)
	}
}

// corpTokenRequest is the body of POST /v1.0/oauth2/corpAccessToken.
type corpTokenRequest struct {
	SuiteKey    string `json:"suiteKey"`
	SuiteSecret string `json:"suiteSecret"`
	AuthCorpID  string `json:"authCorpId"`
	SuiteTicket string `json:"suiteTicket"`
}

// fetch gets an organisation's token with the current suite ticket.
func (s *corpTokens) fetch(ctx context.Context, corp string) (string, time.Duration, error) {
	ticket, err := s.ticket(ctx)
	if err != nil {
		return "", 0, fmt.Errorf("read suite ticket: %w", err)
	}
	if ticket == "" {
		return "", 0, ErrNoSuiteTicket
	}
	r := &request{
		method: http.MethodPost, route: "/v1.0/oauth2/corpAccessToken",
		url: s.c.apiURL + "/v1.0/oauth2/corpAccessToken", auth: authNone,
		in: corpTokenRequest{SuiteKey: s.c.clientID, SuiteSecret: s.c.clientSecret, AuthCorpID: corp, SuiteTicket: ticket},
	}
	var resp tokenResponse
	err = s.c.send(ctx, r, "", &resp)
	if err == nil && resp.AccessToken == "" {
		err = errEmptyToken()
	}
	s.c.observeToken(ctx, err)
	if err != nil {
		return "", 0, classifyCorpTokenError(err)
	}
	return resp.AccessToken, time.Duration(resp.ExpireIn) * time.Second, nil
}

// classifyCorpTokenError maps a refused corpAccessToken call. DingTalk's
// codes for "not authorised" and "stale ticket" are UNCONFIRMED, so this
// is defensive: wrong suite credentials, rate limits and transient failures
// keep their meaning; a code mentioning the ticket is a ticket problem;
// any other 4xx means the organisation did not authorise the app.
func classifyCorpTokenError(err error) error {
	var apiErr *APIError
	switch {
	case !errors.As(err, &apiErr), apiErr.Retryable(), errors.Is(err, ErrBadCredentials):
		return err
	case strings.Contains(strings.ToLower(apiErr.Code), "ticket"), apiErr.Code == "853005":
		return fmt.Errorf("%w: %w", ErrNoSuiteTicket, err)
	case apiErr.HTTPStatus >= 400 && apiErr.HTTPStatus < 500:
		return fmt.Errorf("%w: %w", ErrNotAuthorized, err)
	}
	return err
}
