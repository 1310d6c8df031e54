package dingtalk

import (
	"context"
	"errors"
	"time"
)

// Observer is told about the client's traffic, for metrics and audit
// trails, without package dingtalk depending on a metrics library. Its
// methods run on the caller's goroutine right after the event, so they
// must be fast and safe for concurrent use. ctx is the context of the
// call: it carries the caller's values (an audit recorder, say).
type Observer interface {
	// Exchange is called after every HTTP exchange, successful or not,
	// retries and token fetches included.
	Exchange(ctx context.Context, e Exchange)
	// Retry is called before an idempotent request is sent again after a
	// failed attempt (err), and before a request is resent with a fresh
	// token after DingTalk rejected the old one.
	Retry(ctx context.Context, method, route string, err error)
	// TokenFetch is called after every access-token fetch; err is nil
	// when a token was obtained.
	TokenFetch(ctx context.Context, err error)
}

// Exchange describes one finished HTTP exchange. It holds no URL, body,
// header or token.
type Exchange struct {
	Method string
	// Route is the route template, e.g.
	// "/v1.0/conference/videoConferences/{conferenceId}/focus": it holds no ids, so
	// it is a safe metric label.
	Route string
	// Status is the HTTP status; 0 when no answer arrived.
	Status int
	// Code is DingTalk's error code (v1.0 code or legacy errcode as text),
	// "network" when no answer arrived, "" on success.
	Code     string
	Duration time.Duration
	// RequestID is DingTalk's id for the exchange (x-acs-request-id or the
	// error body's requestid); may be empty.
	RequestID string
	Err       error
}

// WithObserver makes the client report its traffic to o.
func WithObserver(o Observer) Option {
	return func(c *Client) {
		if o != nil {
			c.observer = o
		}
	}
}

// nopObserver is the default Observer.
type nopObserver struct{}

func (nopObserver) Exchange(context.Context, Exchange)           {}
func (nopObserver) Retry(context.Context, string, string, error) {}
func (nopObserver) TokenFetch(context.Context, error)            {}
func (c *Client) observe(ctx context.Context, e Exchange)        { c.observer.Exchange(ctx, e) }
func (c *Client) observeToken(ctx context.Context, err error)    { c.observer.TokenFetch(ctx, err) }

// errorCode is the Code of an Exchange that failed with err.
func errorCode(err error) string {
	if err == nil {
		return ""
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if apiErr.Code != "" {
			return apiErr.Code
		}
		return "http"
	}
	var ne *netError
	if errors.As(err, &ne) {
		return "network"
	}
	return "error"
}
