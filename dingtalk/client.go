package dingtalk

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

const (
	defaultAPIURL  = "https://api.dingtalk.com"
	defaultOAPIURL = "https://oapi.dingtalk.com"
	// defaultQPS is DingTalk's standard-edition limit per app and API.
	defaultQPS = 20
	// defaultTimeout bounds one HTTP exchange; DingTalk itself gives up
	// after 3 s (HTTP 504 or legacy errcode 15).
	defaultTimeout = 10 * time.Second
)

// Client talks to the DingTalk OpenAPI. Create it with NewClient; it is
// safe for concurrent use.
type Client struct {
	// Conference drives video conferences (/v1.0/conference/...).
	Conference *ConferenceService
	// Contacts looks up users in the organisation (legacy /topapi/...).
	Contacts *ContactsService
	// Messages sends robot messages and session-webhook replies.
	Messages *MessagesService
	// Cards creates, delivers and updates interactive cards.
	Cards *CardsService
	// Schedule books meetings for later and follows them.
	Schedule *ScheduleService

	clientID     string
	clientSecret string
	apiURL       string
	oapiURL      string
	httpClient   *http.Client
	logger       zerolog.Logger
	qps          int
	limits       *limiter
	retry        retryPolicy
	tokens       tokenSource
	observer     Observer
	quota        quotaLog

	common service // reused by the services instead of one allocation each
}

// service is what every area service holds: the shared client.
type service struct {
	client *Client
}

// Option configures a Client in NewClient.
type Option func(*Client)

// WithAPIURL sets the base URL of the v1.0 API (paths /v1.0/...).
// The default is https://api.dingtalk.com; international tenants use
// https://api.dingtalk.io.
func WithAPIURL(u string) Option {
	return func(c *Client) { c.apiURL = strings.TrimRight(u, "/") }
}

// WithOAPIURL sets the base URL of the legacy API (paths /topapi/...) and
// the only scheme and host that session webhooks may point at. The default
// is https://oapi.dingtalk.com; international tenants use
// https://oapi.dingtalk.io.
func WithOAPIURL(u string) Option {
	return func(c *Client) { c.oapiURL = strings.TrimRight(u, "/") }
}

// WithHTTPClient sets the HTTP client. The default has a 10 s timeout and
// does not follow redirects (which could forward the token header).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.httpClient = hc }
}

// WithLogger sets the logger; each call is logged at debug level.
func WithLogger(l zerolog.Logger) Option {
	return func(c *Client) { c.logger = l }
}

// WithQPS limits calls per API (method + route template) to n per second
// with a burst of n. The default is 20; 0 turns the limiter off.
func WithQPS(n int) Option {
	return func(c *Client) { c.qps = n }
}

// WithRetry sets the retry policy of idempotent calls: at most maxAttempts
// attempts (1 = no retries), backing off exponentially from base up to maxDelay
// with full jitter. The default is 4 attempts, 100 ms up to 2 s.
func WithRetry(maxAttempts int, base, maxDelay time.Duration) Option {
	return func(c *Client) {
		c.retry.attempts = maxAttempts
		c.retry.base = base
		c.retry.max = maxDelay
	}
}

// NewClient returns a client for the app with the given Client ID (appKey)
// and Client Secret (appSecret). It does no I/O; call Token to check the
// credentials at start-up.
func NewClient(clientID, clientSecret string, opts ...Option) *Client {
	c := &Client{
		clientID:     clientID,
		clientSecret: clientSecret,
		apiURL:       defaultAPIURL,
		oapiURL:      defaultOAPIURL,
		httpClient:   defaultHTTPClient(),
		logger:       zerolog.Nop(),
		qps:          defaultQPS,
		retry:        defaultRetryPolicy(),
		observer:     nopObserver{},
		quota:        quotaLog{now: time.Now},
	}
	for _, opt := range opts {
		opt(c)
	}
	c.retry = c.retry.normalized()
	c.limits = newLimiter(c.qps)
	if c.tokens == nil { // WithThirdParty sets a per-organisation source
		c.tokens = newCachedToken(c.fetchAppToken)
	}
	c.common.client = c
	c.Conference = (*ConferenceService)(&c.common)
	c.Contacts = (*ContactsService)(&c.common)
	c.Messages = (*MessagesService)(&c.common)
	c.Cards = (*CardsService)(&c.common)
	c.Schedule = (*ScheduleService)(&c.common)
	return c
}

// Token fetches an access token, or reuses the cached one. Call it at
// start-up to check the credentials: a wrong Client ID or secret gives an
// error matching ErrBadCredentials. Transient failures are retried.
func (c *Client) Token(ctx context.Context) error {
	return c.retry.run(ctx, func(ctx context.Context) error {
		_, err := c.tokens.Token(ctx)
		return err
	}, retryable)
}

// maxIdlePerHost is how many idle connections to each DingTalk host are
// kept for reuse. net/http's default of 2 made a busy bot (64 workers)
// dial a new TCP connection for most calls, and leave them in TIME_WAIT.
const maxIdlePerHost = 128

func defaultHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxIdlePerHost
	return &http.Client{
		Timeout:   defaultTimeout,
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
