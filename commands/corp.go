package commands

import (
	"context"
	"strings"

	"github.com/meetbot/meetbot/internal/corpctx"
)

// Serving many organisations (a third-party app): every command runs for
// the organisation its message came from (Request.CorpID). Handle puts it
// on the context with internal/corpctx, the one key the DingTalk client reads
// to call with that organisation's token; every stored key includes it too.

// CorpID returns the organisation (chatbotCorpId, or a card callback's
// corpId) of the request being handled, as Handle put it in ctx; "" outside
// Handle.
func CorpID(ctx context.Context) string { return corpctx.From(ctx) }

// msgNotAuthorized answers a request from an organisation that has not
// authorised the app (ErrAppNotAuthorized).
var msgNotAuthorized = Text{
	"meetbot must be (re)authorised for your organisation — ask your admin to install/authorise it.",
	"meetbot 需要本组织（重新）授权后才能使用，请联系管理员安装或授权。",
}

// notAuthorized is the reply to ErrAppNotAuthorized. It is not a failure
// of the bot: the one log line about it comes from the DingTalk client.
func notAuthorized(lang Lang) Reply {
	return Reply{Text: msgNotAuthorized.In(lang), Outcome: Refused}
}

// isAdminIn reports whether p may control any meeting of organisation
// corp: MEETBOT_ADMINS lists "corpId:userId" (any app) or a bare userId
// (internal apps, whose only organisation is implied; config refuses bare
// ones for third-party apps). A userId with a colon never matches a bare
// entry, so no organisation can name a user after another's admin entry.
func (r *Registry) isAdminIn(corp string, p Person) bool {
	switch {
	case p.UserID == "":
		return false
	case r.admins[corp+":"+p.UserID]:
		return true
	}
	return !strings.Contains(p.UserID, ":") && r.admins[p.UserID]
}
