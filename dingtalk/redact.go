package dingtalk

import (
	"errors"
	"net/url"
	"strings"
)

// secretParams are query parameters whose values must never be shown:
// the legacy access token, the session-webhook key and app credentials.
var secretParams = map[string]bool{
	"access_token": true,
	"session":      true,
	"appsecret":    true,
	"signature":    true,
	"sign":         true,
	"token":        true,
}

// redactURL replaces the values of secret query parameters and any
// password with "REDACTED", like go-github's sanitizeURL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable URL]"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "REDACTED")
	}
	q := u.Query()
	changed := false
	for k := range q {
		if secretParams[strings.ToLower(k)] {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactError returns err with the URL of a *url.Error redacted; the
// net/http client puts the full request URL, query included, in its errors.
func redactError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
}
