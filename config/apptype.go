package config

import (
	"fmt"
	"strings"
)

// DINGTALK_APP_TYPE values.
const (
	// AppInternal is an enterprise internal app: one organisation, the
	// app's own access token.
	AppInternal = "internal"
	// AppThirdParty is a third-party enterprise app (an ISV suite) that
	// many organisations install: DINGTALK_CLIENT_ID/SECRET are the
	// SuiteKey/SuiteSecret and every organisation has its own token.
	AppThirdParty = "third_party"
)

// ThirdParty reports whether meetbot runs as a third-party enterprise app.
func (c Config) ThirdParty() bool { return strings.EqualFold(c.AppType, AppThirdParty) }

// checkAdminsScoped refuses bare userIds in MEETBOT_ADMINS for a
// third-party app: a userId only means something inside one organisation,
// so an admin there is written corpId:userId.
func checkAdminsScoped(appType string, admins []string) error {
	if !strings.EqualFold(appType, AppThirdParty) {
		return nil
	}
	for _, a := range admins {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if corp, user, ok := strings.Cut(a, ":"); !ok || corp == "" || user == "" {
			return fmt.Errorf("MEETBOT_ADMINS entry %q must be corpId:userId with DINGTALK_APP_TYPE=third_party", a)
		}
	}
	return nil
}
