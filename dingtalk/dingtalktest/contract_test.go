package dingtalktest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// servedCase is one served route: a complete request, and, written out
// from the references independently of contract_table.go, the fields it
// requires and a bad value for each enumerated field.
type servedCase struct {
	name, method, path string // path: "{id}" = a live meeting's conferenceId
	body               string // JSON of a complete request ("" = none)
	query, required    []string
	enums              map[string]any // field → a value outside its list
	resp               []string       // keys the success answer must carry
	prep               []string       // calls on the meeting by its host first, e.g. "/cloudRecords/start"
}

var vcID = vcPath + "{id}"

var servedCases = []servedCase{
	{name: "accessToken", method: "POST", path: "/v1.0/oauth2/accessToken",
		body: `{"appKey":"dingemulatorapp","appSecret":"emulator-secret"}`, required: []string{"appKey"},
		resp: []string{"accessToken", "expireIn"}},
	{name: "corpAccessToken", method: "POST", path: "/v1.0/oauth2/corpAccessToken",
		body:     `{"suiteKey":"dingemulatorapp","suiteSecret":"emulator-secret","authCorpId":"dingemucorp","suiteTicket":"t1"}`,
		required: []string{"authCorpId", "suiteKey", "suiteSecret", "suiteTicket"}, resp: []string{"accessToken", "expireIn"}},
	{name: "gateway", method: "POST", path: "/v1.0/gateway/connections/open",
		body:     `{"clientId":"dingemulatorapp","clientSecret":"emulator-secret","subscriptions":[{"type":"CALLBACK","topic":"/v1.0/im/bot/messages/get"}]}`,
		required: []string{"clientId", "clientSecret", "subscriptions", "subscriptions.type", "subscriptions.topic"},
		enums:    map[string]any{"subscriptions.type": "callback"}, resp: []string{"endpoint", "ticket"}},
	{name: "create", method: "POST", path: "/v1.0/conference/videoConferences",
		body: `{"userId":"union-alice","confTitle":"Standup"}`, required: []string{"confTitle", "userId"},
		resp: []string{"conferenceId"}},
	{name: "close", method: "DELETE", path: vcID + "?unionId=union-alice", query: []string{"unionId"},
		resp: []string{"code", "cause"}},
	{name: "info", method: "GET", path: vcID, resp: []string{"confInfo"}},
	{name: "members", method: "GET", path: vcID + "/members", resp: []string{"memberModels", "totalCount"}},
	{name: "focus", method: "POST", path: vcID + "/focus", body: `{"action":"focus","unionId":"union-carol"}`,
		required: []string{"action", "unionId"}, enums: map[string]any{"action": "unfocus"}, resp: []string{"success"}},
	{name: "coHosts", method: "POST", path: vcID + "/coHosts/set",
		body: `{"action":"add","userList":[{"unionId":"union-carol"}]}`, required: []string{"action", "userList", "userList.unionId"},
		enums: map[string]any{"action": "promote"}, resp: []string{"success"}},
	{name: "muteAll", method: "POST", path: vcID + "/allMembers/mute", body: `{"action":"mute","forceMute":true}`,
		required: []string{"action"}, enums: map[string]any{"action": "unmute"}, resp: []string{"success"}},
	{name: "muteMembers", method: "POST", path: vcID + "/members/mute",
		body: `{"action":"un_mute","userList":[{"unionId":"union-bob"}]}`, required: []string{"action", "userList", "userList.unionId"},
		enums: map[string]any{"action": "silence"}, resp: []string{"success"}},
	{name: "kick", method: "POST", path: vcID + "/members/kick",
		body:     `{"userList":[{"unionId":"union-carol","participantId":"p1"}],"forbiddenRejoin":false}`,
		required: []string{"userList", "userList.unionId"}, resp: []string{"success"}},
	{name: "lock", method: "POST", path: vcID + "/lock", body: `{"action":"unlock"}`,
		required: []string{"action"}, enums: map[string]any{"action": "locked"}, resp: []string{"success"}},
	{name: "users/lists", method: "GET", path: "/v1.0/conference/users/lists?unionId=union-bob", query: []string{"unionId"},
		resp: []string{"onGoingConfIdList", "memberModelMap"}},
	{name: "roomCode", method: "GET", path: "/v1.0/conference/roomCodes/123456789/infos", resp: []string{"conferenceList", "totalCount"}},
	{name: "groupSend", method: "POST", path: "/v1.0/robot/groupMessages/send",
		body:     `{"robotCode":"dingemulatorapp","openConversationId":"cidOps==","msgKey":"sampleText","msgParam":"{\"content\":\"hi\"}"}`,
		required: []string{"msgKey", "msgParam"}, enums: map[string]any{"msgKey": "sampleActionCard1"}, resp: []string{"processQueryKey"}},
	{name: "otoSend", method: "POST", path: "/v1.0/robot/oToMessages/batchSend",
		body:     `{"robotCode":"dingemulatorapp","userIds":["bob"],"msgKey":"sampleMarkdown","msgParam":"{\"title\":\"t\",\"text\":\"x\"}"}`,
		required: []string{"msgKey", "msgParam", "robotCode", "userIds"}, enums: map[string]any{"msgKey": "markdown"},
		resp: []string{"processQueryKey"}},
	{name: "createAndDeliver", method: "POST", path: "/v1.0/card/instances/createAndDeliver",
		body:     `{"cardTemplateId":"tpl","outTrackId":"c2","openSpaceId":"dtv1.card//IM_GROUP.cidOps==","callbackType":"STREAM","userIdType":2,"cardData":{"cardParamMap":{"a":"1"}}}`,
		required: []string{"cardData", "cardTemplateId", "openSpaceId", "outTrackId"},
		enums:    map[string]any{"callbackType": "stream", "userIdType": 3}, resp: []string{"success", "result"}},
	{name: "updateCard", method: "PUT", path: "/v1.0/card/instances",
		body: `{"outTrackId":"c1","userIdType":1,"cardData":{"cardParamMap":{"a":"2"}}}`, required: []string{"outTrackId"},
		enums: map[string]any{"userIdType": 0}, resp: []string{"success", "result"}},
}

