// Package dingtalk is a small client for the DingTalk OpenAPI that meetbot
// needs: video conferences, contacts, robot messages and interactive cards.
//
// One Client owns the HTTP client, the two base URLs (the "v1.0" API at
// api.dingtalk.com and the legacy "oapi" at oapi.dingtalk.com, or their .io
// counterparts for international tenants), the access-token cache, a
// per-API rate limiter and the retry policy. Area services share it:
//
//	c := dingtalk.NewClient(clientID, clientSecret, dingtalk.WithLogger(log))
//	if err := c.Token(ctx); err != nil { ... } // explicit start-up check
//	err := c.Conference.Focus(ctx, conferenceID, unionID)
//	if errors.Is(err, dingtalk.ErrUnknownUser) { ... }
//
// # Errors
//
// Every DingTalk failure, in either wire shape (v1.0: HTTP status plus JSON
// code/message; legacy: errcode/errmsg inside an HTTP 200), becomes an
// *APIError. Match it with errors.Is against the Err* sentinels, or
// errors.As to read its fields. Transport failures are wrapped as they are
// (not as *APIError), with URLs redacted.
//
// # Retries, tokens, limits
//
// Idempotent calls (all but Conference.Create) are retried on system
// errors, rate limiting and transport failures with capped exponential
// backoff and full jitter, never past the caller's deadline. A call that
// DingTalk rejects because the token is invalid or expired is retried once
// with a fresh token, whatever the call. Tokens are cached and refreshed a
// few minutes before they expire; concurrent callers share one fetch.
// Calls are limited client-side per API (method + route template),
// 20 per second by default, which is DingTalk's standard per-app limit.
//
// # Third-party apps
//
// WithThirdParty makes the client a third-party enterprise app that many
// organisations install: the credentials are the SuiteKey and SuiteSecret,
// and each call uses the access token of the organisation named on its
// context by WithCorp (POST /v1.0/oauth2/corpAccessToken with the newest
// suite ticket), cached per organisation under the same rules. An
// organisation that has not authorised the app gives ErrNotAuthorized, and
// is answered from memory for a minute, logged once.
//
// Access tokens, the app secret and session-webhook URLs never appear in
// errors or log lines.
//
// The package knows nothing about chat commands or the stream SDK.
package dingtalk
