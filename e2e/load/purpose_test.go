package load

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// DingTalk calls by purpose, classified from the emulator's call log by
// endpoint (issue 18, quota economy). The purposes that cost quota are
// control, lookup, refresh and watch; replies through the session webhook
// are not metered, robot sends are. Token and stream calls cost no quota
// and are counted apart.
const (
	purposeControl = "control" // changes a meeting: focus, co-hosts, mute, lock, kick, invite, settings, start/stop
	purposeLookup  = "lookup"  // a cold read: a person, a chat's meeting, its info, its first member list
	purposeRefresh = "refresh" // a meeting's member list again, after the first (its cache expired)
	purposeWatch   = "watch"   // the meeting watcher's batch query
	purposeReply   = "reply"   // session webhook, robot sends, cards
	purposeToken   = "token"   // access tokens (app and per organisation)
	purposeStream  = "stream"  // stream connection registration
)

// purposes in report order.
var purposes = []string{purposeControl, purposeLookup, purposeRefresh, purposeWatch, purposeReply, purposeToken, purposeStream}

const vcPrefix = "/v1.0/conference/videoConferences/"

// classifier sorts one bot's calls by purpose. It remembers the meetings
// whose member list was read, so it must see the bot's calls in order,
// from the bot's start (a new bot starts with cold caches).
type classifier struct {
	members map[string]bool // meetings whose member list was fetched
}

func newClassifier() *classifier { return &classifier{members: map[string]bool{}} }

// count classifies calls and counts them by purpose.
func (cl *classifier) count(calls []dingtalktest.Call) map[string]int {
	n := map[string]int{}
	for _, c := range calls {
		n[cl.purpose(c)]++
	}
	return n
}

func (cl *classifier) purpose(c dingtalktest.Call) string {
	p := c.Path
	switch {
	case p == "/robot/sendBySession", strings.HasPrefix(p, "/v1.0/robot/"), strings.HasPrefix(p, "/v1.0/card/"):
		return purposeReply
	case p == "/v1.0/oauth2/accessToken", p == "/v1.0/oauth2/corpAccessToken", p == "/gettoken":
		return purposeToken
	case p == "/v1.0/gateway/connections/open":
		return purposeStream
	case p == vcPrefix+"query":
		return purposeWatch
	case strings.HasPrefix(p, vcPrefix) && strings.HasSuffix(p, "/members") && c.Method == http.MethodGet:
		return cl.memberList(strings.TrimSuffix(strings.TrimPrefix(p, vcPrefix), "/members"))
	case c.Method == http.MethodGet, strings.HasPrefix(p, "/topapi/"):
		return purposeLookup // info, users/lists, room codes, recordings, notes, contacts
	}
	return purposeControl
}

// memberList is a lookup the first time a meeting's member list is read,
// a refresh after.
func (cl *classifier) memberList(meeting string) string {
	if cl.members[meeting] {
		return purposeRefresh
	}
	cl.members[meeting] = true
	return purposeLookup
}

func TestPurposeOfCalls(t *testing.T) {
	t.Parallel()
	get := func(p string) dingtalktest.Call { return dingtalktest.Call{Method: http.MethodGet, Path: p} }
	post := func(p string) dingtalktest.Call { return dingtalktest.Call{Method: http.MethodPost, Path: p} }
	cl := newClassifier()
	for _, tc := range []struct {
		call dingtalktest.Call
		want string
	}{
		{post("/robot/sendBySession"), purposeReply},
		{post("/v1.0/robot/groupMessages/send"), purposeReply},
		{post("/v1.0/oauth2/corpAccessToken"), purposeToken},
		{post("/v1.0/gateway/connections/open"), purposeStream},
		{post(vcPrefix + "c1/focus"), purposeControl},
		{post(vcPrefix + "c1/coHosts/set"), purposeControl},
		{dingtalktest.Call{Method: http.MethodPut, Path: vcPrefix + "c1"}, purposeControl},
		{get(vcPrefix + "c1"), purposeLookup},
		{get("/v1.0/conference/users/lists"), purposeLookup},
		{get("/v1.0/conference/roomCodes/123/infos"), purposeLookup},
		{post("/topapi/v2/user/get"), purposeLookup},
		{get(vcPrefix + "c1/members"), purposeLookup},
		{get(vcPrefix + "c1/members"), purposeRefresh},
		{get(vcPrefix + "c2/members"), purposeLookup},
		{post(vcPrefix + "query"), purposeWatch},
	} {
		assert.Equal(t, tc.want, cl.purpose(tc.call), "%s %s", tc.call.Method, tc.call.Path)
	}
}