// servedFixture is a fresh emulator for one request: a meeting (alice
// hosts, bob and carol present), card c1, suite ticket t1, and a token;
// for the cases that name them, a schedule ({sched}), a ready cloud
// recording ({media}) and AI notes. It returns the placeholders' values.
func servedFixture(t *testing.T, c servedCase) (*Server, *strings.Replacer, string) {
	s := setup(t, Options{ThirdParty: c.name == "corpAccessToken", ProcessingDelay: -1})
	id := s.AddMeeting(MeetingSpec{Title: "Ops", HostUserID: "alice", Members: []string{"bob", "carol"}, RoomCode: "123456789"})
	if c.name == "corpAccessToken" {
		s.PushSuiteTicket("t1")
		return s, strings.NewReplacer("{id}", id), ""
	}
	tok := token(t, s)
	r := do(t, s, "POST", "/v1.0/card/instances/createAndDeliver", tok, map[string]any{"cardTemplateId": "tpl",
		"outTrackId": "c1", "openSpaceId": "dtv1.card//IM_GROUP.cidOps==", "cardData": map[string]any{"cardParamMap": map[string]string{"a": "1"}}})
	require.Equal(t, http.StatusOK, r.status, string(r.raw))
	sched := s.AddSchedule(ScheduleSpec{Title: "Plan", CreatorUserID: "alice", Start: time.Now().Add(time.Hour), End: time.Now().Add(2 * time.Hour)})
	media := ""
	for _, p := range c.prep {
		r := do(t, s, "POST", vcPath+id+p, tok, map[string]string{"unionId": "union-alice"})
		require.Equal(t, http.StatusOK, r.status, string(r.raw))
	}
	if recs := s.Recordings(id); len(recs) > 0 {
		media = recs[0].MediaID
	}
	start := time.Now().Add(time.Hour).UnixMilli()
	return s, strings.NewReplacer("{id}", id, "{sched}", sched, "{media}", media,
		"{start}", strconv.FormatInt(start, 10), "{end}", strconv.FormatInt(start+3600_000, 10)), tok
}

// send sends the case's request, body changed by edit (nil = complete) and
// query by editQ.
func (c servedCase) send(t *testing.T, edit func(map[string]any), editQ func(url.Values)) response {
	t.Helper()
	s, fill, tok := servedFixture(t, c)
	path, body := c.build(t, fill, edit, editQ)
	return do(t, s, c.method, path, tok, body)
}

// build fills the case's placeholders and applies edit and editQ.
func (c servedCase) build(t *testing.T, fill *strings.Replacer, edit func(map[string]any), editQ func(url.Values)) (string, any) {
	t.Helper()
	path, rawQ, _ := strings.Cut(fill.Replace(c.path), "?")
	q, err := url.ParseQuery(rawQ)
	require.NoError(t, err)
	if editQ != nil {
		editQ(q)
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	if c.body == "" {
		return path, nil
	}
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(fill.Replace(c.body)), &doc))
	if edit != nil {
		edit(doc)
	}
	return path, doc
}

