package dingtalk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody caps how much of a response is read.
const maxBody = 4 << 20

// authStyle says how a request carries the access token.
type authStyle int

const (
	authNone   authStyle = iota // token endpoint, session webhooks
	authHeader                  // v1.0: header x-acs-dingtalk-access-token
	authQuery                   // legacy oapi: query access_token
)

// request is one API call as the services describe it. Client.do is the
// only place that sends one.
type request struct {
	method     string
	route      string // route template: limiter key and log field; holds no ids or secrets
	url        string // full URL without the token
	auth       authStyle
	idempotent bool // safe to retry: same end state however often it runs
	// sendsOnce marks a call that must not take effect twice (a message):
	// it is retried only after an answer proving DingTalk did not act.
	sendsOnce bool
	in        any // JSON body, nil for none
	err       error
}

// v1 describes a call to the v1.0 API. route is a template such as
// "/v1.0/conference/videoConferences/{id}/focus"; args fill its
// placeholders in order and are path-escaped. query may be nil.
func (c *Client) v1(method, route string, query url.Values, args ...string) *request {
	path, err := expand(route, args)
	return &request{
		method: method, route: route, url: withQuery(c.apiURL+path, query),
		auth: authHeader, idempotent: true, err: err,
	}
}

// legacy describes a POST to the legacy oapi (errcode/errmsg bodies).
func (c *Client) legacy(route string) *request {
	return &request{
		method: http.MethodPost, route: route, url: c.oapiURL + route,
		auth: authQuery, idempotent: true,
	}
}

// expand fills the {placeholders} of route with the path-escaped args.
func expand(route string, args []string) (string, error) {
	var b strings.Builder
	rest := route
	for _, arg := range args {
		open, end := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return "", fmt.Errorf("dingtalk: %s: too many path parameters", route)
		}
		if strings.TrimSpace(arg) == "" {
			return "", fmt.Errorf("dingtalk: %s: empty %s", route, rest[open+1:end])
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(arg))
		rest = rest[end+1:]
	}
	if strings.IndexByte(rest, '{') >= 0 {
		return "", fmt.Errorf("dingtalk: %s: missing path parameter", route)
	}
	b.WriteString(rest)
	return b.String(), nil
}

func withQuery(u string, q url.Values) string {
	if len(q) == 0 {
		return u
	}
	return u + "?" + q.Encode()
}

// do sends r and decodes a successful JSON answer into out (which may be
// nil). Idempotent requests go through the retry policy.
func (c *Client) do(ctx context.Context, r *request, out any) error {
	if r.err != nil {
		return r.err
	}
	var last error // the failed attempt a retry follows
	tries := 0
	call := func(ctx context.Context) error {
		if tries++; tries > 1 {
			c.observer.Retry(ctx, r.method, r.route, last)
		}
		last = c.attempt(ctx, r, out)
		return last
	}
	var err error
	switch {
	case r.idempotent:
		err = c.retry.run(ctx, call, retryable)
	case r.sendsOnce:
		err = c.retry.run(ctx, call, refusedUnsent)
	default:
		err = call(ctx)
	}
	if err != nil {
		c.noteQuota(ctx, r, err)
		return fmt.Errorf("%s %s: %w", r.method, r.route, err)
	}
	return nil
}

// attempt sends r once. If DingTalk says the token is invalid or expired,
// it drops that token and sends r once more with a fresh one: the first
// request was rejected before doing anything, so this is safe for any call.
func (c *Client) attempt(ctx context.Context, r *request, out any) error {
	if r.auth == authNone {
		return c.send(ctx, r, "", out)
	}
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return err
	}
	err = c.send(ctx, r, token, out)
	if !errors.Is(err, ErrTokenInvalid) {
		return err
	}
	c.tokens.Invalidate(token)
	c.observer.Retry(ctx, r.method, r.route, err)
	if token, err = c.tokens.Token(ctx); err != nil {
		return err
	}
	return c.send(ctx, r, token, out)
}

// send makes one HTTP exchange: limiter, request, checkResponse, decode.
func (c *Client) send(ctx context.Context, r *request, token string, out any) error {
	done, err := c.limits.wait(ctx, r.method+" "+r.route)
	if err != nil {
		return err
	}
	defer done()
	req, err := c.newHTTPRequest(ctx, r, token)
	if err != nil {
		return err
	}
	start := time.Now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		err = &netError{err: redactError(err)}
		c.logCall(ctx, r, 0, time.Since(start), "", err)
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		err = &netError{err: redactError(err)}
	} else if err = checkResponse(resp, body); err == nil && out != nil && len(body) > 0 {
		err = decode(body, out)
	}
	c.logCall(ctx, r, resp.StatusCode, time.Since(start), requestID(resp.Header, err), err)
	return err
}

func (c *Client) newHTTPRequest(ctx context.Context, r *request, token string) (*http.Request, error) {
	var body io.Reader
	if r.in != nil {
		b, err := json.Marshal(r.in)
		if err != nil {
			return nil, fmt.Errorf("dingtalk: encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	u := r.url
	if r.auth == authQuery {
		u = addQuery(u, "access_token", token)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, redactError(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.auth == authHeader {
		req.Header.Set("x-acs-dingtalk-access-token", token)
	}
	return req, nil
}

func addQuery(u, key, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
}

func decode(body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("dingtalk: decode response: %w", err)
	}
	return nil
}

// requestID is DingTalk's id for the exchange, from the error body or
// the x-acs-request-id header.
func requestID(h http.Header, err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RequestID != "" {
		return apiErr.RequestID
	}
	return h.Get("x-acs-request-id")
}

// logCall reports one exchange to the observer and writes its debug line. It never logs URLs,
// bodies or headers, so no token, secret or webhook session leaks.
func (c *Client) logCall(ctx context.Context, r *request, status int, d time.Duration, reqID string, err error) {
	c.observe(ctx, Exchange{Method: r.method, Route: r.route, Status: status, Code: errorCode(err),
		Duration: d, RequestID: reqID, Err: err})
	ev := c.logger.Debug()
	if !ev.Enabled() {
		return
	}
	ev.Str("method", r.method).Str("route", r.route).Int("status", status).
		Dur("duration", d).Str("request_id", reqID).Err(err).Msg("dingtalk call")
}
