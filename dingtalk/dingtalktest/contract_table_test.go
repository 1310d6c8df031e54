package dingtalktest

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContractTableCoversTheModels(t *testing.T) {
	t.Parallel()
	actions := map[string]bool{}
	for _, c := range contractTable() {
		assert.Contains(t, []string{"GET", "POST", "PUT", "DELETE"}, c.method, c.action)
		assert.True(t, strings.HasPrefix(c.path, "/v1.0/"), c.action)
		actions[c.action] = true
	}
	assert.Len(t, actions, modelActions+len(referenceContracts()), "every endpoint of the official SDK's models, once")
	for _, rt := range (&Server{}).routeTable() {
		if rt.pattern == "/" || (rt.kind != kindV1 && rt.kind != kindOpen) {
			continue
		}
		assert.Contains(t, contracts, rt.pattern, "served v1.0 route without a contract")
	}
}

func TestParseField(t *testing.T) {
	t.Parallel()
	f := parseField("userList[].unionId:s")
	assert.Equal(t, fieldSpec{segs: []string{"userList", "[]", "unionId"}, name: "userList.unionId", kind: fString}, f)
	for _, bad := range []string{"unionId", "unionId:x", ":s", "a..b:s", "[]:a"} {
		assert.Panics(t, func() { parseField(bad) }, bad)
	}
}

// TestContractUnservedEndpoints checks contracts of endpoints the emulator
// does not serve yet, straight through checkQuery/checkBody.
func TestContractUnservedEndpoints(t *testing.T) {
	t.Parallel()
	const sched = "/v1.0/conference/scheduleConferences"
	tests := []struct {
		name, route, query, body string
		missing, bad             string // want Missing<missing>, or paramsError mentioning bad
	}{
		{"invitee without nick", "POST " + vcOne + "/users/invite", "", `{"inviteeList":[{"unionId":"u"}]}`, "inviteeList.nick", ""},
		{"invitee list optional", "POST " + vcOne + "/users/invite", "", `{"unionId":"u"}`, "", ""},
		{"invitee list not a list", "POST " + vcOne + "/users/invite", "", `{"inviteeList":{"nick":"n"}}`, "", "inviteeList"},
		{"history times", "GET " + vcBase + "/histories/dataLists", "startTime=1&endTime=2&realData=true", "", "", ""},
		{"history no realData", "GET " + vcBase + "/histories/dataLists", "startTime=1&endTime=2", "", "realData", ""},
		{"history bad int", "GET " + vcBase + "/histories/dataLists", "startTime=x&endTime=2&realData=true", "", "", "startTime"},
		{"history bad bool", "GET " + vcBase + "/histories/dataLists", "startTime=1&endTime=2&realData=yes", "", "", "realData"},
		{"record SDK example mode", "POST " + vcOne + "/cloudRecords/start", "", `{"unionId":"u","mode":"演讲"}`, "", "mode"},
		{"record position", "POST " + vcOne + "/cloudRecords/start", "", `{"unionId":"u","mode":"grid","smallWindowPosition":"左上"}`, "", "smallWindowPosition"},
		{"record ok", "POST " + vcOne + "/cloudRecords/start", "", `{"unionId":"u","mode":"speech","smallWindowPosition":"float_right"}`, "", ""},
		{"stream out bool false is present", "POST " + vcOne + "/streamOuts/stop", "", `{"unionId":"u","streamId":"s","stopAllStream":false}`, "", ""},
		{"stream out bool as string", "POST " + vcOne + "/streamOuts/stop", "", `{"unionId":"u","streamId":"s","stopAllStream":"true"}`, "", "stopAllStream"},
		{"schedule int as string", "POST " + sched, "", `{"creatorUnionId":"u","title":"t","startTime":"1","endTime":2}`, "", "startTime"},
		{"schedule muteOnJoin", "POST " + sched, "", `{"creatorUnionId":"u","title":"t","startTime":1,"endTime":2,"scheduleConfSettingModel":{"muteOnJoin":5}}`, "", "muteOnJoin"},
		{"schedule waitingRoom", "PUT " + sched + "/settings", "", `{"creatorUnionId":"u","scheduleConferenceId":"s","scheduleConfSettingModel":{"moziConfVirtualExtraSetting":{"waitingRoom":2}}}`, "", "waitingRoom"},
		{"schedule autoOpenMode", "PUT " + sched + "/settings", "", `{"creatorUnionId":"u","scheduleConferenceId":"s","scheduleConfSettingModel":{"moziConfVirtualExtraSetting":{"moziConfExtensionAppSettings":[{"autoOpenMode":0},{"autoOpenMode":3}]}}}`, "", "autoOpenMode"},
		{"ding empty map", "POST /v1.0/robot/dingMessages/send", "", `{"contentParams":{},"dingTemplateId":"d","openConversationId":"c","receiverUserIdList":["u"],"robotCode":"r"}`, "contentParams", ""},
		{"card userIdType as text", "POST /v1.0/card/instances/deliver", "", `{"openSpaceId":"o","outTrackId":"t","userIdType":"1"}`, "", "userIdType"},
		{"card userIdType fraction", "POST /v1.0/card/instances/deliver", "", `{"openSpaceId":"o","outTrackId":"t","userIdType":1.0}`, "", "userIdType"},
		{"empty body", "POST " + vcOne + "/focus", "", ``, "action", ""},
		{"null body", "POST " + vcOne + "/focus", "", `null`, "action", ""},
		{"nulls are missing", "POST " + vcOne + "/focus", "", `{"action":null,"unionId":"u"}`, "action", ""},
		{"missing beats bad enum", "POST " + vcOne + "/focus", "", `{"action":"zoom"}`, "unionId", ""},
		{"not json", "POST " + vcOne + "/focus", "", `action=focus`, "", "json"},
		{"trailing data", "POST " + vcOne + "/focus", "", `{"action":"focus","unionId":"u"} {}`, "", "json"},
		{"list item not an object", "POST " + vcOne + "/coHosts/set", "", `{"action":"add","userList":["u"]}`, "", "userList.unionId"},
		{"no checks", "PUT " + vcOne + "/extInfo", "", `not even json`, "", ""},
	}
	for _, tc := range tests {
		c, ok := contracts[tc.route]
		require.True(t, ok, tc.route)
		q, err := url.ParseQuery(tc.query)
		require.NoError(t, err)
		v := c.checkQuery(q)
		if v == nil {
			v = c.checkBody([]byte(tc.body))
		}
		switch {
		case tc.missing != "":
			require.NotNil(t, v, tc.name)
			assert.Equal(t, tc.missing, v.missing, tc.name)
		case tc.bad != "":
			require.NotNil(t, v, tc.name)
			assert.Empty(t, v.missing, tc.name)
			assert.Contains(t, v.reason, tc.bad, tc.name)
		default:
			assert.Nil(t, v, tc.name)
		}
	}
}