func TestContractServedRoutesComplete(t *testing.T) {
	t.Parallel()
	for _, c := range servedCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := c.send(t, nil, nil)
			require.Equal(t, http.StatusOK, r.status, string(r.raw))
			for _, k := range c.resp {
				assert.Contains(t, r.body, k)
			}
			ct, ok := contracts[c.method+" "+routeOf(c)]
			require.True(t, ok, "served route has a contract")
			for _, f := range ct.resp {
				assert.Contains(t, r.body, f.name, "required response field")
			}
		})
	}
}

func TestContractServedRoutesMissing(t *testing.T) {
	t.Parallel()
	for _, c := range servedCases {
		for _, field := range c.required {
			for _, v := range []any{nil, "", []any{}, map[string]any{}} {
				name := c.name + "/" + field + "=" + jsonText(v)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					r := c.send(t, func(doc map[string]any) { setPath(doc, field, v) }, nil)
					assert.Equal(t, http.StatusBadRequest, r.status, string(r.raw))
					assert.Equal(t, "Missing"+field, r.str("code"))
					assert.Equal(t, field+" is mandatory for this action.", r.str("message"))
					assert.NotEmpty(t, r.str("requestid"))
				})
			}
		}
		for _, key := range c.query {
			for _, del := range []bool{true, false} {
				t.Run(c.name+"/?"+key+map[bool]string{true: "=absent", false: "="}[del], func(t *testing.T) {
					t.Parallel()
					r := c.send(t, nil, func(q url.Values) {
						if q.Del(key); !del {
							q.Set(key, "")
						}
					})
					assert.Equal(t, http.StatusBadRequest, r.status, string(r.raw))
					assert.Equal(t, "Missing"+key, r.str("code"))
				})
			}
		}
	}
}

func TestContractServedRoutesEnums(t *testing.T) {
	t.Parallel()
	for _, c := range servedCases {
		for field, bad := range c.enums {
			t.Run(c.name+"/"+field, func(t *testing.T) {
				t.Parallel()
				r := c.send(t, func(doc map[string]any) { setPath(doc, field, bad) }, nil)
				assert.Equal(t, http.StatusBadRequest, r.status, string(r.raw))
				assert.Equal(t, "paramsError", r.str("code"))
				assert.True(t, strings.HasPrefix(r.str("message"), "error:"), r.str("message"))
			})
		}
	}
}

// TestContractTableMatchesServedCases: the table (transcribed from the
// models) and the cases above (written from the references) name the same
// required fields and enums for every served route.
func TestContractTableMatchesServedCases(t *testing.T) {
	t.Parallel()
	for _, c := range servedCases {
		ct, ok := contracts[c.method+" "+routeOf(c)]
		require.True(t, ok, c.name)
		var body, query, enums []string
		for _, f := range ct.body {
			body = append(body, f.name)
		}
		for _, f := range ct.query {
			query = append(query, f.name)
		}
		for _, e := range ct.enums {
			enums = append(enums, e.field.name)
		}
		assert.ElementsMatch(t, c.required, body, c.name)
		assert.ElementsMatch(t, c.query, query, c.name)
		assert.ElementsMatch(t, keys(c.enums), enums, c.name)
	}
}

// routeOf is the ServeMux pattern path of a case's route.
func routeOf(c servedCase) string {
	path, _, _ := strings.Cut(c.path, "?")
	path = strings.ReplaceAll(path, "{id}", "{conferenceId}")
	path = strings.ReplaceAll(path, "{sched}", "{scheduleConferenceId}")
	return strings.ReplaceAll(path, "/roomCodes/123456789/", "/roomCodes/{roomCode}/")
}

// setPath sets a dotted field (into every item of a list, or into the
// object, on the way); a nil value deletes the key.
func setPath(doc map[string]any, path string, v any) {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		if v == nil {
			delete(doc, head)
		} else {
			doc[head] = v
		}
		return
	}
	if obj, ok := doc[head].(map[string]any); ok {
		setPath(obj, rest, v)
		return
	}
	for _, item := range doc[head].([]any) {
		setPath(item.(map[string]any), rest, v)
	}
}

func jsonText(v any) string {
	if v == nil {
		return "absent"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func keys(m map[string]any) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	return out
}
